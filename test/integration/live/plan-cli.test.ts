import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  DescribeNetworkInterfacesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { testClientConfig } from '#test/helpers/aws.ts';
import { runCliCaptured } from '#test/helpers/cli-io.ts';
import { createMotoCluster } from '#test/helpers/moto-cluster.ts';

/** A kubectl List with one APIService whose only endpoint is `podIp:6443`, and more items. */
function registrationsFile(podIp: string, more: readonly unknown[] = []): string {
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      ...more,
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

  it('narrows the broad node rule of a private cluster to the required and used ports and adds the pod-group rule', async () => {
    // Prepare: the node group admits 1025-65535 from the additional (control-plane) group; an
    // aggregated API runs on a security-groups-for-pods branch interface whose group admits nothing.
    const ec2 = new EC2Client(testClientConfig);
    const logs = new CloudWatchLogsClient(testClientConfig);
    const cluster = await createMotoCluster(ec2, 'pl-private');
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: cluster.nodeSg,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 1025,
            ToPort: 65535,
            UserIdGroupPairs: [{ GroupId: cluster.extraSg }],
          },
        ],
      }),
    );
    const podSg =
      (
        await ec2.send(
          new CreateSecurityGroupCommand({
            GroupName: 'adapter-pods',
            Description: 'pods',
            VpcId: cluster.vpcId,
          }),
        )
      ).GroupId ?? '';
    await ec2.send(
      new CreateNetworkInterfaceCommand({
        SubnetId: cluster.subnetIds[0],
        Groups: [podSg],
        Description: 'aws-k8s-branch-eni',
        PrivateIpAddress: '10.0.1.200',
      }),
    );
    const group = '/eks-sg-advisor/pl-private/control-plane-flow-logs';
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'x-eni' }));
    const now = Math.floor(Date.now() / 1000);
    const [xip] = cluster.xeniIps;
    const { NetworkInterfaces } = await ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'description', Values: ['Amazon EKS pl-private'] }],
      }),
    );
    const xeni = NetworkInterfaces?.find((n) => n.PrivateIpAddress === xip)?.NetworkInterfaceId;
    const quiet = NetworkInterfaces?.find((n) => n.PrivateIpAddress !== xip)?.NetworkInterfaceId;
    const line = (t: number, dst: string, port: number, flags: number, action: string) =>
      `5 ${xeni} egress ${xip} ${dst} ${xip} ${dst} 40001 ${port} 6 ${flags} 4 640 ${t} ${t + 60} ${action} OK IPv4`;
    const messages = [
      line(now - 900, '10.0.1.50', 10250, 3, 'ACCEPT'),
      line(now - 800, cluster.podIp, 9443, 3, 'ACCEPT'),
      line(now - 700, '10.0.1.50', 9100, 3, 'ACCEPT'),
      line(now - 600, '10.0.1.200', 6443, 2, 'REJECT'),
      // The other X-ENI has its flow log too, and no traffic in the window.
      `5 ${quiet} - - - - - - - - - - - ${now - 500} ${now - 440} - NODATA -`,
    ];
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 'x-eni',
        logEvents: messages.map((message, i) => ({
          message,
          timestamp: (now - 900 + i * 100) * 1000,
        })),
      }),
    );
    const webhook = [
      {
        kind: 'ValidatingWebhookConfiguration',
        metadata: { name: 'lbc' },
        webhooks: [
          {
            name: 'vingress.elbv2.k8s.aws',
            clientConfig: { service: { namespace: 'kube-system', name: 'lbc', port: 443 } },
          },
        ],
      },
      {
        kind: 'Service',
        metadata: { namespace: 'kube-system', name: 'lbc' },
        spec: {
          type: 'ClusterIP',
          ports: [{ name: 'webhook', port: 443, targetPort: 9443, protocol: 'TCP' }],
        },
      },
      {
        kind: 'EndpointSlice',
        metadata: {
          namespace: 'kube-system',
          name: 'lbc-x',
          labels: { 'kubernetes.io/service-name': 'lbc' },
        },
        addressType: 'IPv4',
        ports: [{ name: 'webhook', port: 9443, protocol: 'TCP' }],
        endpoints: [{ addresses: [cluster.podIp], conditions: { ready: true } }],
      },
    ];

    // Act
    const run = await runCliCaptured([
      'plan',
      '--cluster',
      'pl-private',
      '--since',
      '1h',
      '--region',
      'us-east-1',
      '--registrations',
      registrationsFile('10.0.1.200', webhook),
      '--format',
      'json',
    ]);

    // Assess
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(plan.controlPlaneGroup.groupId).toBe(cluster.extraSg);
    const broad = plan.decisions.find(
      (d: { rule: { fromPort: number } }) => d.rule.fromPort === 1025,
    );
    expect(broad.decision).toBe('narrow');
    const narrowed = plan.changes
      .filter(
        (c: { change: string; action: string; groupId: string }) =>
          c.change === 'narrow' && c.action === 'authorize-ingress' && c.groupId === cluster.nodeSg,
      )
      .map((c: { fromPort: number; toPort: number }) => `${c.fromPort}-${c.toPort}`);
    expect(narrowed).toEqual(['9100-9100', '9443-9443', '10250-10250']);
    expect(plan.changes).toContainEqual(
      expect.objectContaining({
        action: 'authorize-ingress',
        groupId: podSg,
        fromPort: 6443,
        peer: { groupId: cluster.extraSg },
        change: 'add',
      }),
    );
    expect(plan.replay.status).toBe('pass');
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
