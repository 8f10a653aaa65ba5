import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { ClusterRunResult } from '#core/run/cluster-run-result.ts';
import { findingLogEntries } from '#core/run/finding-entries.ts';
import type { MetricPoint } from '#core/run/run-metrics.ts';

/**
 * Logs one cluster's outcome: a summary line, one `finding` line per finding (the dashboard's
 * Logs Insights widget reads these) and a warning for skipped or incomplete windows.
 *
 * @example
 * await analyzeClusters(deps, requests, settings, { onResult: (r) => logClusterResult(logger, r) });
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
