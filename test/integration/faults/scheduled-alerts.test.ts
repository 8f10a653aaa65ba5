import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { AwsNetworkReader } from '#adapters/aws/aws-network-reader.ts';
import { CloudWatchLogsInsights } from '#adapters/aws/cloudwatch-logs-insights.ts';
import { DynamoAlertStateStore } from '#adapters/aws/dynamodb-alert-store.ts';
import { DynamoDbWindowStore } from '#adapters/aws/dynamodb-window-store.ts';
import { SnsNotifier } from '#adapters/aws/sns-notifier.ts';
import { runAlertCycle } from '#app/pipeline/alert-cycle.ts';
import { analyzeCluster } from '#app/pipeline/analyze-window.ts';
import { runScheduledWindow } from '#app/pipeline/window-step.ts';
import { AlertStateNotSavedError, AwsCallError } from '#core/errors.ts';
import type { AlertNotification } from '#render/alerts/notification.ts';
import { parseAlertNotification } from '#render/alerts/notification-schema.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { throughProxy } from '#test/helpers/fault-clients.ts';
import { FaultProxy } from '#test/helpers/fault-proxy.ts';
import { createMotoCluster, type MotoCluster, motoEc2 } from '#test/helpers/moto-cluster.ts';
import { API_STREAM, klogTime, seedClusterLogs } from '#test/helpers/moto-logs.ts';
import { createStateTable, receiveAll, topicWithQueue } from '#test/helpers/moto-resources.ts';
import { failOnUnhandledRejections } from '#test/helpers/unhandled-rejections.ts';

failOnUnhandledRejections();

// moto keeps log events of the last 14 days only: the scenario is dated from now.
const NOW = Date.now();
const MINUTE = 60_000;
const CLUSTER = 'shop';

let proxy: FaultProxy;
let cluster: MotoCluster;
let sqs: SQSClient;
let queueUrl: string;
let topicArn: string;
let tableName: string;
let clock: FakeClock;

beforeEach(async () => {
  proxy = await FaultProxy.start(inject('motoEndpoint'));
  const ec2 = motoEc2();
  cluster = await createMotoCluster(ec2, CLUSTER);
  ec2.destroy();
  const line = (at: number): string =>
    `W${klogTime(at)}      10 dispatcher.go:217] Failed calling webhook, failing closed vingress.elbv2.k8s.aws: failed calling webhook "vingress.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/validate-networking-v1-ingress?timeout=10s": dial tcp ${cluster.podIp}:9443: i/o timeout`;
  await seedClusterLogs(new CloudWatchLogsClient(testClientConfig), CLUSTER, {
    [API_STREAM]: [NOW - 20 * MINUTE, NOW - 10 * MINUTE].map((timestamp) => ({
      timestamp,
      message: line(timestamp),
    })),
  });
  ({ tableName } = await createStateTable());
  ({ sqs, queueUrl, topicArn } = await topicWithQueue({ raw: true }));
  clock = new FakeClock(NOW);
});

afterEach(async () => {
  await proxy.close();
});

/**
 * One scheduled run as the analysis Lambda does it, every client through the proxy with the
 * product's configuration: load the window, query the logs, read the network, analyse, publish
 * the delta, save the alert state, commit the window.
 */
function scheduledRun() {
  const config = throughProxy(proxy);
  const dynamo = new DynamoDBClient(config);
  const windows = new DynamoDbWindowStore(dynamo, { tableName }, clock);
  const alerts = new DynamoAlertStateStore(dynamo, tableName);
  const notifier = new SnsNotifier(new SNSClient(config), topicArn);
  const insights = new CloudWatchLogsInsights(new CloudWatchLogsClient(config));
  const network = new AwsNetworkReader({ eks: new EKSClient(config), ec2: new EC2Client(config) });
  return runScheduledWindow(
    { store: windows, clock },
    { cluster: { name: CLUSTER } },
    async (_, window) => {
      const { report } = await analyzeCluster(
        { insights, network, clock },
        { cluster: CLUSTER, window },
      );
      return runAlertCycle({ store: alerts, notifier }, CLUSTER, report, clock.now());
    },
  );
}

async function delivered(): Promise<AlertNotification[]> {
  const messages: Message[] = await receiveAll(sqs, queueUrl);
  return messages.map((message) => parseAlertNotification(message.Body ?? ''));
}

async function committedEnd(): Promise<number | null> {
  const dynamo = new DynamoDBClient(testClientConfig);
  return new DynamoDbWindowStore(dynamo, { tableName }, clock).load({ name: CLUSTER });
}

describe('scheduled analysis and alerting through the fault proxy', () => {
  it('delivers the finding exactly once when every call of a run fails once', async () => {
    // Prepare
    proxy.inject({ operation: 'GetItem', fault: 'drop', times: 1 });
    proxy.inject({ operation: 'StartQuery', fault: 'error-500', times: 1 });
    proxy.inject({ operation: 'GetQueryResults', fault: 'drop', times: 1 });
    proxy.inject({ operation: 'DescribeNetworkInterfaces', fault: 'slow', delayMs: 200, times: 1 });
    proxy.inject({ operation: 'Query', fault: 'error-500', times: 1 });
    proxy.inject({ operation: 'Publish', fault: 'throttle', times: 1 });
    proxy.inject({ operation: 'PutItem', fault: 'drop', times: 1 });

    // Act
    const first = await scheduledRun();
    clock.advance(5 * MINUTE);
    const second = await scheduledRun();

    // Assess
    expect(first.kind).toBe('committed');
    expect(second.kind).toBe('committed');
    const notifications = await delivered();
    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.counts).toMatchObject({ new: 1, findings: 1 });
    expect(notifications[0]?.alerts[0]).toMatchObject({
      name: 'vingress.elbv2.k8s.aws',
      verdicts: ['blocked'],
      rules: [`ingress ${cluster.nodeSg} tcp/9443 from ${cluster.clusterSg}`],
    });
    expect(proxy.attempts('Publish')).toBe(2);
    expect(proxy.calls.filter((call) => call.fault !== null)).toHaveLength(7);
  });

  it('loses nothing when the publish fails: the window stays open and the retry delivers once', async () => {
    // Prepare
    proxy.inject({ operation: 'Publish', fault: 'error-500', times: 5 });

    // Act
    const failed = await scheduledRun().catch((error: unknown) => error);
    const afterFailure = { end: await committedEnd(), messages: await delivered() };
    clock.advance(5 * MINUTE);
    const retry = await scheduledRun();
    const afterRetry = await delivered();
    clock.advance(5 * MINUTE);
    const next = await scheduledRun();

    // Assess
    expect(failed).toBeInstanceOf(AwsCallError);
    expect((failed as AwsCallError).operation).toBe('Publish');
    expect((failed as Error).message).toMatch(
      /^Publish: topic \S+: InternalErrorException: .* \(5 attempts\)$/,
    );
    expect(afterFailure).toEqual({ end: null, messages: [] });
    expect(retry.kind).toBe('committed');
    expect(afterRetry).toHaveLength(1);
    expect(afterRetry[0]?.counts).toMatchObject({ new: 1 });
    expect(next.kind === 'committed' && next.result.published).toBeNull();
    expect(await delivered()).toEqual([]);
    expect(proxy.attempts('Publish')).toBe(5 + 1);
  });

  it('does not notify twice when the state write after a publish is throttled', async () => {
    // Prepare
    proxy.inject({ operation: 'PutItem', fault: 'throttle', times: 1, bodyIncludes: '"alert#' });

    // Act
    const first = await scheduledRun();
    clock.advance(5 * MINUTE);
    const second = await scheduledRun();

    // Assess
    expect(first.kind === 'committed' && first.result.published).not.toBeNull();
    expect(second.kind === 'committed' && second.result.published).toBeNull();
    expect(await delivered()).toHaveLength(1);
    // First run: the alert item twice (throttled, then saved), then the window item. Second run:
    // the window item only (the alert is unchanged).
    expect(proxy.attempts('PutItem')).toBe(2 + 1 + 1);
  });

  it('does not notify twice when the window commit fails after delivery: the retry finds the alert unchanged', async () => {
    // Prepare
    proxy.inject({ operation: 'PutItem', fault: 'error-500', times: 5, bodyIncludes: '"window"' });

    // Act
    const failed = await scheduledRun().catch((error: unknown) => error);
    clock.advance(5 * MINUTE);
    const retry = await scheduledRun();

    // Assess
    expect(failed).toMatchObject({ name: 'AwsCallError', operation: 'PutItem' });
    expect(retry.kind === 'committed' && retry.result.published).toBeNull();
    expect(retry.kind === 'committed' && retry.result.diff.unchanged).toHaveLength(1);
    expect(await delivered()).toHaveLength(1);
  });

  it('says the notification went out when the state cannot be saved after it, naming PutItem', async () => {
    // Prepare
    proxy.inject({ operation: 'PutItem', fault: 'error-500', times: 5, bodyIncludes: '"alert#' });

    // Act
    const failed = await scheduledRun().catch((error: unknown) => error);

    // Assess
    expect(failed).toBeInstanceOf(AlertStateNotSavedError);
    const notSaved = failed as AlertStateNotSavedError;
    expect(notSaved.operation).toBe('PutItem');
    expect(notSaved.message).toMatch(
      /^PutItem: table eks-sg-advisor-state, cluster#shop: InternalFailure: .* \(5 attempts\); notification \w+ was already published \(message \S+\), so the next run will publish it again with the same notificationId$/,
    );
    const notifications = await delivered();
    expect(notifications.map((n) => n.id)).toEqual([notSaved.notificationId]);
    expect(await committedEnd()).toBeNull();
  });
});
