import type { Report } from '#core/report.ts';
import type { ClusterRunResult } from '#core/run/cluster-run-result.ts';

/** A metric data point; `dimensions` come on top of the service dimension every metric has. */
export interface MetricPoint {
  readonly name: string;
  readonly unit: 'Count' | 'Bytes' | 'Milliseconds';
  readonly value: number;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** The metric names the functions emit (the dashboard and the alarms read these). */
export const METRIC_NAMES = {
  /** Report findings (aggregated lines) per cluster and kind. */
  findings: 'Findings',
  /** Distinct endpoints a security group blocks: per cluster, and in all (no cluster dimension). */
  blockedEndpoints: 'BlockedEndpoints',
  bytesScanned: 'BytesScanned',
  recordsScanned: 'RecordsScanned',
  /** Time spent reading the logs (the analysis minus the network snapshot). */
  queryDuration: 'QueryDuration',
  /** New, changed and resolved alerts that were published. */
  alertsPublished: 'AlertsPublished',
  /** Clusters whose run failed: per cluster, and in all. */
  clusterFailures: 'ClusterFailures',
  /** Seconds of logs given up (never analysed: the stored window was older than the resume limit). */
  logsGapSeconds: 'LogsGapSeconds',
  /** A stored window end lay in the future (a clock ahead wrote it) and was repaired. */
  windowStateRepairs: 'WindowStateRepairs',
} as const;

/**
 * The metric points of an `analyze` run: per analysed cluster, findings by kind, blocked
 * endpoints, bytes and records scanned, query duration, published alerts, seconds of logs given
 * up (0 when none) and a repaired future window state; per failed cluster,
 * a failure. Fleet-wide totals of blocked endpoints and failures (no `cluster` dimension) are
 * always emitted, zero included, so alarms on them always have data.
 *
 * @example
 * runMetrics([analysedResult]).find((p) => p.name === 'BlockedEndpoints' && !p.dimensions.cluster);
 * // { name: 'BlockedEndpoints', unit: 'Count', value: 1, dimensions: {} }
 */
export function runMetrics(results: readonly ClusterRunResult[]): MetricPoint[] {
  const points: MetricPoint[] = [];
  let blockedTotal = 0;
  let failures = 0;
  for (const result of results) {
    const cluster = { cluster: result.cluster };
    if (result.status === 'failed') {
      failures++;
      points.push(count(METRIC_NAMES.clusterFailures, 1, cluster));
      continue;
    }
    if (result.status !== 'analysed') continue;
    for (const [kind, n] of findingsByKind(result.report)) {
      points.push(count(METRIC_NAMES.findings, n, { ...cluster, kind }));
    }
    const blocked = blockedEndpoints(result.report);
    blockedTotal += blocked;
    points.push(count(METRIC_NAMES.blockedEndpoints, blocked, cluster));
    points.push({
      name: METRIC_NAMES.bytesScanned,
      unit: 'Bytes',
      value: result.cost.bytesScanned,
      dimensions: cluster,
    });
    points.push(count(METRIC_NAMES.recordsScanned, result.cost.recordsScanned, cluster));
    points.push({
      name: METRIC_NAMES.queryDuration,
      unit: 'Milliseconds',
      value: Math.max(0, result.durations.analysisMs - result.durations.snapshotMs),
      dimensions: cluster,
    });
    const { alerts } = result;
    const published =
      alerts.kind === 'published'
        ? alerts.counts.new + alerts.counts.changed + alerts.counts.resolved
        : 0;
    points.push(count(METRIC_NAMES.alertsPublished, published, cluster));
    const gap = result.skipped
      ? (Date.parse(result.skipped.end) - Date.parse(result.skipped.start)) / 1000
      : 0;
    points.push(count(METRIC_NAMES.logsGapSeconds, gap, cluster));
    if (result.planReason === 'future-state') {
      points.push(count(METRIC_NAMES.windowStateRepairs, 1, cluster));
    }
  }
  points.push(count(METRIC_NAMES.blockedEndpoints, blockedTotal, {}));
  points.push(count(METRIC_NAMES.clusterFailures, failures, {}));
  return points;
}

/**
 * The number of distinct endpoints (`ip:port`, or `host:port` when no IP is known) of the
 * report's findings a security group or a network ACL blocks.
 *
 * @example
 * blockedEndpoints(report); // 2
 */
export function blockedEndpoints(report: Report): number {
  const endpoints = new Set<string>();
  for (const finding of report.findings) {
    if (finding.verdict !== 'blocked' && finding.verdict !== 'nacl-blocked') continue;
    endpoints.add(`${finding.ip ?? finding.host ?? finding.name ?? '?'}:${finding.port ?? '?'}`);
  }
  return endpoints.size;
}

function findingsByKind(report: Report): Map<string, number> {
  const kinds = new Map<string, number>();
  for (const finding of report.findings)
    kinds.set(finding.kind, (kinds.get(finding.kind) ?? 0) + 1);
  return kinds;
}

function count(name: string, value: number, dimensions: Record<string, string>): MetricPoint {
  return { name, unit: 'Count', value, dimensions };
}
