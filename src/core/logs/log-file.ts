import { InputError } from '#core/errors.ts';
import type { LogEvent } from '#core/logs/records.ts';

/** The events of a log file, its detected format, and the clusters its log groups name. */
export interface LogInput {
  readonly format: 'text' | 'filter-log-events' | 'get-query-results';
  readonly events: LogEvent[];
  /** Cluster names from `/aws/eks/<cluster>/cluster` log groups the input names (`@log`). */
  readonly clusters: string[];
  /** Accounts of those log groups, when `@log` names one (`<account>:/aws/eks/...`). */
  readonly accounts?: string[];
}

const LOG_GROUP = /(?:^|:)\/aws\/eks\/([0-9A-Za-z][A-Za-z0-9_-]{0,99})\/cluster$/;
/** The account `@log` names before the log group (`123456789012:/aws/eks/...`). */
const LOG_ACCOUNT = /^([0-9]{12}):\//;

/**
 * Reads a log file in any of the three accepted formats: plain text lines, the JSON output of
 * `aws logs filter-log-events` (`{"events": [{logStreamName, timestamp, message}]}`) or of
 * `aws logs get-query-results` (`{"results": [[{field, value}]]}`, `@timestamp` either
 * `YYYY-MM-DD HH:MM:SS.mmm` UTC as AWS writes it or epoch ms as moto does).
 *
 * @throws InputError naming the file when it is JSON of neither shape, or a row is malformed.
 * @example
 * parseLogInput('{"events":[{"message":"E0101 ...","logStreamName":"kube-apiserver-1","timestamp":1}]}', 'x.json').format; // 'filter-log-events'
 */
export function parseLogInput(text: string, label: string): LogInput {
  const start = text.trimStart();
  if (!start.startsWith('{')) return textInput(text);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return textInput(text);
  }
  if (isObject(data) && Array.isArray(data.events)) {
    return {
      format: 'filter-log-events',
      events: data.events.map((e, i) => filterLogEvent(e, i, label)),
      clusters: [],
    };
  }
  if (isObject(data) && Array.isArray(data.results)) {
    return insightsInput(data.results, label);
  }
  throw neitherShapeError(label);
}

/**
 * The error for JSON logs of neither accepted shape.
 *
 * @example
 * throw neitherShapeError('x.json');
 */
export function neitherShapeError(label: string): InputError {
  return new InputError(
    `logs ${label}: JSON with neither "events" (aws logs filter-log-events) nor "results" (aws logs get-query-results)`,
  );
}

/**
 * The event of one Logs Insights result row (`[{field, value}]`): `@message`, `@logStream`,
 * `@timestamp`. Null when the row has no `@message`.
 *
 * @throws InputError when `@timestamp` is present but is neither format.
 * @example
 * eventFromInsightsRow([{ field: '@message', value: 'x' }, { field: '@timestamp', value: '2026-11-28 14:54:48.778' }]);
 */
export function eventFromInsightsRow(
  row: readonly { readonly field?: string; readonly value?: string }[],
): LogEvent | null {
  const value = (name: string): string | undefined => row.find((c) => c.field === name)?.value;
  const message = value('@message');
  if (message === undefined) return null;
  const stamp = value('@timestamp');
  return {
    message,
    stream: value('@logStream') ?? null,
    timestamp: stamp === undefined ? null : insightsTimestamp(stamp),
  };
}

/**
 * Epoch ms of a Logs Insights `@timestamp`: `2026-11-28 14:54:48.778` (UTC) or an epoch-ms
 * string.
 *
 * @throws InputError when the value is neither.
 * @example
 * insightsTimestamp('1970-01-01 00:00:01.500'); // 1500
 */
export function insightsTimestamp(value: string): number {
  if (/^\d{1,16}$/.test(value)) return Number(value);
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z?$/.exec(value);
  if (!m) throw new InputError(`unrecognised @timestamp "${value.slice(0, 40)}"`);
  const ms = Number(`${m[7] ?? ''}000`.slice(0, 3));
  return Date.UTC(
    +(m[1] ?? 0),
    +(m[2] ?? 1) - 1,
    +(m[3] ?? 1),
    +(m[4] ?? 0),
    +(m[5] ?? 0),
    +(m[6] ?? 0),
    ms,
  );
}

function textInput(text: string): LogInput {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return { format: 'text', events: lines.map((message) => ({ message })), clusters: [] };
}

function insightsInput(results: unknown[], label: string): LogInput {
  const events: LogEvent[] = [];
  const clusters = new Set<string>();
  const accounts = new Set<string>();
  results.forEach((row, index) => {
    const event = insightsRowEvent(row, index, label, clusters, accounts);
    if (event) events.push(event);
  });
  return {
    format: 'get-query-results',
    events,
    clusters: [...clusters],
    accounts: [...accounts],
  };
}

/**
 * The event of element `index` of a Logs Insights `results` list (null when the row has no
 * `@message`), adding the cluster its `@log` names, if any, to `clusters` (and the account, to
 * `accounts`).
 *
 * @throws InputError naming the file and the row when the row is not a list of objects or its
 *   `@timestamp` is in neither format.
 * @example
 * insightsRowEvent([{ field: '@message', value: 'x' }], 0, 'q.json', new Set()); // { message: 'x', stream: null, timestamp: null }
 */
export function insightsRowEvent(
  row: unknown,
  index: number,
  label: string,
  clusters: Set<string>,
  accounts?: Set<string>,
): LogEvent | null {
  if (!Array.isArray(row) || !row.every(isObject)) {
    throw new InputError(`logs ${label}: results[${index}] is not a list of {field, value}`);
  }
  const cells = row.map((c) => ({ field: stringOr(c.field), value: stringOr(c.value) }));
  const group = cells.find((c) => c.field === '@log')?.value;
  const cluster = group ? LOG_GROUP.exec(group)?.[1] : undefined;
  if (cluster) clusters.add(cluster);
  const account = group ? LOG_ACCOUNT.exec(group)?.[1] : undefined;
  if (account) accounts?.add(account);
  try {
    return eventFromInsightsRow(cells);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new InputError(`logs ${label}: results[${index}]: ${why}`, { cause: error });
  }
}

/**
 * The event of element `index` of an `aws logs filter-log-events` `events` list.
 *
 * @throws InputError naming the file and the element when it has no `message` string.
 * @example
 * filterLogEvent({ message: 'x', logStreamName: 's', timestamp: 1 }, 0, 'e.json'); // { message: 'x', stream: 's', timestamp: 1 }
 */
export function filterLogEvent(raw: unknown, index: number, label: string): LogEvent {
  if (!isObject(raw) || typeof raw.message !== 'string') {
    throw new InputError(`logs ${label}: events[${index}] has no "message" string`);
  }
  const timestamp = typeof raw.timestamp === 'number' ? raw.timestamp : null;
  const stream = typeof raw.logStreamName === 'string' ? raw.logStreamName : null;
  return { message: raw.message, stream, timestamp };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
