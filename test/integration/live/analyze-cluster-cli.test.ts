import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '#core/model/report.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { runCliCaptured } from '#test/helpers/cli-io.ts';
import { createMotoCluster, motoEc2 } from '#test/helpers/moto-cluster.ts';
import { API_STREAM, AUDIT_STREAM, klogTime, seedClusterLogs } from '#test/helpers/moto-logs.ts';

let ec2: EC2Client;
let logs: CloudWatchLogsClient;

beforeEach(() => {
  ec2 = motoEc2();
  logs = new CloudWatchLogsClient(testClientConfig);
});

afterEach(() => {
  ec2.destroy();
  logs.destroy();
});

// moto accepts log events from the last 14 days only: the seeded logs are dated from now.
const NOW = Date.now();

function webhookTimeout(at: number, podIp: string): string {
  return `W${klogTime(at)}      10 dispatcher.go:217] Failed calling webhook, failing closed vingress.elbv2.k8s.aws: failed calling webhook "vingress.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/validate-networking-v1-ingress?timeout=10s": dial tcp ${podIp}:9443: i/o timeout`;
}

describe('eks-sg-advisor analyze --cluster against moto_server', () => {
  it('queries the logs, reads the network and prints the missing rule', async () => {
    // Prepare
    const cluster = await createMotoCluster(ec2, 'shop');
    await seedClusterLogs(logs, 'shop', {
      [API_STREAM]: [
        { timestamp: NOW - 20 * 60_000, message: webhookTimeout(NOW - 20 * 60_000, cluster.podIp) },
        { timestamp: NOW - 10 * 60_000, message: webhookTimeout(NOW - 10 * 60_000, cluster.podIp) },
        {
          timestamp: NOW - 5 * 60_000,
          message: `I${klogTime(NOW - 5 * 60_000)}      10 controller.go:107] OpenAPI AggregationController: Processing item v1beta1.metrics.k8s.io`,
        },
      ],
      // The audit stream is never read, even though moto ignores the query's stream filter.
      [AUDIT_STREAM]: [
        { timestamp: NOW - 15 * 60_000, message: webhookTimeout(NOW - 15 * 60_000, '10.0.2.99') },
      ],
    });

    // Act
    const { code, stdout, stderr } = await runCliCaptured([
      'analyze',
      '--cluster',
      'shop',
      '--since',
      '1h',
      '--format',
      'json',
    ]);

    // Assess
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.cluster).toBe('shop');
    expect(report.window).not.toBeNull();
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      kind: 'webhook-admission',
      name: 'vingress.elbv2.k8s.aws',
      ip: cluster.podIp,
      port: 9443,
      count: 2,
      verdict: 'blocked',
    });
    expect(report.recommendations).toEqual([
      expect.objectContaining({
        action: 'authorize-ingress',
        groupId: cluster.nodeSg,
        protocol: 'tcp',
        fromPort: 9443,
        toPort: 9443,
        peer: { groupId: cluster.clusterSg },
        findings: [0],
      }),
    ]);
    // The progress line: query status and records on stderr.
    expect(stderr).toMatch(/Complete/);
  });

  it('prints the fix as an AWS CLI command', async () => {
    // Prepare
    const cluster = await createMotoCluster(ec2, 'shop');
    await seedClusterLogs(logs, 'shop', {
      [API_STREAM]: [
        { timestamp: NOW - 60_000, message: webhookTimeout(NOW - 60_000, cluster.podIp) },
      ],
    });

    // Act
    const { code, stdout } = await runCliCaptured([
      'analyze',
      '--cluster',
      'shop',
      '--since',
      '10m',
      '--format',
      'aws-cli',
    ]);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain('aws ec2 authorize-security-group-ingress \\\n');
    expect(stdout).toContain("--region 'us-east-1'");
    expect(stdout).toContain(`--group-id '${cluster.nodeSg}'`);
    expect(stdout).toContain('"FromPort":9443,"ToPort":9443');
    expect(stdout).toContain(`"UserIdGroupPairs":[{"GroupId":"${cluster.clusterSg}"`);
  });

  it('exits 1 with the enable-logging hint when the cluster has no API-server logs', async () => {
    // Prepare
    await createMotoCluster(ec2, 'quiet');

    // Act
    const { code, stdout, stderr } = await runCliCaptured([
      'analyze',
      '--cluster',
      'quiet',
      '--since',
      '1h',
    ]);

    // Assess
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/enable-logging --cluster quiet/);
  });
});
