import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
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
import { DEFAULT_WINDOW_PLAN } from '#core/window/plan-window.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { createMotoCluster, type MotoCluster, motoEc2 } from '#test/helpers/moto-cluster.ts';
import { API_STREAM, klogTime, seedClusterLogs } from '#test/helpers/moto-logs.ts';
import { createStateTable, receiveAll, topicWithQueue } from '#test/helpers/moto-resources.ts';

// moto keeps log events of the last 14 days only: the scenario is dated from now.
const NOW = Date.now();
const MINUTE = 60_000;
const CLUSTER = 'lease-shop';

let cluster: MotoCluster;
let tableName: string;
let sqs: SQSClient;
let queueUrl: string;
let topicArn: string;

beforeEach(async () => {
  const ec2 = motoEc2();
  cluster = await createMotoCluster(ec2, CLUSTER);
  ec2.destroy();
  const line = (at: number): string =>
    `W${klogTime(at)}      10 dispatcher.go:217] Failed calling webhook, failing closed vingress.elbv2.k8s.aws: failed calling webhook "vingress.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/validate?timeout=10s": dial tcp ${cluster.podIp}:9443: i/o timeout`;
  await seedClusterLogs(new CloudWatchLogsClient(testClientConfig), CLUSTER, {
    [API_STREAM]: [NOW - 20 * MINUTE, NOW - 10 * MINUTE].map((timestamp) => ({
      timestamp,
      message: line(timestamp),
    })),
  });
  ({ tableName } = await createStateTable());
  ({ sqs, queueUrl, topicArn } = await topicWithQueue({ raw: true }));
});

function runDeps() {
  const dynamo = new DynamoDBClient(testClientConfig);
  const clock = new FakeClock(NOW);
  return {
    clock,
    windows: new DynamoDbWindowStore(dynamo, { tableName }, clock),
    alerts: new DynamoAlertStateStore(dynamo, tableName),
    leases: new DynamoDbRunLeases(dynamo, tableName),
    notifier: new SnsNotifier(new SNSClient(testClientConfig), topicArn),
    insights: new CloudWatchLogsInsights(new CloudWatchLogsClient(testClientConfig)),
    network: new AwsNetworkReader({
      eks: new EKSClient(testClientConfig),
      ec2: new EC2Client(testClientConfig),
    }),
  };
}

const REQUEST = { cluster: { name: CLUSTER }, sinceMs: null, dryRun: false, notify: true };
const SETTINGS = { windowPlan: DEFAULT_WINDOW_PLAN, resolveAfterMs: 3_600_000 };

describe('DynamoDbRunLeases on moto', () => {
  it('lets exactly one of two concurrent runs of a cluster publish and commit', async () => {
    // Prepare
    const [first, second] = [runDeps(), runDeps()];
    // Act
    const results = await Promise.all([
      runClusterAnalysis(first, REQUEST, SETTINGS),
      runClusterAnalysis(second, REQUEST, SETTINGS),
    ]);
    const messages = await receiveAll(sqs, queueUrl);
    // Assess
    const kinds = results.map((result) =>
      result.status === 'analysed' ? `${result.alerts.kind}/${result.commit}` : result.status,
    );
    expect(kinds.sort()).toEqual(['published/committed', 'withheld/not-committed']);
    expect(messages).toHaveLength(1);
  });

  it('gives the lease to the next run once the holder released it, or once it expired', async () => {
    // Prepare
    const leases = new DynamoDbRunLeases(new DynamoDBClient(testClientConfig), tableName);
    const key = { name: CLUSTER };
    // Act
    const held = await leases.acquire(key, NOW, NOW + MINUTE);
    const whileHeld = await leases.acquire(key, NOW + 1000, NOW + MINUTE);
    const released = held ? await leases.release(key, held) : false;
    const afterRelease = await leases.acquire(key, NOW + 2000, NOW + MINUTE);
    const afterExpiry = await leases.acquire(key, NOW + 2 * MINUTE, NOW + 3 * MINUTE);
    const staleRelease = afterRelease ? await leases.release(key, afterRelease) : true;
    // Assess
    expect(held).not.toBeNull();
    expect(whileHeld).toBeNull();
    expect(released).toBe(true);
    expect(afterRelease).not.toBeNull();
    expect(afterExpiry).not.toBeNull();
    expect(staleRelease).toBe(false);
  });
});
