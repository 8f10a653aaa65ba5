import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EKSClient } from '@aws-sdk/client-eks';
import { CloudWatchLogRetention } from '#adapters/cloudwatch-log-retention.ts';
import { EksClusterControl } from '#adapters/eks-cluster-control.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { type EnableLoggingConfig, loadEnableLoggingConfig } from '#config/load-config.ts';
import { ClusterRunsFailedError } from '#core/errors.ts';
import {
  type EnableLoggingResult,
  enableApiLoggingForClusters,
} from '#core/logging/enable-api-logging.ts';
import type { Clock } from '#core/ports.ts';
import { resolveEnableLoggingClusters } from '#core/run/enable-logging-event.ts';
import { lambdaChain, makeObservability } from '#functions/middy.ts';

/** What the enableLogging handler is built from. */
export interface EnableLoggingDeps {
  readonly config: EnableLoggingConfig;
  readonly clients: { readonly eks: EKSClient; readonly logs: CloudWatchLogsClient };
  readonly clock: Clock;
  readonly timeoutEarlyInMillis?: number;
}

/**
 * The `enableLogging` handler: turns on each configured cluster's `api` control-plane logging
 * (other log types untouched) and bounds its log group's retention; on a schedule or on demand
 * (`{"clusters": [...]}`, a subset of the configured ones). Returns one result per cluster.
 *
 * @throws InputError for a bad event; ClusterRunsFailedError when a cluster failed (the others
 *   were still processed).
 * @example
 * const handler = makeHandler({ config, clients: { eks, logs }, clock: systemClock });
 */
export function makeHandler(deps: EnableLoggingDeps) {
  const { config, clock } = deps;
  const observability = makeObservability(config);
  const ports = {
    eks: new EksClusterControl(deps.clients.eks),
    logs: new CloudWatchLogRetention(deps.clients.logs),
    clock,
  };
  const options = { retentionDays: config.retentionDays, forceRetention: config.forceRetention };
  return lambdaChain<unknown, { readonly clusters: readonly EnableLoggingResult[] }>(
    async (event, _context, { signal }) => {
      const clusters = resolveEnableLoggingClusters(event, config.clusters);
      const results = await enableApiLoggingForClusters(
        ports,
        clusters,
        { ...options, signal },
        (result) => {
          const log = result.ok ? observability.logger.info : observability.logger.error;
          log.call(observability.logger, 'cluster logging', { ...result });
        },
      );
      const failures = results.filter((result) => !result.ok);
      observability.metrics.addMetric('EnableLoggingFailures', 'Count', failures.length);
      if (failures.length > 0) {
        throw new ClusterRunsFailedError(
          failures.map((result) => ({ cluster: result.cluster, message: failureOf(result) })),
          results.length,
        );
      }
      return { clusters: results };
    },
    observability,
    { timeoutEarlyInMillis: deps.timeoutEarlyInMillis },
  );
}

function failureOf(result: EnableLoggingResult): string {
  if (result.logging.state === 'failed') return result.logging.message;
  if (result.retention?.state === 'failed') return result.retention.message;
  return 'failed';
}

/** The deployed handler: configuration read and clients built once, at cold start. */
export const handler = makeHandler({
  config: loadEnableLoggingConfig(),
  clients: { eks: new EKSClient({}), logs: new CloudWatchLogsClient({}) },
  clock: systemClock,
});
