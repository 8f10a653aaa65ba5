import type { ReceivedWork, WorkOutcome } from '#app/fanout/process-work.ts';
import { clusterSpecText } from '#core/clusters/cluster-spec.ts';
import { runMetrics } from '#core/run/run-metrics.ts';
import type { Observability } from '#functions/middy.ts';
import { emitMetrics, logClusterResult } from '#functions/run-output.ts';

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
