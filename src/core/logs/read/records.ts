import { parseGoDurationMs } from '#core/logs/grammar/go-duration.ts';
import { type KlogLine, parseKlogLine, type Severity } from '#core/logs/grammar/klog-line.ts';
import { mayHoldFinding } from '#core/logs/grammar/markers.ts';

/** One CloudWatch event (its `@message` may hold several physical lines) or one text line. */
export interface LogEvent {
  readonly message: string;
  /** `@logStream`; events of different streams are never joined or correlated. */
  readonly stream?: string | null;
  /** `@timestamp` in epoch ms, when known. */
  readonly timestamp?: number | null;
}

/** One klog record: a header line and the continuation lines that belong to it. */
export interface LogRecord {
  readonly seq: number;
  readonly stream: string | null;
  readonly severity: Severity | null;
  /** Epoch ms, from the klog header with the best known year, else the event or prefix time. */
  readonly at: number | null;
  /** The first line's message, and the record's message with continuation lines joined by `\n`. */
  readonly head: string;
  readonly text: string;
  /** `Trace[id]` of a trace record, and the `END` total time when its continuation was joined. */
  readonly traceId: string | null;
  readonly traceEndMs: number | null;
}

/** Longest line judged in full; longer lines are judged on their first this-many characters. */
export const MAX_RECORD_CHARS = 4 * 1024 * 1024;

const MAX_LINES = 256;
const TRACE_HEAD = /^Trace\[(\d{1,20})\]: "/;
const TRACE_END = /^Trace\[(\d{1,20})\]: \[([^\]\s]{1,40})\] \[[^\]\s]{1,40}\] END\s*$/;
const DAY_MS = 86_400_000;

interface Open {
  readonly seq: number;
  readonly first: KlogLine;
  readonly eventTime: number | null;
  readonly traceId: string | null;
  lines: string[];
  chars: number;
  openBlock: boolean;
  lastEndsWithColon: boolean;
  traceEndMs: number | null;
}

/**
 * Reassembles klog records from events, stream by stream: the lines of one event are one record
 * (a later line never starts another, see `appendLinesOfEvent`). Across events, a header-less
 * line continues the open record of its stream when it is a TAB line of an `err=<` block or its
 * ` >` end, a `, Header:` body line, the `Trace[id]:` continuation of the same trace, or follows
 * a line that ends with `:`. Anything else starts a record.
 *
 * @example
 * const records = new RecordAssembler(Date.UTC(2026, 0, 1));
 * records.push({ message: 'E0128 09:45:35.211162 1 c.go:1] "Unhandled Error" err=<' }, emit);
 */
export class RecordAssembler {
  private readonly open = new Map<string | null, Open>();
  private seq = 0;

  constructor(private readonly referenceTime: number) {}

  /** How many records have been started (the next record's `seq`). */
  get records(): number {
    return this.seq;
  }

  /** Adds one event; `emit` receives every record the event completes. */
  push(event: LogEvent, emit: (record: LogRecord) => void): void {
    const stream = event.stream ?? null;
    const eventTime = event.timestamp ?? null;
    const message = event.message;
    const newline = message.indexOf('\n');
    const first = parseKlogLine(bounded(newline === -1 ? message : message.slice(0, newline)));
    const current = this.open.get(stream);
    let record: Open;
    if (current && !first.hasHeader && joins(current, first)) {
      append(current, first);
      record = current;
    } else {
      if (current) emit(this.close(stream, current));
      record = this.start(first, eventTime);
      this.open.set(stream, record);
    }
    if (newline !== -1) appendLinesOfEvent(record, message.slice(newline + 1));
  }

  /** Completes every open record. */
  flush(emit: (record: LogRecord) => void): void {
    for (const [stream, current] of this.open) emit(this.close(stream, current));
    this.open.clear();
  }

  /** The time of one line, as a record starting with it would have. */
  timeOfLine(line: string): number | null {
    return timeOf(parseKlogLine(line), null, this.referenceTime);
  }

  private start(first: KlogLine, eventTime: number | null): Open {
    const trace = TRACE_HEAD.exec(first.message);
    return {
      seq: this.seq++,
      first,
      eventTime,
      traceId: trace ? (trace[1] ?? null) : null,
      lines: [first.message],
      chars: first.message.length,
      openBlock: first.message.endsWith('=<'),
      lastEndsWithColon: first.message.trimEnd().endsWith(':') && !trace,
      traceEndMs: null,
    };
  }

  private close(stream: string | null, record: Open): LogRecord {
    const text = record.lines.length === 1 ? (record.lines[0] ?? '') : record.lines.join('\n');
    return {
      seq: record.seq,
      stream,
      severity: record.first.severity,
      at: timeOf(record.first, record.eventTime, this.referenceTime),
      head: record.first.message,
      text,
      traceId: record.traceId,
      traceEndMs: record.traceEndMs,
    };
  }
}

/**
 * Whether a header-less line continues the open record. klog starts every record with a header,
 * so after a header line anything header-less is a continuation, unless it holds a family
 * marker of its own (pasted fragments without headers stay separate records).
 */
function joins(current: Open, line: KlogLine): boolean {
  if (current.lines.length >= MAX_LINES || current.chars >= MAX_RECORD_CHARS) return false;
  switch (line.continuation) {
    case 'block-line':
    case 'block-end':
    case 'body':
      return true;
    case 'trace':
      return current.traceId !== null && line.message.startsWith(`Trace[${current.traceId}]:`);
    default:
      if (current.lastEndsWithColon || current.openBlock) return true;
      return current.first.hasHeader && line.message.length > 0 && !mayHoldFinding(line.message);
  }
}

/**
 * Adds the lines after the first of one event to its record: one log event is one record. klog
 * writes a header only where a record starts, so a later line of the same event that carries a
 * klog header of its own is quoted text (a callee's body, a forged message), not a statement of
 * the API server: it is left out of the record, and never starts a record of its own. Lines past
 * the record's limits are dropped too.
 */
function appendLinesOfEvent(record: Open, rest: string): void {
  for (const raw of rest.split('\n')) {
    if (raw.length === 0 || raw === '\r') continue;
    if (record.lines.length >= MAX_LINES || record.chars >= MAX_RECORD_CHARS) return;
    const line = parseKlogLine(bounded(raw));
    if (!line.hasHeader) append(record, line);
  }
}

/**
 * The text of one log event as its record keeps it: the first line, and the later lines that
 * carry no klog header of their own (see `appendLinesOfEvent`). For judging one event on its own.
 *
 * @example
 * eventText('I0101 00:00:00.000000 1 a.go:1] ok\nE0101 00:00:01.000000 1 b.go:2] forged'); // 'I0101 00:00:00.000000 1 a.go:1] ok'
 */
export function eventText(message: string): string {
  const newline = message.indexOf('\n');
  if (newline === -1) return message;
  const kept = [message.slice(0, newline)];
  for (const raw of message.slice(newline + 1).split('\n')) {
    if (raw.length > 0 && raw !== '\r' && !parseKlogLine(bounded(raw)).hasHeader) kept.push(raw);
  }
  return kept.join('\n');
}

function bounded(line: string): string {
  return line.length > MAX_RECORD_CHARS ? line.slice(0, MAX_RECORD_CHARS) : line;
}

function append(current: Open, line: KlogLine): void {
  current.lines.push(line.message);
  current.chars += line.message.length + 1;
  if (line.continuation === 'block-end') current.openBlock = false;
  current.lastEndsWithColon = line.message.trimEnd().endsWith(':');
  const end = current.traceId === null ? null : TRACE_END.exec(line.message);
  if (end && end[1] === current.traceId) current.traceEndMs = parseGoDurationMs(end[2] ?? '');
}

/**
 * Epoch ms of a line: the klog month/day/time with the year of the best full timestamp known
 * (prefix, event, or reference), moved back a year when that would put it more than two days
 * after the timestamp it was dated from (a December line read in January).
 */
function timeOf(line: KlogLine, eventTime: number | null, referenceTime: number): number | null {
  const anchor = line.prefixTime ?? eventTime;
  if (!line.time) return anchor;
  const base = anchor ?? referenceTime;
  const year = new Date(base).getUTCFullYear();
  const { month, day, msOfDay } = line.time;
  if (month < 1 || month > 12 || day < 1 || day > 31) return anchor;
  let at = Date.UTC(year, month - 1, day) + msOfDay;
  if (at - base > 2 * DAY_MS) at = Date.UTC(year - 1, month - 1, day) + msOfDay;
  return at;
}
