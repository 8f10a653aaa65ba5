import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { CloudWatchLogRetention } from '#adapters/aws/cloudwatch-log-retention.ts';
import { EksClusterControl } from '#adapters/aws/eks-cluster-control.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { enableApiLoggingForClusters } from '#app/enable-logging/enable-api-logging.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { runCliCaptured } from '#test/helpers/cli-io.ts';
import { throughProxy, withEndpoint } from '#test/helpers/fault-clients.ts';
import { FaultProxy } from '#test/helpers/fault-proxy.ts';
import { createCluster } from '#test/helpers/moto-eks.ts';
import { failOnUnhandledRejections } from '#test/helpers/unhandled-rejections.ts';

failOnUnhandledRejections();

let proxy: FaultProxy;
const eks = new EKSClient(testClientConfig);
const logs = new CloudWatchLogsClient(testClientConfig);

beforeEach(async () => {
  proxy = await FaultProxy.start(inject('motoEndpoint'));
  await createCluster(eks, 'alpha');
  await createCluster(eks, 'beta');
});

afterEach(async () => {
  await proxy.close();
});

function deps() {
  return {
    eks: new EksClusterControl(new EKSClient(throughProxy(proxy))),
    logs: new CloudWatchLogRetention(new CloudWatchLogsClient(throughProxy(proxy))),
    clock: systemClock,
  };
}

async function apiLoggingOn(name: string): Promise<boolean> {
  const { cluster } = await eks.send(new DescribeClusterCommand({ name }));
  return (cluster?.logging?.clusterLogging ?? []).some(
    (entry) => entry.enabled === true && entry.types?.includes('api'),
  );
}

async function retentionOf(name: string): Promise<number | null> {
  const group = `/aws/eks/${name}/cluster`;
  const { logGroups } = await logs.send(
    new DescribeLogGroupsCommand({ logGroupNamePrefix: group }),
  );
  return logGroups?.find((g) => g.logGroupName === group)?.retentionInDays ?? null;
}

describe('enableApiLoggingForClusters through the fault proxy', () => {
  it('enables logging and retention when every call fails once', async () => {
    // Prepare
    proxy.inject({ operation: 'DescribeCluster', fault: 'throttle', times: 1 });
    proxy.inject({ operation: 'UpdateClusterConfig', fault: 'error-500', times: 1 });
    proxy.inject({ operation: 'DescribeLogGroups', fault: 'drop', times: 1 });
    proxy.inject({ operation: 'CreateLogGroup', fault: 'slow', delayMs: 100, times: 1 });
    proxy.inject({ operation: 'PutRetentionPolicy', fault: 'error-500', times: 1 });

    // Act
    const [result] = await enableApiLoggingForClusters(deps(), ['alpha']);

    // Assess
    expect(result).toMatchObject({
      ok: true,
      logging: { state: 'enabled' },
      retention: { state: 'set', days: 30, createdGroup: true },
    });
    expect(await apiLoggingOn('alpha')).toBe(true);
    expect(await retentionOf('alpha')).toBe(30);
    expect(proxy.operations()).toEqual([
      'DescribeCluster',
      'DescribeCluster',
      'UpdateClusterConfig',
      'UpdateClusterConfig',
      // moto returns no update id: the adapter confirms on the cluster itself.
      'DescribeCluster',
      'DescribeLogGroups',
      'DescribeLogGroups',
      'CreateLogGroup',
      'PutRetentionPolicy',
      'PutRetentionPolicy',
    ]);
  });

  it('reports a cluster whose update keeps failing, names UpdateClusterConfig, and goes on with the next', async () => {
    // Prepare
    proxy.inject({ operation: 'UpdateClusterConfig', fault: 'error-500', times: 5 });

    // Act
    const results = await enableApiLoggingForClusters(deps(), ['alpha', 'beta']);

    // Assess
    expect(results.map((r) => [r.cluster, r.ok])).toEqual([
      ['alpha', false],
      ['beta', true],
    ]);
    expect(results[0]?.logging).toEqual({
      state: 'failed',
      message:
        'UpdateClusterConfig: alpha: We encountered an internal error. Please try again. (5 attempts)',
    });
    expect(await apiLoggingOn('alpha')).toBe(false);
    expect(await apiLoggingOn('beta')).toBe(true);
    expect(proxy.attempts('UpdateClusterConfig')).toBe(5 + 1);
  });
});

describe('eks-sg-advisor enable-logging through the fault proxy', () => {
  it('prints one line per cluster, the failed one naming PutRetentionPolicy, and exits 1', async () => {
    // Prepare
    proxy.inject({ operation: 'PutRetentionPolicy', fault: 'error-500', times: 5 });

    // Act
    const run = await withEndpoint(proxy.url, () =>
      runCliCaptured(['enable-logging', '--cluster', 'alpha', '--cluster', 'beta']),
    );

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      'alpha: FAILED: api logging enabled; retention failed: PutRetentionPolicy: /aws/eks/alpha/cluster: We encountered an internal error. Please try again. (5 attempts)',
      'beta: ok: api logging enabled; retention set to 30 days (log group created)',
    ]);
    expect(await apiLoggingOn('alpha')).toBe(true);
    expect(await retentionOf('beta')).toBe(30);
  });
});
