import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadEnableLoggingConfig } from '#config/load-config.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { captureOutput, emfPoints } from '#test/helpers/capture-output.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { lambdaContext } from '#test/helpers/lambda-context.ts';
import { createCluster } from '#test/helpers/moto-eks.ts';

vi.hoisted(() => {
  process.env.CLUSTERS ??= 'shop';
});
const { makeHandler } = await import('#functions/enable-logging.ts');

let eks: EKSClient;
let logs: CloudWatchLogsClient;
let ec2: EC2Client;

beforeEach(() => {
  eks = new EKSClient(testClientConfig);
  logs = new CloudWatchLogsClient(testClientConfig);
  ec2 = new EC2Client(testClientConfig);
});

afterEach(() => {
  eks.destroy();
  logs.destroy();
  ec2.destroy();
});

function handlerFor(clusters: string) {
  return makeHandler({
    config: loadEnableLoggingConfig({
      CLUSTERS: clusters,
      LOG_RETENTION_DAYS: '14',
      SERVICE_NAME: 'eks-sg-advisor-test',
    }),
    clients: { eks, logs, ec2, sts: () => new STSClient(testClientConfig) },
    clock: new FakeClock(Date.UTC(2026, 10, 28, 15)),
    clientConfig: { maxAttempts: 1 },
  });
}

async function retentionOf(group: string): Promise<number | undefined> {
  const { logGroups } = await logs.send(
    new DescribeLogGroupsCommand({ logGroupNamePrefix: group }),
  );
  return logGroups?.find((g) => g.logGroupName === group)?.retentionInDays;
}

describe('enableLogging handler (middy chain) against moto_server', () => {
  it('turns on api logging of every configured cluster and sets the configured retention', async () => {
    // Prepare
    await createCluster(eks, 'shop');
    await createCluster(eks, 'billing');
    const handler = handlerFor('shop,billing');
    // Act
    const { outcome, records } = await captureOutput(() =>
      handler(
        { source: 'aws.events', 'detail-type': 'Scheduled Event' },
        lambdaContext('eks-sg-advisor-test-enableLogging'),
      ),
    );
    // Assess
    expect(
      outcome.ok && outcome.value.clusters.map((r) => [r.cluster, r.logging.state, r.ok]),
    ).toEqual([
      ['shop', 'enabled', true],
      ['billing', 'enabled', true],
    ]);
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: 'billing' }));
    expect(cluster?.logging?.clusterLogging).toEqual([{ types: ['api'], enabled: true }]);
    expect(await retentionOf('/aws/eks/shop/cluster')).toBe(14);
    expect(emfPoints(records)).toContainEqual({
      name: 'EnableLoggingFailures',
      value: 0,
      dimensions: { service: 'eks-sg-advisor-test' },
    });
  });

  it.each([
    ['an on-demand event', { clusters: ['dry'], dryRun: true }],
    [
      'a scheduled event whose detail asks for it',
      { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: { dryRun: true } },
    ],
  ])(
    'changes nothing in a dry run asked by %s, and lists what it would change',
    async (_shape, event) => {
      // Prepare
      await createCluster(eks, 'dry');
      const handler = handlerFor('dry');
      // Act
      const { outcome } = await captureOutput(() =>
        handler(event, lambdaContext('eks-sg-advisor-test-enableLogging')),
      );
      // Assess
      expect(outcome.ok && outcome.value.dryRun).toBe(true);
      expect(outcome.ok && outcome.value.skipped?.map((change) => change.operation)).toEqual([
        'UpdateClusterConfig',
        'CreateLogGroup',
        'PutRetentionPolicy',
      ]);
      const { cluster } = await eks.send(new DescribeClusterCommand({ name: 'dry' }));
      expect(cluster?.logging?.clusterLogging?.some((entry) => entry.enabled)).not.toBe(true);
      expect(await retentionOf('/aws/eks/dry/cluster')).toBeUndefined();
    },
  );

  it('works on the clusters an on-demand event names, and fails naming a missing cluster after doing the others', async () => {
    // Prepare
    await createCluster(eks, 'shop');
    const handler = handlerFor('gone,shop,billing');
    // Act
    const { outcome, records } = await captureOutput(() =>
      handler({ clusters: ['gone', 'shop'] }, lambdaContext('eks-sg-advisor-test-enableLogging')),
    );
    // Assess
    expect(outcome.ok ? null : String(outcome.error)).toMatch(
      /ClusterRunsFailedError: 1 of 2 cluster\(s\) failed: gone: DescribeCluster: cluster gone not found/,
    );
    expect(records).toContainEqual(
      expect.objectContaining({ message: 'cluster logging', cluster: 'shop', ok: true }),
    );
    expect(await retentionOf('/aws/eks/billing/cluster')).toBeUndefined();
  });
});
