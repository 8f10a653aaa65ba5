import type { Report, ReportFinding } from '#core/model/report.ts';

/**
 * One finding as the `analyze` function logs it (message `finding`): the fields the dashboard's
 * Logs Insights widget groups by. Values come from logs: the logger JSON-encodes them and the
 * dashboard shows them as text.
 */
export interface FindingLogEntry {
  readonly cluster: string;
  readonly kind: string;
  readonly name: string | null;
  /** `ip:port`, or `host:port` when no IP is known. */
  readonly endpoint: string;
  /** `<name> <endpoint>`: one label per failing endpoint for the widget. */
  readonly label: string;
  readonly verdict: string;
  readonly error: string | null;
  /** How many times it failed in the window. */
  readonly failures: number;
  readonly lastSeen: string | null;
}

/** Findings logged per cluster and run at most (the report holds them all). */
export const MAX_LOGGED_FINDINGS = 100;

/**
 * The log entries of a report's findings, at most `limit`, in report order.
 *
 * @example
 * findingLogEntries(report)[0];
 * // { cluster: 'prod', kind: 'apiservice-availability', name: 'v1beta1.metrics.k8s.io',
 * //   endpoint: '10.0.1.77:10251', label: 'v1beta1.metrics.k8s.io 10.0.1.77:10251', verdict: 'blocked', ... }
 */
export function findingLogEntries(
  report: Report,
  limit: number = MAX_LOGGED_FINDINGS,
): FindingLogEntry[] {
  return report.findings.slice(0, limit).map((finding) => entryOf(report.cluster, finding));
}

function entryOf(cluster: string, finding: ReportFinding): FindingLogEntry {
  const endpoint = `${finding.ip ?? finding.host ?? '?'}:${finding.port ?? '?'}`;
  return {
    cluster,
    kind: finding.kind,
    name: finding.name,
    endpoint,
    label: `${finding.name ?? finding.kind} ${endpoint}`,
    verdict: finding.verdict,
    error: finding.error,
    failures: finding.count,
    lastSeen: finding.lastSeen,
  };
}
