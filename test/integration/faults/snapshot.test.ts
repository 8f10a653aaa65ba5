import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { AwsNetworkReader } from '#adapters/aws/aws-network-reader.ts';
import { AwsCallError } from '#core/errors.ts';
import type { Report } from '#core/model/report.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { runCliCaptured } from '#test/helpers/cli-io.ts';
import { expectErrorLine } from '#test/helpers/error-line.ts';
import { throughProxy, withEndpoint } from '#test/helpers/fault-clients.ts';
import { FaultProxy } from '#test/helpers/fault-proxy.ts';
import { createMotoCluster, type MotoCluster, motoEc2 } from '#test/helpers/moto-cluster.ts';
import { API_STREAM, klogTime, seedClusterLogs } from '#test/helpers/moto-logs.ts';
import { failOnUnhandledRejections } from '#test/helpers/unhandled-rejections.ts';

failOnUnhandledRejections();

const NOW = Date.now();

let proxy: FaultProxy;
let cluster: MotoCluster;
let dir: string;

beforeEach(async () => {
  proxy = await FaultProxy.start(inject('motoEndpoint'));
  const ec2 = motoEc2();
  cluster = await createMotoCluster(ec2, 'shop');
  ec2.destroy();
  dir = mkdtempSync(join(tmpdir(), 'faults-snapshot-'));
});

afterEach(async () => {
  await proxy.close();
  rmSync(dir, { recursive: true, force: true });
});

function reader(): AwsNetworkReader {
  return new AwsNetworkReader({
    eks: new EKSClient(throughProxy(proxy)),
    ec2: new EC2Client(throughProxy(proxy)),
  });
}

async function seedWebhookTimeouts(): Promise<void> {
  const line = (at: number): string =>
    `W${klogTime(at)}      10 dispatcher.go:217] Failed calling webhook, failing closed vingress.elbv2.k8s.aws: failed calling webhook "vingress.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/validate-networking-v1-ingress?timeout=10s": dial tcp ${cluster.podIp}:9443: i/o timeout`;
  await seedClusterLogs(new CloudWatchLogsClient(testClientConfig), 'shop', {
    [API_STREAM]: [NOW - 20 * 60_000, NOW - 10 * 60_000].map((timestamp) => ({
      timestamp,
      message: line(timestamp),
    })),
  });
}

describe('AwsNetworkReader through the fault proxy', () => {
  it('reads the same snapshot when each call is throttled, answered 500, dropped or slow once', async () => {
    // Prepare
    const clean = await reader().readSnapshot('shop');
    proxy.calls.length = 0;
    proxy.inject({ operation: 'DescribeCluster', fault: 'throttle', times: 1 });
    proxy.inject({ operation: 'DescribeNetworkInterfaces', fault: 'drop', times: 1 });
    proxy.inject({ operation: 'DescribeSecurityGroupRules', fault: 'error-500', times: 1 });
    proxy.inject({ operation: 'DescribeSecurityGroups', fault: 'slow', delayMs: 200, times: 1 });
    proxy.inject({ operation: 'DescribeNetworkAcls', fault: 'throttle', times: 1 });
    proxy.inject({ operation: 'DescribeSubnets', fault: 'error-500', times: 1 });

    // Act
    const faulted = await reader().readSnapshot('shop');

    // Assess
    expect(faulted).toEqual(clean);
    expect(proxy.operations()).toEqual([
      'DescribeCluster',
      'DescribeCluster',
      'DescribeNetworkInterfaces',
      'DescribeNetworkInterfaces',
      'DescribeNetworkAcls',
      'DescribeNetworkAcls',
      'DescribeSubnets',
      'DescribeSubnets',
      'DescribeSecurityGroupRules',
      'DescribeSecurityGroupRules',
      'DescribeSecurityGroups',
    ]);
  });

  it('fails with an error naming the operation and the resource when its retries run out', async () => {
    // Prepare
    proxy.inject({ operation: 'DescribeSecurityGroupRules', fault: 'error-500' });

    // Act
    const act = reader().readSnapshot('shop');

    // Assess
    await expect(act).rejects.toBeInstanceOf(AwsCallError);
    await expect(act).rejects.toMatchObject({ operation: 'DescribeSecurityGroupRules' });
    await expect(act).rejects.toThrow(
      /^DescribeSecurityGroupRules: groups sg-\S+: InternalError: .* \(5 attempts\)$/,
    );
    expect(proxy.attempts('DescribeSecurityGroupRules')).toBe(5);
    expect(proxy.attempts('DescribeSecurityGroups')).toBe(0);
  });

  it('stops a slow DescribeNetworkInterfaces when the signal fires, naming it, and calls nothing after', async () => {
    // Prepare
    proxy.inject({ operation: 'DescribeNetworkInterfaces', fault: 'slow', delayMs: 5_000 });
    const deadline = AbortSignal.timeout(300);
    const user = new AbortController();
    const started = Date.now();

    // Act
    const timedOut = await reader()
      .readSnapshot('shop', deadline)
      .catch((e: unknown) => e);
    const interrupted = reader().readSnapshot('shop', user.signal);
    setTimeout(() => user.abort(), 100);
    const stopped = await interrupted.catch((e: unknown) => e);

    // Assess
    expect(timedOut).toBeInstanceOf(AwsCallError);
    expect(timedOut).toMatchObject({
      operation: 'DescribeNetworkInterfaces',
      message: `DescribeNetworkInterfaces: VPC ${cluster.vpcId}: stopped before an answer came: the deadline passed`,
    });
    expect(stopped).toMatchObject({
      message: `DescribeNetworkInterfaces: VPC ${cluster.vpcId}: stopped before an answer came: aborted`,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(proxy.operations()).toEqual([
      'DescribeCluster',
      'DescribeNetworkInterfaces',
      'DescribeCluster',
      'DescribeNetworkInterfaces',
    ]);
    expect(proxy.calls.filter((c) => c.forwarded)).toHaveLength(2);
  });
});

describe('eks-sg-advisor snapshot and analyze --cluster through the fault proxy', () => {
  it('snapshot exits 1 with one line naming the failed operation and writes no file', async () => {
    // Prepare
    proxy.inject({ operation: 'DescribeSecurityGroups', fault: 'error-500' });
    const out = join(dir, 'network.json');

    // Act
    const run = await withEndpoint(proxy.url, () =>
      runCliCaptured(['snapshot', '--cluster', 'shop', '--out', out]),
    );

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(expectErrorLine(run.stderr, 'snapshot', 'DescribeSecurityGroups')).toMatch(
      /^eks-sg-advisor snapshot: DescribeSecurityGroups: groups sg-\S+: InternalError: .* \(5 attempts\)$/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('analyze --cluster prints the same report when the live calls fail once each', async () => {
    // Prepare
    await seedWebhookTimeouts();
    const args = ['analyze', '--cluster', 'shop', '--since', '1h', '--format', 'json'];
    const clean = await withEndpoint(proxy.url, () => runCliCaptured(args));
    proxy.calls.length = 0;
    proxy.inject({ operation: 'StartQuery', fault: 'throttle', times: 1 });
    proxy.inject({ operation: 'DescribeNetworkInterfaces', fault: 'error-500', times: 1 });
    proxy.inject({ operation: 'DescribeCluster', fault: 'drop', times: 1 });

    // Act
    const faulted = await withEndpoint(proxy.url, () => runCliCaptured(args));

    // Assess
    expect(clean.code).toBe(0);
    expect(faulted.code).toBe(0);
    const report = JSON.parse(faulted.stdout) as Report;
    expect(report.findings).toHaveLength(1);
    expect(report.recommendations).toMatchObject([{ groupId: cluster.nodeSg, fromPort: 9443 }]);
    const { window: _cleanWindow, ...cleanRest } = JSON.parse(clean.stdout) as Report;
    const { window: _faultedWindow, ...faultedRest } = report;
    expect(faultedRest).toEqual(cleanRest);
    expect(proxy.attempts('StartQuery')).toBe(2);
    expect(proxy.attempts('DescribeNetworkInterfaces')).toBe(2);
    expect(proxy.attempts('DescribeCluster')).toBe(2);
  });

  it('analyze --cluster exits 1 with one line naming DescribeNetworkInterfaces when it keeps failing', async () => {
    // Prepare
    await seedWebhookTimeouts();
    proxy.inject({ operation: 'DescribeNetworkInterfaces', fault: 'error-500' });

    // Act
    const run = await withEndpoint(proxy.url, () =>
      runCliCaptured(['analyze', '--cluster', 'shop', '--since', '1h']),
    );

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(expectErrorLine(run.stderr, 'analyze', 'DescribeNetworkInterfaces')).toMatch(
      new RegExp(`^eks-sg-advisor analyze: DescribeNetworkInterfaces: VPC ${cluster.vpcId}: `),
    );
    expect(proxy.attempts('DescribeNetworkInterfaces')).toBe(5);
  });
});
