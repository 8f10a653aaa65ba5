import { FAMILY_MARKERS } from '#core/logs/grammar/markers.ts';

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

/** A stream name safe to write inside a query's string literal (what EKS names its streams). */
const STREAM_NAME = /^kube-apiserver-[A-Za-z0-9_.-]{1,200}$/;

/** At most this many streams are named in one query (the query text is limited to 10,000 characters). */
export const MAX_QUERY_STREAMS = 100;

/**
 * The query the scheduled and live runs send: {@link APISERVER_EVENTS_QUERY} with a
 * `filterIndex @logStream in [...]` command naming the API-server streams, so Logs Insights reads
 * only those streams' events (`@logStream` is a default field index of Standard-class log groups;
 * the `enableLogging` event's `indexLogStream` adds the index policy where it is not). Without streams
 * (`null`), or with names that are not API-server streams, or more than {@link MAX_QUERY_STREAMS},
 * it is the saved query unchanged: the whole group is read and filtered. This runtime text is a
 * wire format (the saved query definition keeps the form without stream names).
 *
 * @example
 * apiServerEventsQuery(['kube-apiserver-0a1b']).split('\n')[1];
 * // '| filterIndex @logStream in ["kube-apiserver-0a1b"]'
 */
export function apiServerEventsQuery(streams: readonly string[] | null): string {
  if (streams === null || streams.length === 0 || streams.length > MAX_QUERY_STREAMS) {
    return APISERVER_EVENTS_QUERY;
  }
  if (!streams.every((name) => STREAM_NAME.test(name) && isApiServerStream(name))) {
    return APISERVER_EVENTS_QUERY;
  }
  const [fields, ...rest] = APISERVER_EVENTS_QUERY.split('\n');
  const list = streams.map((name) => `"${name}"`).join(', ');
  return [fields, `| filterIndex @logStream in [${list}]`, ...rest].join('\n');
}

/**
 * The streams named in a query's `filterIndex @logStream in [...]` command, or `null` when the
 * query names none (it reads every stream of the group). What the query would scan, for the
 * scan-cost model and the fakes.
 *
 * @example
 * queryStreams(apiServerEventsQuery(['kube-apiserver-0a1b'])); // ['kube-apiserver-0a1b']
 */
export function queryStreams(query: string): string[] | null {
  const match = /\|\s*filterIndex\s+@logStream\s+in\s+\[([^\]]*)\]/.exec(query);
  if (!match) return null;
  return [...(match[1] ?? '').matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '');
}

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
