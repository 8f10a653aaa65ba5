import { FAMILY_MARKERS } from '#core/logs/markers.ts';

/**
 * The Logs Insights query that feeds the classifier: the API-server streams only (not the audit
 * streams), events that contain one of the classifier's family markers, oldest first. The filter
 * is coarse on purpose; exact parsing happens in TypeScript, so a query engine that ignores
 * `filter` (an emulator) yields more events but the same findings.
 */

/** Name of the saved query (console folder `eks-sg-advisor`). */
export const APISERVER_EVENTS_QUERY_NAME = 'eks-sg-advisor/apiserver-endpoint-failures';

/** Keeps `kube-apiserver-<hex>` streams and drops `kube-apiserver-audit-<hex>` streams. */
export const API_SERVER_STREAM_FILTER =
  '@logStream like /^kube-apiserver-/ and @logStream not like /^kube-apiserver-audit-/';

/**
 * A literal text as a Logs Insights regular-expression body: regex metacharacters and the `/`
 * delimiter are backslash-escaped; quotes and backticks become `.` (any character), so the
 * pattern never depends on how the query parser treats quotes inside a regex literal. The match
 * is therefore a little wider than the literal, never narrower.
 *
 * @example
 * insightsRegexLiteral('] Dialing...'); // '\\] Dialing\\.\\.\\.'
 * insightsRegexLiteral('webhook" '); // 'webhook. '
 */
export function insightsRegexLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/["'`]/g, '.');
}

/** `@message like /m1|m2|.../` over {@link FAMILY_MARKERS}. */
export const MARKER_FILTER = `@message like /${FAMILY_MARKERS.map(insightsRegexLiteral).join('|')}/`;

/** The query text (no `limit`: the runner passes StartQuery's `limit`; the console applies its own). */
export const APISERVER_EVENTS_QUERY = [
  'fields @timestamp, @logStream, @message',
  `| filter ${API_SERVER_STREAM_FILTER}`,
  `| filter ${MARKER_FILTER}`,
  '| sort @timestamp asc',
].join('\n');

/**
 * The stream filter of {@link API_SERVER_STREAM_FILTER} in TypeScript, applied again to the rows
 * so the result is right even where the query engine skipped the filter. An unknown stream
 * (`null`) is kept.
 *
 * @example
 * isApiServerStream('kube-apiserver-0123abcd'); // true
 * isApiServerStream('kube-apiserver-audit-0123abcd'); // false
 */
export function isApiServerStream(stream: string | null | undefined): boolean {
  if (stream == null) return true;
  return stream.startsWith('kube-apiserver-') && !stream.startsWith('kube-apiserver-audit-');
}
