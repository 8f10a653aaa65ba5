// Importing this module imports functions/analyze.ts, whose deployed handler loads its
// configuration at import (cold start): a test file must set CLUSTERS, STATE_TABLE and
// ALERT_TOPIC_ARN first, in vi.hoisted (see ANALYZE_ENV).
import type { Message } from '@aws-sdk/client-sqs';
import { type AnalyzeResponse, makeHandler } from '#functions/analyze.ts';
import { type CapturedOutput, captureOutput } from '#test/helpers/capture-output.ts';
import type { FakeClock } from '#test/helpers/fake-clock.ts';
import { lambdaContext } from '#test/helpers/lambda-context.ts';
import {
  type AnalyzeHarness,
  analyzeHarness,
  metricsServerTimeout,
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

/** The analyze handler (real middy chain) over the world's moto clients and a fake clock. */
export function analyzeHandler(
  app: AnalyzeHarness,
  clock: FakeClock,
  env: Record<string, string> = {},
): ReturnType<typeof makeHandler> {
  const { logs, eks, ec2, dynamodb, sns } = app;
  return makeHandler({
    config: app.config(env),
    clients: { logs, eks, ec2, dynamodb, sns },
    clock,
    timeoutEarlyInMillis: 5_000,
  });
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
