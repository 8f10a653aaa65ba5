import { CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsNetworkReader } from '#adapters/aws/aws-network-reader.ts';
import { CloudWatchLogsInsights } from '#adapters/aws/cloudwatch-logs-insights.ts';
import { DynamoAlertStateStore } from '#adapters/aws/dynamodb-alert-store.ts';
import { DynamoDbRunLeases } from '#adapters/aws/dynamodb-run-leases.ts';
import { DynamoDbWindowStore } from '#adapters/aws/dynamodb-window-store.ts';
import { SnsNotifier } from '#adapters/aws/sns-notifier.ts';
import { runClusterAnalysis } from '#app/pipeline/run-cluster.ts';
import type { ClusterAnalysed } from '#core/run/cluster-run-result.ts';
import { DEFAULT_WINDOW_PLAN } from '#core/window/plan-window.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { createMotoCluster, type MotoCluster, motoEc2 } from '#test/helpers/moto-cluster.ts';
import { API_STREAM, AUDIT_STREAM, klogTime, seedClusterLogs } from '#test/helpers/moto-logs.ts';
import { createStateTable, receiveAll, topicWithQueue } from '#test/helpers/moto-resources.ts';

// moto keeps log events of the last 14 days only: the scenario is dated from now. moto returns
// events by time range only (no @ingestionTime): lateness is modelled by putting the event later.
const NOW = Math.floor(Date.now() / 1000) * 1000;
const MINUTE = 60_000;
const CLUSTER = 'late-shop';

let cluster: MotoCluster;
let tableName: string;
let sqs: SQSClient;
let queueUrl: string;
let topicArn: string;
let logs: CloudWatchLogsClient;

beforeEach(async () => {
  const ec2 = motoEc2();
  cluster = await createMotoCluster(ec2, CLUSTER);
  ec2.destroy();
  logs = new CloudWatchLogsClient(testClientConfig);
  await seedClusterLogs(logs, CLUSTER, {
    [API_STREAM]: [{ timestamp: NOW - 50 * MINUTE, message: 'I1128 a line with no failure' }],
    [AUDIT_STREAM]: [{ timestamp: NOW - 50 * MINUTE, message: '{"kind":"Event"}' }],
  });
  ({ tableName } = await createStateTable());
  ({ sqs, queueUrl, topicArn } = await topicWithQueue({ raw: true }));
});

function failure(at: number): string {
  return `W${klogTime(at)}      10 dispatcher.go:217] Failed calling webhook, failing closed vingress.elbv2.k8s.aws: failed calling webhook "vingress.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/validate?timeout=10s": dial tcp ${cluster.podIp}:9443: i/o timeout`;
}

describe('late events on moto', () => {
  it('reports an event stamped inside an analysed window and put 30 minutes later, by a later scheduled run, once', async () => {
    // Prepare
    const clock = new FakeClock(NOW);
    const dynamo = new DynamoDBClient(testClientConfig);
    const deps = {
      clock,
      windows: new DynamoDbWindowStore(dynamo, { tableName }, clock),
      alerts: new DynamoAlertStateStore(dynamo, tableName),
      leases: new DynamoDbRunLeases(dynamo, tableName),
      notifier: new SnsNotifier(new SNSClient(testClientConfig), topicArn),
      insights: new CloudWatchLogsInsights(logs),
      network: new AwsNetworkReader({
        eks: new EKSClient(testClientConfig),
        ec2: new EC2Client(testClientConfig),
      }),
    };
    const request = { cluster: { name: CLUSTER }, sinceMs: null, dryRun: false, notify: true };
    const settings = { windowPlan: DEFAULT_WINDOW_PLAN, resolveAfterMs: 6 * 3_600_000 };
    const first = (await runClusterAnalysis(deps, request, settings)) as ClusterAnalysed;
    // 30 minutes after its time, an event stamped NOW − 10 min (inside the first window) arrives
    clock.advance(20 * MINUTE);
    const stamped = NOW - 10 * MINUTE;
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: `/aws/eks/${CLUSTER}/cluster`,
        logStreamName: API_STREAM,
        logEvents: [{ timestamp: stamped, message: failure(stamped) }],
      }),
    );
    // Act: the schedule goes on every 5 minutes for 40 minutes
    const later: ClusterAnalysed[] = [];
    for (let i = 0; i < 8; i++) {
      clock.advance(5 * MINUTE);
      later.push((await runClusterAnalysis(deps, request, settings)) as ClusterAnalysed);
    }
    const messages = await receiveAll(sqs, queueUrl);
    // Assess
    expect(first.window.end).toBe(new Date(NOW - 5 * MINUTE).toISOString());
    const reporting = later.filter((run) => run.report.findings.length > 0);
    expect(reporting).toHaveLength(1);
    expect(reporting[0]?.report.findings).toEqual([
      expect.objectContaining({ name: 'vingress.elbv2.k8s.aws', count: 1 }),
    ]);
    expect(later.every((run) => run.commit === 'committed')).toBe(true);
    expect(messages).toHaveLength(1);
  });
});
