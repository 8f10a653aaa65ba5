import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { ReceivedWork, WorkOutcome } from '#app/fanout/process-work.ts';
import { clusterSpecText } from '#core/clusters/cluster-spec.ts';
import type { ClusterRunResult } from '#core/run/cluster-run-result.ts';
import { findingLogEntries } from '#core/run/finding-entries.ts';
import { type MetricPoint, runMetrics } from '#core/run/run-metrics.ts';
import type { Observability } from '#wiring/lambda-chain.ts';

/**
 * Logs one cluster's outcome: a summary line, one `finding` line per finding (the dashboard's
 * Logs Insights widget reads these) and a warning for skipped or incomplete windows.
 *
 * @example
 * await runClusterWorkInline(deps, works, settings, { onResult: (r) => logClusterResult(logger, r) });
 */
export function logClusterResult(logger: Logger, result: ClusterRunResult): void {
  if (result.status === 'failed') {
    logger.error('cluster failed', { cluster: result.cluster, error: result.error });
    return;
  }
  if (result.status === 'up-to-date') {
    logger.info('cluster up to date', { cluster: result.cluster, lastEnd: result.lastEnd });
    return;
  }
  const { report, ...summary } = result;
  logger.info('cluster analysed', {
    ...summary,
    findings: report.findings.length,
    recommendations: report.recommendations.length,
  });
  for (const entry of findingLogEntries(report)) logger.info('finding', { ...entry });
  if (result.planReason === 'future-state') {
    logger.warn(
      'window state in the future: a run with a clock ahead wrote it; look-back read again',
      {
        cluster: result.cluster,
        window: result.window,
      },
    );
  }
  if (result.alerts.kind === 'withheld' && result.alerts.reason === 'another-run') {
    logger.info('another run holds the cluster: nothing published or committed', {
      cluster: result.cluster,
    });
  }
  if (result.skipped !== null) {
    logger.warn('window skipped: the stored window end is older than the look-back cap', {
      cluster: result.cluster,
      skipped: result.skipped,
    });
  }
  if (result.cost.incompleteWindows > 0) {
    logger.warn('logs incomplete', { cluster: result.cluster, notes: report.notes });
  }
}

/**
 * Emits metric points in Embedded Metric Format: points without extra dimensions go to the
 * function's metrics (flushed by the chain's `logMetrics`), the others each as a single metric
 * with its own dimensions (`cluster`, `kind`).
 *
 * @example
 * emitMetrics(metrics, runMetrics(results));
 */
export function emitMetrics(metrics: Metrics, points: readonly MetricPoint[]): void {
  for (const point of points) {
    const dimensions = Object.entries(point.dimensions);
    if (dimensions.length === 0) {
      metrics.addMetric(point.name, point.unit, point.value);
      continue;
    }
    const single = metrics.singleMetric();
    for (const [name, value] of dimensions) single.addDimension(name, value);
    single.addMetric(point.name, point.unit, point.value);
  }
}

/** The worker's own metric names (next to the run metrics of each cluster). */
export const WORK_METRIC_NAMES = {
  /** Messages put back because every Logs Insights slot of the account was held. */
  deferred: 'ClustersDeferred',
  /** Messages that are not valid work: they end in the cluster dead-letter queue. */
  rejected: 'WorkRejected',
} as const;

/**
 * Logs what became of one work message and emits its metrics: the cluster's result as the
 * inline run logs it (with `target`, the `account/region/name`, and the receive count on every
 * line), a deferral, or a rejected message.
 *
 * @example
 * logWorkOutcome(observability, outcome, received);
 */
export function logWorkOutcome(
  { logger, metrics }: Observability,
  outcome: WorkOutcome,
  received: ReceivedWork,
): void {
  if (outcome.kind === 'rejected') {
    logger.error('work message rejected', { messageId: received.messageId, error: outcome.error });
    metrics.addMetric(WORK_METRIC_NAMES.rejected, 'Count', 1);
    return;
  }
  const keys = {
    target: clusterSpecText(outcome.work.cluster),
    receiveCount: received.receiveCount,
    deferrals: outcome.work.deferrals,
  };
  logger.appendKeys(keys);
  try {
    if (outcome.kind === 'deferred') {
      logger.info('cluster deferred: every Logs Insights slot of its account is held', {
        delaySeconds: outcome.delaySeconds,
      });
      metrics.addMetric(WORK_METRIC_NAMES.deferred, 'Count', 1);
      return;
    }
    logClusterResult(logger, outcome.result);
    if (outcome.kind === 'failed') {
      logger.warn('cluster will be retried, or dead-lettered after the maximum receives', {
        retryInSeconds: outcome.retryInSeconds,
      });
    }
    emitMetrics(metrics, runMetrics([outcome.result]));
  } finally {
    logger.removeKeys(Object.keys(keys));
  }
}
