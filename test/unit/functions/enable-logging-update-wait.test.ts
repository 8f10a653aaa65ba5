import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeClusterCommand,
  DescribeUpdateCommand,
  EKSClient,
  UpdateClusterConfigCommand,
} from '@aws-sdk/client-eks';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loadEnableLoggingConfig } from '#config/load-config.ts';
import { ClusterRunsFailedError } from '#core/errors.ts';
import { captureOutput } from '#test/helpers/capture-output.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { lambdaContext } from '#test/helpers/lambda-context.ts';

vi.hoisted(() => {
  process.env.CLUSTERS ??= 'shop';
});
const { makeHandler } = await import('#functions/enable-logging.ts');

const eks = mockClient(EKSClient);
const logs = mockClient(CloudWatchLogsClient);

beforeEach(() => {
  eks.reset();
  logs.reset();
  eks.on(DescribeClusterCommand).resolves({
    cluster: { name: 'shop', status: 'ACTIVE', logging: { clusterLogging: [] } },
  });
  eks
    .on(UpdateClusterConfigCommand)
    .resolves({ update: { id: 'upd-7', status: 'InProgress', type: 'LoggingUpdate' } });
  logs.on(DescribeLogGroupsCommand).resolves({
    logGroups: [{ logGroupName: '/aws/eks/shop/cluster', retentionInDays: 14 }],
  });
  logs.on(PutRetentionPolicyCommand).resolves({});
});

async function invoke(remainingMs = 60_000) {
  const region = { region: 'us-east-1' };
  const handler = makeHandler({
    config: loadEnableLoggingConfig({ CLUSTERS: 'shop', SERVICE_NAME: 'eks-sg-advisor-test' }),
    clients: {
      eks: new EKSClient(region),
      logs: new CloudWatchLogsClient(region),
      ec2: new EC2Client(region),
      sts: () => new STSClient(region),
    },
    clock: new FakeClock(Date.UTC(2026, 10, 28, 15)),
  });
  return captureOutput(() =>
    handler({}, lambdaContext('eks-sg-advisor-test-enableLogging', remainingMs)),
  );
}

// moto applies UpdateClusterConfig at once and has no DescribeUpdate, so it cannot produce a
// Failed or Cancelled update: EKS is mocked here (aws-sdk-client-mock).
describe('enableLogging handler following UpdateClusterConfig (EKS mocked: moto cannot fail an update)', () => {
  it.each(['Failed', 'Cancelled'] as const)(
    'fails the run with the update’s errors when DescribeUpdate ends %s, instead of reporting logging enabled',
    async (status) => {
      // Prepare
      eks
        .on(DescribeUpdateCommand)
        .resolvesOnce({ update: { id: 'upd-7', status: 'InProgress' } })
        .resolves({
          update: {
            id: 'upd-7',
            status,
            errors: [
              {
                errorCode: 'InsufficientFreeAddresses',
                errorMessage: 'subnet-0abc has too few free IP addresses',
              },
            ],
          },
        });

      // Act
      const { outcome } = await invoke();

      // Assess
      expect(outcome.ok).toBe(false);
      const error = outcome.ok ? null : outcome.error;
      expect(error).toBeInstanceOf(ClusterRunsFailedError);
      expect((error as ClusterRunsFailedError).failures).toEqual([
        {
          cluster: 'shop',
          message: `update upd-7 ended ${status}: InsufficientFreeAddresses: subnet-0abc has too few free IP addresses`,
        },
      ]);
      expect(eks.commandCalls(DescribeUpdateCommand)).toHaveLength(2);
    },
  );

  it('reports enabled only once DescribeUpdate says Successful', async () => {
    // Prepare
    eks
      .on(DescribeUpdateCommand)
      .resolvesOnce({ update: { id: 'upd-7', status: 'InProgress' } })
      .resolves({ update: { id: 'upd-7', status: 'Successful' } });

    // Act
    const { outcome } = await invoke();

    // Assess
    expect(outcome.ok && outcome.value.clusters.map((r) => r.logging)).toEqual([
      { state: 'enabled', updateId: 'upd-7' },
    ]);
  });

  it('stops waiting before the invocation runs out and leaves the update pending for the next run', async () => {
    // Prepare
    eks.on(DescribeUpdateCommand).resolves({ update: { id: 'upd-7', status: 'InProgress' } });

    // Act
    const { outcome } = await invoke(40_000);

    // Assess
    expect(outcome.ok && outcome.value.clusters.map((r) => [r.logging.state, r.ok])).toEqual([
      ['pending', true],
    ]);
    expect(outcome.ok && outcome.value.clusters[0]?.logging).toMatchObject({
      reason: 'wait-timed-out',
      updateId: 'upd-7',
    });
  });
});
