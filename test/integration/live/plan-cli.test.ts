import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { testClientConfig } from '#test/helpers/aws.ts';
import { runCliCaptured } from '#test/helpers/cli-io.ts';
import { createMotoCluster } from '#test/helpers/moto-cluster.ts';

/** A kubectl List with one APIService whose only endpoint is `podIp:6443`. */
function registrationsFile(podIp: string): string {
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        kind: 'APIService',
        metadata: { name: 'v1beta1.custom.metrics.k8s.io' },
        spec: { service: { namespace: 'monitoring', name: 'adapter', port: 443 } },
      },
      {
        kind: 'Service',
        metadata: { namespace: 'monitoring', name: 'adapter' },
        spec: {
          type: 'ClusterIP',
          ports: [{ name: 'https', port: 443, targetPort: 6443, protocol: 'TCP' }],
        },
      },
      {
        kind: 'EndpointSlice',
        metadata: {
          namespace: 'monitoring',
          name: 'adapter-x',
          labels: { 'kubernetes.io/service-name': 'adapter' },
        },
        addressType: 'IPv4',
        ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
        endpoints: [{ addresses: [podIp], conditions: { ready: true } }],
      },
    ],
  };
  const path = join(mkdtempSync(join(tmpdir(), 'plan-live-')), 'registrations.json');
  writeFileSync(path, JSON.stringify(list));
  return path;
}

describe('eks-sg-advisor plan --cluster against moto_server', () => {
  it('reads the flow logs with Logs Insights, the network from EC2, and plans from them', async () => {
    // Prepare
    const ec2 = new EC2Client(testClientConfig);
    const logs = new CloudWatchLogsClient(testClientConfig);
    const cluster = await createMotoCluster(ec2, 'pl-live');
    const group = '/eks-sg-advisor/pl-live/control-plane-flow-logs';
    const stream = 'eni-xeni-all';
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    const now = Math.floor(Date.now() / 1000);
    const [xip] = cluster.xeniIps;
    const line = (
      t: number,
      dst: string,
      pdst: string,
      port: number,
      flags: number,
      action: string,
    ) =>
      `5 eni-0e7a1c2b3d4f50611 egress ${xip} ${dst} ${xip} ${pdst} 40001 ${port} 6 ${flags} 4 640 ${t} ${t + 60} ${action} OK IPv4`;
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        logEvents: [
          line(now - 600, '10.0.1.50', '10.0.1.50', 10250, 3, 'ACCEPT'),
          line(now - 500, '10.0.1.50', cluster.podIp, 6443, 2, 'REJECT'),
        ].map((message, i) => ({ message, timestamp: (now - 600 + i * 100) * 1000 })),
      }),
    );

    // Act
    const run = await runCliCaptured([
      'plan',
      '--cluster',
      'pl-live',
      '--since',
      '1h',
      '--region',
      'us-east-1',
      '--registrations',
      registrationsFile(cluster.podIp),
      '--format',
      'json',
    ]);

    // Assess
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(plan.cluster).toBe('pl-live');
    expect(plan.flows.observed).toBeGreaterThanOrEqual(1);
    expect(plan.flows.rejected).toBe(1);
    expect(plan.changes).toContainEqual(
      expect.objectContaining({
        action: 'authorize-ingress',
        groupId: cluster.nodeSg,
        fromPort: 6443,
        peer: { groupId: cluster.clusterSg },
        change: 'add',
      }),
    );
  });

  it('refuses live-only flags with offline files, with exit status 2', async () => {
    // Act
    const run = await runCliCaptured([
      'plan',
      '--network',
      'n.json',
      '--flow-logs',
      'f.txt',
      '--since',
      '1d',
    ]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--since is for live planning/);
  });
});
