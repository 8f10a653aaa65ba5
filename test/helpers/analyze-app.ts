// Importing this module imports functions/analyze.ts and functions/analyze-cluster.ts, whose
// deployed handlers load their configuration at import (cold start): a test file imports
// '#test/helpers/deployed-env.ts' before it (its first import).
import { DeleteMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { AnalyzeClients } from '#adapters/aws/clients.ts';
import type { AnalyzeResponse } from '#app/fanout/analyze-invocation.ts';
import type { ClusterRunResult } from '#core/run/cluster-run-result.ts';
import { makeHandler } from '#functions/analyze.ts';
import { makeHandler as makeWorkerHandler } from '#functions/analyze-cluster.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { type CapturedOutput, captureOutput } from '#test/helpers/capture-output.ts';
import type { FakeClock } from '#test/helpers/fake-clock.ts';
import { lambdaContext } from '#test/helpers/lambda-context.ts';
import {
  type AnalyzeHarness,
  analyzeHarness,
  metricsServerTimeout,
  receiveWork,
} from '#test/helpers/moto-app.ts';
import { createMotoCluster, type MotoCluster } from '#test/helpers/moto-cluster.ts';
import { API_STREAM, seedClusterLogs } from '#test/helpers/moto-logs.ts';

export const MINUTE = 60_000;
/** The state-table partition of cluster `shop` as the handler keys it (account from its ARN). */
export const SHOP_PK = 'cluster#123456789012/us-east-1/shop';

/** A moto world: the app's table and topic, and cluster `shop` whose metrics-server port 10251 is blocked. */
export interface ShopWorld {
  readonly app: AnalyzeHarness;
  readonly cluster: MotoCluster;
}

/**
 * Creates the world and seeds two metrics-server timeouts, 30 and 20 minutes before `t` (the
 * test's start, near the real now: moto keeps log events of the last 14 days only).
 */
export async function shopWithBlockedMetricsServer(t: number): Promise<ShopWorld> {
  const app = await analyzeHarness(['shop']);
  const cluster = await createMotoCluster(app.ec2, 'shop');
  await seedClusterLogs(app.logs, 'shop', {
    [API_STREAM]: [30, 20].map((ago) => ({
      timestamp: t - ago * MINUTE,
      message: metricsServerTimeout(t - ago * MINUTE, cluster.podIp),
    })),
  });
  return { app, cluster };
}

/** The harness's clients as the functions take them (STS against moto too). */
export function appClients(app: AnalyzeHarness): AnalyzeClients {
  const { logs, eks, ec2, dynamodb, sns, sqs } = app;
  return { logs, eks, ec2, dynamodb, sns, sqs, sts: () => new STSClient(testClientConfig) };
}

/** The analyze handler (real middy chain) over the world's moto clients and a fake clock. */
export function analyzeHandler(
  app: AnalyzeHarness,
  clock: FakeClock,
  env: Record<string, string> = {},
): ReturnType<typeof makeHandler> {
  return makeHandler({
    config: app.config(env),
    clients: appClients(app),
    clock,
    timeoutEarlyInMillis: 5_000,
    clientConfig: { maxAttempts: 1 },
  });
}

/** The analyzeCluster worker (real middy chain) over the world's moto clients and a fake clock. */
export function workerHandler(
  app: AnalyzeHarness,
  clock: FakeClock,
  env: Record<string, string> = {},
): ReturnType<typeof makeWorkerHandler> {
  return makeWorkerHandler({
    config: app.config(env),
    clients: appClients(app),
    clock,
    timeoutEarlyInMillis: 5_000,
    clientConfig: { maxAttempts: 1 },
  });
}

/** The SQS event Lambda's event source mapping builds from received messages. */
export function sqsEventOf(
  messages: readonly Message[],
  queueArn = 'arn:aws:sqs:us-east-1:123456789012:eks-sg-advisor-work',
): SQSEvent {
  return {
    Records: messages.map((message) => ({
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      attributes: {
        ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: message.Attributes?.SentTimestamp ?? '0',
        SenderId: message.Attributes?.SenderId ?? '',
        ApproximateFirstReceiveTimestamp:
          message.Attributes?.ApproximateFirstReceiveTimestamp ?? '0',
      },
      messageAttributes: {},
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'us-east-1',
    })),
  };
}

/**
 * Does what the event source mapping does with the visible work messages: each (batch size 1)
 * goes to the worker; a message not reported in `batchItemFailures` is deleted. Returns each
 * invocation's output, in order.
 */
export async function drainWorkQueue(
  app: AnalyzeHarness,
  worker: ReturnType<typeof makeWorkerHandler>,
): Promise<CapturedOutput<SQSBatchResponse>[]> {
  const outputs: CapturedOutput<SQSBatchResponse>[] = [];
  for (
    let messages = await receiveWork(app.sqs, app.workQueueUrl);
    messages.length > 0;
    messages = await receiveWork(app.sqs, app.workQueueUrl)
  ) {
    for (const message of messages) {
      const output = await captureOutput(
        () =>
          worker(
            sqsEventOf([message]),
            lambdaContext('eks-sg-advisor-test-analyzeCluster'),
          ) as Promise<SQSBatchResponse>,
      );
      outputs.push(output);
      const failed = output.outcome.ok
        ? output.outcome.value.batchItemFailures.some((f) => f.itemIdentifier === message.MessageId)
        : true;
      if (!failed) {
        await app.sqs.send(
          new DeleteMessageCommand({
            QueueUrl: app.workQueueUrl,
            ReceiptHandle: message.ReceiptHandle,
          }),
        );
      }
    }
  }
  return outputs;
}

/** A scheduled run through the queue: the dispatcher's answer, then the worker invocations. */
export async function scheduledRun(
  app: AnalyzeHarness,
  clock: FakeClock,
  env: Record<string, string> = {},
): Promise<{
  readonly dispatch: CapturedOutput<AnalyzeResponse>;
  readonly work: CapturedOutput<SQSBatchResponse>[];
  readonly records: readonly Record<string, unknown>[];
}> {
  const dispatch = await invokeAnalyze(analyzeHandler(app, clock, env), SCHEDULED_EVENT);
  const work = await drainWorkQueue(app, workerHandler(app, clock, env));
  return { dispatch, work, records: work.flatMap((output) => output.records) };
}

/** What EventBridge sends on a schedule. */
export const SCHEDULED_EVENT = { source: 'aws.events', 'detail-type': 'Scheduled Event' };

/** The log line of a cluster's result (`cluster analysed`, `cluster failed`, ...) in captured records. */
export function clusterLog(
  records: readonly Record<string, unknown>[],
  cluster: string,
): Record<string, unknown> | undefined {
  return records.find(
    (record) =>
      record.cluster === cluster &&
      typeof record.message === 'string' &&
      record.message.startsWith('cluster '),
  );
}

/** The per-cluster results of an inline answer (empty for a fan-out or a failure). */
export function inlineResults(
  captured: CapturedOutput<AnalyzeResponse>,
): readonly ClusterRunResult[] {
  const value = captured.outcome.ok ? captured.outcome.value : null;
  return value?.mode === 'inline' ? value.clusters : [];
}

/** Invokes the handler as Lambda would, capturing its logs and metrics. */
export function invokeAnalyze(
  handler: ReturnType<typeof makeHandler>,
  event: unknown,
): Promise<CapturedOutput<AnalyzeResponse>> {
  return captureOutput(
    () => handler(event, lambdaContext('eks-sg-advisor-test-analyze')) as Promise<AnalyzeResponse>,
  );
}

/** The SNS envelope an SQS subscriber (not raw) receives. */
export interface SnsEnvelope {
  readonly Subject: string;
  readonly Message: string;
  readonly MessageAttributes: Record<string, { Type: string; Value: string }>;
}

/** The envelope of a received SQS message. */
export function envelopeOf(message: Message | undefined): SnsEnvelope {
  return JSON.parse(message?.Body ?? '') as SnsEnvelope;
}
