import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { StsRoleCredentials } from '#adapters/aws/sts-role-credentials.ts';
import { parseAccountRole } from '#core/clusters/account-roles.ts';
import { ClusterAccessError } from '#core/errors.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';

const ROLE = parseAccountRole('arn:aws:iam::210987654321:role/eks-sg-advisor-reader|ext-7f3a');
const CLUSTER = '210987654321/eu-west-1/payments';

/** An STS client against moto that records each AssumeRole request. */
function recordingSts(): { sts: STSClient; requests: Record<string, unknown>[] } {
  const sts = new STSClient(testClientConfig);
  const requests: Record<string, unknown>[] = [];
  sts.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'AssumeRoleCommand') {
        requests.push(args.input as Record<string, unknown>);
      }
      return next(args);
    },
    { step: 'initialize', name: 'recordAssumeRole' },
  );
  return { sts, requests };
}

describe('StsRoleCredentials against moto_server', () => {
  it('assumes the role of another account: the credentials identify as that account', async () => {
    // Prepare
    const { sts, requests } = recordingSts();
    const roles = new StsRoleCredentials(sts, new FakeClock(Date.now()));
    // Act
    const credentials = await roles.credentials(ROLE, 'eks-sg-advisor-payments', CLUSTER);
    const asRole = new STSClient({ ...testClientConfig, credentials });
    const identity = await asRole.send(new GetCallerIdentityCommand({}));
    // Assess
    expect(identity.Account).toBe('210987654321');
    expect(identity.Arn).toContain('eks-sg-advisor-reader/eks-sg-advisor-payments');
    expect(requests).toEqual([
      {
        RoleArn: ROLE.roleArn,
        RoleSessionName: 'eks-sg-advisor-payments',
        ExternalId: 'ext-7f3a',
        DurationSeconds: 3600,
      },
    ]);
    asRole.destroy();
    sts.destroy();
  });

  it('reuses a session’s credentials until five minutes before they expire, sharing one call between concurrent callers', async () => {
    // Prepare
    const { sts, requests } = recordingSts();
    const clock = new FakeClock(Date.now());
    const roles = new StsRoleCredentials(sts, clock);
    const provider = roles.provider(ROLE, 'eks-sg-advisor-payments', CLUSTER);
    // Act
    const [a, b] = await Promise.all([provider(), provider()]);
    const cached = await provider();
    clock.set(a.expiration.getTime() - 299_000);
    const renewed = await provider();
    // Assess
    expect(requests).toHaveLength(2);
    expect(b).toBe(a);
    expect(cached).toBe(a);
    expect(renewed).not.toBe(a);
    sts.destroy();
  });

  it('names the cluster and the role when AssumeRole fails, and tries again at the next call', async () => {
    // Prepare: a closed port stands for an STS that refuses.
    const sts = new STSClient({ ...testClientConfig, endpoint: 'http://127.0.0.1:9' });
    const roles = new StsRoleCredentials(sts, new FakeClock(Date.now()));
    // Act
    const first = roles.credentials(ROLE, 'eks-sg-advisor-payments', CLUSTER);
    const second = roles.credentials(ROLE, 'eks-sg-advisor-payments', CLUSTER);
    // Assess: both awaited at once (a rejection nothing awaits yet is an unhandled one).
    await Promise.all([
      expect(first).rejects.toThrow(ClusterAccessError),
      expect(second).rejects.toThrow(ClusterAccessError),
    ]);
    await expect(first).rejects.toThrow(
      `cannot reach cluster ${CLUSTER}: AssumeRole ${ROLE.roleArn} failed: `,
    );
    sts.destroy();
  });
});
