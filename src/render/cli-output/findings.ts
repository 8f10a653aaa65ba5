import type { Finding, LineVerdict } from '#core/model/finding.ts';
import { isoOf } from '#core/window/iso-time.ts';
import { jsonText, plainText } from '#render/escape.ts';

/**
 * One finding as a JSON line: the seven contract fields first, then the rest, with `at` as ISO
 * 8601.
 *
 * @example
 * findingToJson(finding); // '{"kind":"webhook-admission","name":"x",...}'
 */
export function findingToJson(finding: Finding): string {
  const { kind, name, host, ip, port, error, latencyMs, at, ...rest } = finding;
  const dial =
    'dial' in rest && rest.dial ? { dial: { ...rest.dial, at: isoOf(rest.dial.at) } } : {};
  return jsonText({
    kind,
    name,
    host,
    ip,
    port,
    error,
    latencyMs,
    at: isoOf(at),
    ...rest,
    ...dial,
  });
}

/** One `classify --all` verdict as a JSON line with exactly the contract fields. */
export function verdictToJson(verdict: LineVerdict): string {
  const { kind, name, host, ip, port, error, latencyMs } = verdict;
  return jsonText({ kind, name, host, ip, port, error, latencyMs });
}

const COLUMNS = ['TIME', 'KIND', 'NAME', 'ENDPOINT', 'ERROR', 'LATENCY', 'DETAIL'] as const;
const WIDTH_CAP: Readonly<Record<(typeof COLUMNS)[number], number>> = {
  TIME: 24,
  KIND: 24,
  NAME: 48,
  ENDPOINT: 48,
  ERROR: 12,
  LATENCY: 9,
  DETAIL: 70,
};

/**
 * Findings as a plain-text table for a terminal, one row per finding, cells cut to fit.
 * Control and bidi characters from log text are replaced so they cannot move the cursor or
 * reorder a cell.
 *
 * @example
 * findingsTable([]); // 'No findings.\n'
 */
export function findingsTable(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No findings.\n';
  const rows = findings.map((f) => ({
    TIME: f.at === null ? '-' : new Date(f.at).toISOString().replace('T', ' ').slice(0, 23),
    KIND: f.kind,
    NAME: f.name ?? '-',
    ENDPOINT: endpointOf(f),
    ERROR: f.error ?? outcomeOf(f),
    LATENCY: f.latencyMs === null ? '-' : `${f.latencyMs}ms`,
    DETAIL: f.detail,
  }));
  const widths = COLUMNS.map((column) =>
    Math.min(
      WIDTH_CAP[column],
      Math.max(column.length, ...rows.map((r) => plainText(r[column]).length)),
    ),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => fitCell(plainText(cell), widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(COLUMNS.map((c) => r[c])))].join('\n')}\n`;
}

/** The dialled endpoint: the IP the line names, else the correlated EKS dial, else the URL host. */
function endpointOf(f: Finding): string {
  if (f.ip !== null) return f.port === null ? f.ip : `${f.ip}:${f.port}`;
  if ((f.kind === 'webhook-admission' || f.kind === 'webhook-conversion') && f.dial) {
    return `${f.dial.ip}:${f.dial.port} (dialer)`;
  }
  if (f.host === null) return '-';
  return f.port === null ? f.host : `${f.host}:${f.port}`;
}

function outcomeOf(f: Finding): string {
  if (f.kind === 'dial') return f.outcome;
  if (f.kind === 'webhook-admission' || f.kind === 'webhook-conversion')
    return f.traceOutcome ?? '-';
  return '-';
}

function fitCell(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text.padEnd(width);
}
