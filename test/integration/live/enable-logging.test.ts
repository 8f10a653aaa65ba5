import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { describe, expect, it } from 'vitest';
import { CloudWatchLogRetention } from '#adapters/aws/cloudwatch-log-retention.ts';
import { EksClusterControl } from '#adapters/aws/eks-cluster-control.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { enableApiLogging } from '#app/enable-logging/enable-api-logging.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { runCliCaptured } from '#test/helpers/cli-io.ts';
import { createCluster } from '#test/helpers/moto-eks.ts';

function clients() {
  const eks = new EKSClient(testClientConfig);
  const logs = new CloudWatchLogsClient(testClientConfig);
  const deps = {
    eks: new EksClusterControl(eks),
    logs: new CloudWatchLogRetention(logs),
    clock: systemClock,
  };
  return { eks, logs, deps };
}

async function loggingOf(eks: EKSClient, name: string) {
  const { cluster } = await eks.send(new DescribeClusterCommand({ name }));
  return cluster?.logging?.clusterLogging;
}

async function retentionOf(
  logs: CloudWatchLogsClient,
  group: string,
): Promise<number | null | 'missing'> {
  const { logGroups } = await logs.send(
    new DescribeLogGroupsCommand({ logGroupNamePrefix: group }),
  );
  const found = logGroups?.find((g) => g.logGroupName === group);
  return found ? (found.retentionInDays ?? null) : 'missing';
}

describe('enableApiLogging against moto_server', () => {
  it('turns api logging on with a request that names only api, and creates the log group with 30 days', async () => {
    // Prepare
    const { eks, logs, deps } = clients();
    await createCluster(eks, 'off');
    // Act
    const result = await enableApiLogging(deps, 'off');
    // Assess
    expect(result).toEqual({
      cluster: 'off',
      // moto returns no `update` object, so the adapter confirms on DescribeCluster.
      logging: { state: 'enabled', updateId: null },
      retention: { state: 'set', days: 30, previousDays: null, createdGroup: true },
      ok: true,
    });
    // moto replaces the logging object wholesale with what was sent: it shows the exact request.
    expect(await loggingOf(eks, 'off')).toEqual([{ types: ['api'], enabled: true }]);
    expect(await retentionOf(logs, '/aws/eks/off/cluster')).toBe(30);
  });

  it('changes nothing on a cluster whose api logging is already on', async () => {
    // Prepare
    const { eks, logs, deps } = clients();
    const logging = [
      { types: ['api' as const, 'audit' as const], enabled: true },
      { types: ['scheduler' as const], enabled: false },
    ];
    await createCluster(eks, 'on', logging);
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/eks/on/cluster' }));
    await logs.send(
      new PutRetentionPolicyCommand({ logGroupName: '/aws/eks/on/cluster', retentionInDays: 90 }),
    );
    // Act
    const result = await enableApiLogging(deps, 'on');
    // Assess
    expect(result).toMatchObject({
      ok: true,
      logging: { state: 'already-enabled' },
      retention: { state: 'kept', days: 90 },
    });
    expect(await loggingOf(eks, 'on')).toEqual(logging);
    expect(await retentionOf(logs, '/aws/eks/on/cluster')).toBe(90);
  });

  it('replaces an existing retention only with --force-retention semantics', async () => {
    // Prepare
    const { eks, logs, deps } = clients();
    await createCluster(eks, 'forced', [{ types: ['api'], enabled: true }]);
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/eks/forced/cluster' }));
    await logs.send(
      new PutRetentionPolicyCommand({
        logGroupName: '/aws/eks/forced/cluster',
        retentionInDays: 365,
      }),
    );
    // Act
    const result = await enableApiLogging(deps, 'forced', {
      forceRetention: true,
      retentionDays: 14,
    });
    // Assess
    expect(result.retention).toEqual({
      state: 'set',
      days: 14,
      previousDays: 365,
      createdGroup: false,
    });
    expect(await retentionOf(logs, '/aws/eks/forced/cluster')).toBe(14);
  });

  it('leaves an unlimited group alone when audit logs already write to it', async () => {
    // Prepare
    const { eks, logs, deps } = clients();
    await createCluster(eks, 'audited', [{ types: ['audit'], enabled: true }]);
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/eks/audited/cluster' }));
    // Act
    const result = await enableApiLogging(deps, 'audited');
    // Assess
    expect(result.retention).toEqual({ state: 'kept-unbounded', otherTypes: ['audit'] });
    expect(await retentionOf(logs, '/aws/eks/audited/cluster')).toBeNull();
  });

  it('reports a cluster that does not exist as failed', async () => {
    // Prepare
    const { deps } = clients();
    // Act
    const result = await enableApiLogging(deps, 'ghost');
    // Assess
    expect(result).toMatchObject({
      ok: false,
      retention: null,
      logging: { state: 'failed', message: expect.stringMatching(/cluster ghost not found/) },
    });
  });
});

describe('eks-sg-advisor enable-logging against moto_server', () => {
  it('reports each cluster on its own line, goes on after a failure and exits 1', async () => {
    // Prepare
    const { eks, logs } = clients();
    await createCluster(eks, 'alpha');
    await createCluster(eks, 'beta', [{ types: ['api'], enabled: true }]);
    // Act
    const { code, stdout } = await runCliCaptured([
      'enable-logging',
      '--cluster',
      'alpha',
      '--cluster',
      'ghost',
      '--cluster',
      'beta',
      '--wait',
      '--retention-days',
      '7',
    ]);
    // Assess
    expect(code).toBe(1);
    expect(stdout.trimEnd().split('\n')).toEqual([
      'alpha: ok: api logging enabled; retention set to 7 days (log group created)',
      expect.stringMatching(
        /^ghost: FAILED: api logging failed: DescribeCluster: cluster ghost not found/,
      ),
      'beta: ok: api logging already enabled; retention set to 7 days (log group created)',
    ]);
    expect(await retentionOf(logs, '/aws/eks/alpha/cluster')).toBe(7);
  });

  it('with --index-log-stream also puts the @logStream index policy, reporting a refusal on its own line and exiting 1 (moto has no PutIndexPolicy)', async () => {
    // Prepare
    const { eks } = clients();
    await createCluster(eks, 'delta', [{ types: ['api'], enabled: true }]);
    // Act
    const { code, stdout } = await runCliCaptured([
      'enable-logging',
      '--cluster',
      'delta',
      '--index-log-stream',
    ]);
    // Assess
    expect(code).toBe(1);
    expect(stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^delta: ok: api logging already enabled/),
      expect.stringMatching(/^delta: @logStream index policy failed: PutIndexPolicy: /),
    ]);
  });

  it('exits 0 and prints JSON when every cluster is fine', async () => {
    // Prepare
    const { eks } = clients();
    await createCluster(eks, 'gamma', [{ types: ['api'], enabled: true }]);
    // Act
    const { code, stdout } = await runCliCaptured([
      'enable-logging',
      '--cluster',
      'gamma',
      '--format',
      'json',
    ]);
    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      cluster: 'gamma',
      ok: true,
      logging: { state: 'already-enabled' },
    });
  });

  it('rejects a retention CloudWatch does not accept with exit 2 before calling AWS', async () => {
    // Prepare
    const { eks } = clients();
    await createCluster(eks, 'delta');
    // Act
    const { code, stderr } = await runCliCaptured([
      'enable-logging',
      '--cluster',
      'delta',
      '--retention-days',
      '10',
    ]);
    // Assess
    expect(code).toBe(2);
    expect(stderr).toMatch(/--retention-days must be one of 1, 3, 5/);
    expect(await loggingOf(eks, 'delta')).toEqual([
      {
        types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
        enabled: false,
      },
    ]);
  });
});
