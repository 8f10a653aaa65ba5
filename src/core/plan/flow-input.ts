import { InputError } from '#core/errors.ts';
import { eventMessages } from '#core/plan/event-messages.ts';
import { parseFlowLine, parseNumberedLine } from '#core/plan/flow-line.ts';
import {
  canonicalField,
  DEFAULT_FLOW_FIELDS,
  type FlowRecord,
  PLANNER_FLOW_FIELDS,
  parseFlowFormat,
  recordOf,
} from '#core/plan/flow-record.ts';

/** Options of {@link readFlowLogs}. */
export interface FlowInputOptions {
  /** The format of records that carry no header (a format string or a header line). */
  readonly format?: string | null;
  /** How to name the input in errors. */
  readonly label?: string;
}

/**
 * Reads flow-log records from any of the shapes AWS gives them in, detected from the text:
 * - plain records, one a line, with or without a header line (`version account-id ...`, as S3
 *   objects carry it); without a header the format is `options.format`, else the default format,
 *   else (by field count) the planner's custom format;
 * - the JSON of `aws logs filter-log-events` (`{"events":[{"message"}]}`), messages read the same way;
 * - the JSON of `aws logs get-query-results` (`{"results":[[{"field","value"}]]}`): rows with an
 *   `@message` are parsed as records, other rows are read by field name (`srcAddr`, `dstport`,
 *   `pkt_dstaddr`...; Logs Insights' discovered names and `parse ... as` names alike).
 *
 * @throws InputError naming the line or row that cannot be read.
 * @example
 * readFlowLogs('version srcaddr dstaddr srcport dstport protocol action log-status\n2 10.0.1.10 10.0.2.5 40000 9443 6 ACCEPT OK\n').length; // 1
 */
export function readFlowLogs(text: string, options: FlowInputOptions = {}): FlowRecord[] {
  return [...flowRecords(text, options)];
}

/**
 * {@link readFlowLogs} one record at a time, so that a week of records is never held at once.
 *
 * @throws InputError as {@link readFlowLogs}, when the generator reaches the bad record.
 * @example
 * for (const record of flowRecords(text)) count++;
 */
export function flowRecords(text: string, options: FlowInputOptions = {}): Generator<FlowRecord> {
  const label = options.label ?? 'flow logs';
  const explicit = options.format ? parseFlowFormat(options.format) : null;
  // One generator per input (no delegation chain per record): a week of records goes through it.
  const json = jsonStart(text);
  if (json < 0) return readLines(text.split('\n'), explicit, label);
  const body = json === 0 ? text : text.slice(json);
  // A filter-log-events export is read without building its events (the common, large input).
  const messages = eventMessages(body);
  return messages === null
    ? readJson(body, explicit, label)
    : eventRecords(messages, explicit, label);
}

/**
 * Where the JSON starts when the first character that is not white space (as `trimStart` sees
 * it) opens an object or an array; -1 when the text is not JSON. No copy of a large text is made.
 */
function jsonStart(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) return i; // { [
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && !/\s/.test(text[i] ?? '')) return -1;
  }
  return -1;
}

/**
 * Flow-log records from log-event messages (a Logs Insights `@message` column, or
 * filter-log-events messages), in `options.format`, else recognised by field count.
 *
 * @throws InputError naming the message whose field count does not match.
 * @example
 * [...flowRecordsOfMessages(events.map((e) => e.message))].length;
 */
export function flowRecordsOfMessages(
  messages: Iterable<string>,
  options: FlowInputOptions = {},
): Generator<FlowRecord> {
  const explicit = options.format ? parseFlowFormat(options.format) : null;
  return readLines(messages, explicit, options.label ?? 'flow-log events');
}

function* readLines(
  lines: Iterable<string>,
  explicit: readonly string[] | null,
  label: string,
): Generator<FlowRecord> {
  let fields = explicit;
  let n = 0;
  for (const raw of lines) {
    n++;
    const line = raw.trim();
    if (line === '') continue;
    if (isHeader(line)) {
      fields = parseFlowFormat(line);
      continue;
    }
    fields ??= formatByCount(line);
    yield parseNumberedLine(line, fields, label, n);
  }
}

function isHeader(line: string): boolean {
  // Records start with a number or an ID; only a line starting with a letter or `$` can be a header.
  const c = line.charCodeAt(0);
  if (c >= 48 && c <= 57) return false;
  const first = line.slice(0, line.indexOf(' ') >>> 0);
  return /^(\$\{)?[a-z][a-z_-]*\}?$/i.test(first) && /srcaddr/i.test(line);
}

function formatByCount(line: string): readonly string[] {
  const count = line.split(/\s+/).length;
  return count === PLANNER_FLOW_FIELDS.length ? PLANNER_FLOW_FIELDS : DEFAULT_FLOW_FIELDS;
}

function* readJson(
  text: string,
  explicit: readonly string[] | null,
  label: string,
): Generator<FlowRecord> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new InputError(`${label} is not valid JSON: ${why}`, { cause: error });
  }
  if (isObject(data) && Array.isArray(data.events)) {
    const events = data.events;
    const messages = events.map((event: unknown, i) => {
      if (!isObject(event) || typeof event.message !== 'string') {
        throw new InputError(`${label}: events[${i}] has no message`);
      }
      return event.message;
    });
    yield* eventRecords(messages, explicit, label);
    return;
  }
  if (isObject(data) && Array.isArray(data.results)) {
    for (let i = 0; i < data.results.length; i++) {
      yield rowRecord(data.results[i], explicit, `${label} results[${i}]`);
    }
    return;
  }
  throw new InputError(
    `${label}: expected flow-log lines, {"events":[...]} (filter-log-events) or {"results":[...]} (get-query-results)`,
  );
}

/** The records of an export's messages, numbered as its events. */
function* eventRecords(
  messages: readonly string[],
  explicit: readonly string[] | null,
  label: string,
): Generator<FlowRecord> {
  const where = `${label} events`;
  let fields = explicit;
  for (let i = 0; i < messages.length; i++) {
    const line = (messages[i] ?? '').trim();
    if (line === '') continue;
    if (isHeader(line)) {
      fields = parseFlowFormat(line);
      continue;
    }
    fields ??= formatByCount(line);
    yield parseNumberedLine(line, fields, where, i + 1);
  }
}

function rowRecord(row: unknown, explicit: readonly string[] | null, where: string): FlowRecord {
  if (!Array.isArray(row)) throw new InputError(`${where} is not a list of fields`);
  const values = new Map<string, string>();
  let message: string | null = null;
  for (const cell of row) {
    if (!isObject(cell) || typeof cell.field !== 'string') continue;
    const value = typeof cell.value === 'string' ? cell.value : String(cell.value ?? '');
    if (cell.field === '@message') message = value;
    else values.set(canonicalField(cell.field), value);
  }
  if (!values.has('srcaddr') && message !== null) {
    return parseFlowLine(message, explicit ?? formatByCount(message), where);
  }
  if (!values.has('srcaddr') || !values.has('dstaddr')) {
    throw new InputError(`${where} has neither @message nor srcaddr and dstaddr fields`);
  }
  return recordOf(values, where);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
