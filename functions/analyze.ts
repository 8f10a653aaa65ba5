import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { SNSClient } from '@aws-sdk/client-sns';
import { AwsNetworkReader } from '#adapters/aws-network-reader.ts';
import { CloudWatchLogsInsights } from '#adapters/cloudwatch-logs-insights.ts';
import { DynamoAlertStateStore } from '#adapters/dynamodb-alert-store.ts';
import { DynamoDbWindowStore } from '#adapters/dynamodb-window-store.ts';
import { SnsNotifier } from '#adapters/sns-notifier.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { type AnalyzeConfig, loadAnalyzeConfig } from '#config/load-config.ts';
import type { Clock } from '#core/ports.ts';
import { analyzeClusters, throwIfAnyFailed } from '#core/run/analyze-clusters.ts';
import { resolveAnalyzeRequest } from '#core/run/analyze-event.ts';
import { clusterRefs } from '#core/run/cluster-refs.ts';
import type { ClusterRunResult } from '#core/run/cluster-run-result.ts';
import { runMetrics } from '#core/run/run-metrics.ts';
import { lambdaChain, makeObservability } from '#functions/middy.ts';
import { emitMetrics, logClusterResult } from '#functions/run-output.ts';

/** What the analyze handler is built from: configuration, SDK clients and a clock. */
export interface AnalyzeDeps {
  readonly config: AnalyzeConfig;
  readonly clients: {
    readonly logs: CloudWatchLogsClient;
    readonly eks: EKSClient;
    readonly ec2: EC2Client;
    readonly dynamodb: DynamoDBClient;
    readonly sns: SNSClient;
  };
  readonly clock: Clock;
  readonly timeoutEarlyInMillis?: number;
}

/** What an invocation returns: the request as resolved, and each cluster's result with its report. */
export interface AnalyzeResponse {
  readonly trigger: 'schedule' | 'on-demand';
  readonly dryRun: boolean;
  readonly notify: boolean;
  readonly clusters: readonly ClusterRunResult[];
}

/**
 * The `analyze` handler: validates the event (scheduled, or on-demand overrides), then for each
 * cluster runs the incremental window → findings → snapshot → recommendations → notification →
 * commit, logs and emits metrics, and returns the results. Fails when any cluster failed.
 *
 * @throws InputError for a bad event; ClusterRunsFailedError when a cluster failed.
 * @example
 * const handler = makeHandler({ config, clients, clock: systemClock });
 */
export function makeHandler(deps: AnalyzeDeps) {
  const { config, clients, clock } = deps;
  const observability = makeObservability(config);
  const ports = {
    insights: new CloudWatchLogsInsights(clients.logs),
    network: new AwsNetworkReader({ eks: clients.eks, ec2: clients.ec2 }),
    clock,
    windows: new DynamoDbWindowStore(clients.dynamodb, { tableName: config.stateTable }, clock),
    alerts: new DynamoAlertStateStore(clients.dynamodb, config.stateTable),
    notifier: new SnsNotifier(clients.sns, config.alertTopicArn),
  };
  const settings = { windowPlan: config.windowPlan, resolveAfterMs: config.resolveAfterMs };
  const defaults = { ...config, maxSinceMs: config.windowPlan.maxResumeAgeMs };
  return lambdaChain<unknown, AnalyzeResponse>(
    async (event, context, { signal }) => {
      const request = resolveAnalyzeRequest(event, defaults);
      const where = { functionArn: context.invokedFunctionArn, region: config.region };
      const { dryRun, notify, sinceMs } = request;
      const runs = clusterRefs(request.clusters, where).map((cluster) => ({
        cluster,
        sinceMs,
        dryRun,
        notify,
      }));
      const results = await analyzeClusters(ports, runs, settings, {
        signal,
        onResult: (result) => logClusterResult(observability.logger, result),
      });
      emitMetrics(observability.metrics, runMetrics(results));
      throwIfAnyFailed(results);
      return { trigger: request.trigger, dryRun, notify, clusters: results };
    },
    observability,
    { timeoutEarlyInMillis: deps.timeoutEarlyInMillis },
  );
}

/** The deployed handler: configuration read and clients built once, at cold start. */
export const handler = makeHandler({
  config: loadAnalyzeConfig(),
  clients: {
    logs: new CloudWatchLogsClient({}),
    eks: new EKSClient({}),
    ec2: new EC2Client({}),
    dynamodb: new DynamoDBClient({}),
    sns: new SNSClient({}),
  },
  clock: systemClock,
});
