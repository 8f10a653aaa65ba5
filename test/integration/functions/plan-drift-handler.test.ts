import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadPlanDriftConfig } from '#config/load-config.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { captureOutput } from '#test/helpers/capture-output.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { lambdaContext } from '#test/helpers/lambda-context.ts';
import { createMotoCluster, type MotoCluster } from '#test/helpers/moto-cluster.ts';
import { createStateTable, receiveAll, topicWithQueue } from '#test/helpers/moto-resources.ts';

vi.hoisted(() => {
  process.env.CLUSTERS ??= 'drift';
  process.env.STATE_TABLE ??= 'eks-sg-advisor-state';
  process.env.ALERT_TOPIC_ARN ??= 'arn:aws:sns:us-east-1:123456789012:eks-sg-advisor-alerts';
});
const { makeHandler } = await import('#functions/plan-drift.ts');

const DAY_MS = 86_400_000;

let ec2: EC2Client;
let logs: CloudWatchLogsClient;
let eks: EKSClient;

beforeEach(() => {
  ec2 = new EC2Client(testClientConfig);
  logs = new CloudWatchLogsClient(testClientConfig);
  eks = new EKSClient(testClientConfig);
});

afterEach(() => {
  for (const client of [ec2, logs, eks]) client.destroy();
});

/** Flow-log records on the control plane's interface: kubelet used, a pod port rejected. */
async function writeFlowLogs(cluster: MotoCluster, nowSec: number): Promise<void> {
  const group = `/eks-sg-advisor/${cluster.name}/control-plane-flow-logs`;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'x-eni' }));
  const [xip] = cluster.xeniIps;
  const line = (t: number, dst: string, port: number, flags: number, action: string) =>
    `5 eni-0e7a1c2b3d4f50611 egress ${xip} ${dst} ${xip} ${dst} 40001 ${port} 6 ${flags} 4 640 ${t} ${t + 60} ${action} OK IPv4`;
  const messages = [
    line(nowSec - 900, '10.0.1.50', 10250, 3, 'ACCEPT'),
    // An add-on's webhook on a pod the control plane cannot reach yet.
    line(nowSec - 600, cluster.podIp, 8443, 2, 'REJECT'),
  ];
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: 'x-eni',
      logEvents: messages.map((message, i) => ({
        message,
        timestamp: (nowSec - 900 + i * 300) * 1000,
      })),
    }),
  );
}

async function harness(env: (cluster: MotoCluster) => Record<string, string> = () => ({})) {
  const { client: dynamodb, tableName } = await createStateTable();
  const { sns, sqs, topicArn, queueUrl } = await topicWithQueue();
  const cluster = await createMotoCluster(ec2, 'drift');
  const now = Date.now();
  await writeFlowLogs(cluster, Math.floor(now / 1000));
  const clock = new FakeClock(now);
  const handler = makeHandler({
    config: loadPlanDriftConfig({
      CLUSTERS: 'drift',
      STATE_TABLE: tableName,
      ALERT_TOPIC_ARN: topicArn,
      AWS_REGION: 'us-east-1',
      SERVICE_NAME: 'eks-sg-advisor-test',
      DRIFT_WINDOW: '14d',
      ...env(cluster),
    }),
    clients: { logs, eks, ec2, dynamodb, sns, sts: () => new STSClient(testClientConfig) },
    clock,
    clientConfig: { maxAttempts: 1 },
  });
  const run = async () => {
    const { outcome } = await captureOutput(() =>
      handler(
        { source: 'aws.events', 'detail-type': 'Scheduled Event' },
        lambdaContext('eks-sg-advisor-test-planDrift', 300_000),
      ),
    );
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  };
  return {
    cluster,
    clock,
    run,
    sqs,
    queueUrl,
    destroy: () => [dynamodb, sns, sqs].map((c) => c.destroy()),
  };
}

describe('planDrift handler (middy chain) against moto_server', () => {
  it('publishes a new required port once, before its calls fail, and nothing new on the next weekly run', async () => {
    // Prepare
    const h = await harness();
    try {
      // Act
      const first = await h.run();
      const published = await receiveAll(h.sqs, h.queueUrl);
      h.clock.advance(7 * DAY_MS);
      const second = await h.run();
      const again = await receiveAll(h.sqs, h.queueUrl);

      // Assess
      expect(first.clusters).toMatchObject([{ kind: 'published', cluster: 'drift' }]);
      expect(published).toHaveLength(1);
      const envelope = JSON.parse(published[0]?.Body ?? '{}');
      expect(envelope.MessageAttributes.driftId).toBeDefined();
      expect(envelope.MessageAttributes.notificationId).toBeUndefined();
      const document = JSON.parse(envelope.Message);
      expect(document.schema).toBe('eks-sg-advisor/plan-drift@1');
      expect(document.items).toContainEqual(
        expect.objectContaining({
          kind: 'new-required-port',
          change: expect.objectContaining({
            action: 'authorize-ingress',
            groupId: h.cluster.nodeSg,
            fromPort: 8443,
            toPort: 8443,
            peer: { groupId: h.cluster.clusterSg },
          }),
        }),
      );
      expect(second.clusters).toMatchObject([{ kind: 'nothing-new', newItems: [] }]);
      expect(second.clusters[0]).toMatchObject({ knownItems: document.items.length });
      expect(again).toEqual([]);
    } finally {
      h.destroy();
    }
  });

  it('names the group of CONTROL_PLANE_GROUPS as the peer of the rules it proposes', async () => {
    // Prepare: the additional (control-plane) group is configured for the cluster.
    const h = await harness((cluster) => ({ CONTROL_PLANE_GROUPS: `drift=${cluster.extraSg}` }));
    try {
      // Act
      await h.run();
      const published = await receiveAll(h.sqs, h.queueUrl);

      // Assess
      const document = JSON.parse(JSON.parse(published[0]?.Body ?? '{}').Message);
      expect(document.items).toContainEqual(
        expect.objectContaining({
          kind: 'new-required-port',
          change: expect.objectContaining({
            fromPort: 8443,
            peer: { groupId: h.cluster.extraSg },
          }),
        }),
      );
    } finally {
      h.destroy();
    }
  });

  it('reports a cluster without control-plane flow logs and still publishes the others', async () => {
    // Prepare: a second cluster on which enable-flow-logs was never run.
    await createMotoCluster(ec2, 'bare');
    const h = await harness(() => ({ CLUSTERS: 'drift,bare' }));
    try {
      // Act
      const response = await h.run();
      const published = await receiveAll(h.sqs, h.queueUrl);

      // Assess
      expect(response.clusters).toEqual([
        expect.objectContaining({ kind: 'published', cluster: 'drift' }),
        {
          kind: 'no-flow-logs',
          cluster: 'bare',
          logGroupName: '/eks-sg-advisor/bare/control-plane-flow-logs',
        },
      ]);
      expect(published).toHaveLength(1);
    } finally {
      h.destroy();
    }
  });
});
