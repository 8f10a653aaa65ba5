import { InputError } from '#core/errors.ts';
import { MAX_JSON_VALUE_BYTES } from '#core/logs/read/input-limits.ts';
import {
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COMMA,
  isJsonSpace,
  newScan,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
  type ValueScan,
  valueEnd,
} from '#core/logs/read/json-extent.ts';
import { type ExportSummary, RecordLists } from '#core/logs/read/record-lists.ts';
import type { LogEvent } from '#core/logs/read/records.ts';

/** What the top-level object parser expects next. */
type State =
  | 'open'
  | 'first-key'
  | 'key'
  | 'colon'
  | 'value'
  | 'first-element'
  | 'element'
  | 'after-element'
  | 'after-value'
  | 'done'
  | 'invalid';

const COLON = 0x3a;
const EMPTY = new Uint8Array(0);
/** Logs Insights query statuses whose results are final. */
const FINAL_STATUS = 'Complete';

/**
 * A streaming reader of the JSON output of `aws logs filter-log-events` (`{"events": [...]}`)
 * or `aws logs get-query-results` (`{"results": [...], "status": ...}`), or of the list alone
 * (`--query events` / `--query results`, told apart by its first element): bytes arrive in chunks
 * and each element of the record list is parsed and handed to `onEvent` as soon as it is
 * complete, so neither the text nor its parse tree is ever held (memory is bounded by
 * {@link MAX_JSON_VALUE_BYTES}, whatever the size of the export).
 *
 * Until a record list opens, the input may still be something else that starts with `{` (JSON
 * lines, a text line that starts with a brace): if it stops being JSON there, the reader says
 * {@link notJson} and the caller reads the input as text. Once a record list has opened
 * ({@link committed}), the input is an export, and malformed or truncated JSON is an error
 * naming the byte offset.
 *
 * Pure: bytes in, events out.
 *
 * @example
 * const reader = new LogInputReader('insights.json', (event) => classifier.push(event));
 * for await (const chunk of stream) reader.push(chunk);
 * const summary = reader.finish(); // { format, clusters, cutMessages }, or 'not-json'
 */
export class LogInputReader {
  private buffer: Uint8Array = EMPTY;
  private at = 0;
  /** Bytes of the input before `buffer[0]`. */
  private base = 0;
  private state: State = 'open';
  private scan: ValueScan = newScan();
  private key = '';
  /** Whether the document is the record list itself (`aws logs ... --query results`). */
  private topLevelList = false;
  private readonly lists: RecordLists;
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  constructor(
    private readonly label: string,
    onEvent: (event: LogEvent) => void,
  ) {
    this.lists = new RecordLists(label, onEvent);
  }

  /** Whether a record list has opened: from here on the input is read as an export or refused. */
  get committed(): boolean {
    return this.lists.progress.key !== null;
  }

  /** Whether the input turned out not to be JSON before a record list opened (read it as text). */
  get notJson(): boolean {
    return this.state === 'invalid';
  }

  /**
   * Reads the next bytes of the input (nothing once {@link notJson}).
   *
   * @throws InputError for a malformed element, malformed JSON after a record list opened, a
   *   second record list, a JSON value over {@link MAX_JSON_VALUE_BYTES}, or a query status
   *   other than `Complete`.
   */
  push(chunk: Uint8Array): void {
    this.feed(chunk, false);
  }

  /**
   * What the export held, or `'not-json'` when it stopped being JSON before a record list opened.
   *
   * @throws InputError when the input ends inside the JSON (a truncated export: the message names
   *   the byte offset), when the JSON has no record list, or as {@link push}.
   */
  finish(): ExportSummary | 'not-json' {
    this.feed(EMPTY, true);
    if (this.state === 'invalid') return 'not-json';
    if (this.state !== 'done') {
      const { key, elements } = this.lists.progress;
      const where = key === null ? '' : ` inside "${key}" after ${elements} complete elements`;
      throw new InputError(
        `logs ${this.label}: truncated JSON export: the input ends at byte ${this.base + this.buffer.length}${where}`,
      );
    }
    return this.lists.summary();
  }

  private feed(chunk: Uint8Array, final: boolean): void {
    if (this.state === 'invalid') return;
    const rest = this.buffer.subarray(this.at);
    this.base += this.at;
    if (rest.length === 0) this.buffer = chunk;
    else if (chunk.length === 0) this.buffer = rest;
    else {
      // A Buffer: its indexOf (the scan for quotes) is native, twice a Uint8Array's speed.
      const joined = Buffer.allocUnsafe(rest.length + chunk.length);
      joined.set(rest);
      joined.set(chunk, rest.length);
      this.buffer = joined;
    }
    this.at = 0;
    try {
      this.run(final);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      this.state = 'invalid';
    }
    if (this.state !== 'invalid') {
      if (this.buffer.length - this.at > MAX_JSON_VALUE_BYTES) {
        throw new InputError(
          `logs ${this.label}: a JSON value at byte ${this.base + this.at} is over ${MAX_JSON_VALUE_BYTES >> 20} MiB (a CloudWatch Logs event is at most 1 MiB)`,
        );
      }
      return;
    }
    if (this.committed) {
      throw new InputError(
        `logs ${this.label}: malformed JSON export at byte ${this.base + this.at} (inside "${this.lists.progress.key}" after ${this.lists.progress.elements} complete elements)`,
      );
    }
    this.buffer = EMPTY;
    this.at = 0;
  }

  /** Consumes what `buffer` holds; stops at a token the next chunk must complete. */
  private run(final: boolean): void {
    const bytes = this.buffer;
    for (;;) {
      while (this.at < bytes.length && isJsonSpace(bytes[this.at] ?? 0)) this.at++;
      if (this.at >= bytes.length) return;
      if (this.state === 'done') {
        this.state = 'invalid';
        return;
      }
      if (!this.step(bytes[this.at] ?? 0, final)) return;
    }
  }

  /** Takes the token starting with byte `b`; false when it needs more bytes or is invalid. */
  private step(b: number, final: boolean): boolean {
    switch (this.state) {
      case 'open':
        if (b === OPEN_ARRAY) {
          this.topLevelList = true;
          return this.expect(true, 'first-element');
        }
        return this.expect(b === OPEN_OBJECT, 'first-key');
      case 'first-key':
        if (b === CLOSE_OBJECT) return this.expect(true, 'done');
        return this.keyToken(b, final);
      case 'key':
        return this.keyToken(b, final);
      case 'colon':
        return this.expect(b === COLON, 'value');
      case 'value':
        return this.valueToken(b, final);
      case 'first-element':
        if (b === CLOSE_ARRAY) return this.closeList();
        return this.elementToken(final);
      case 'element':
        return this.elementToken(final);
      case 'after-element':
        if (b === CLOSE_ARRAY) return this.closeList();
        return this.expect(b === COMMA, 'element');
      case 'after-value':
        if (b === CLOSE_OBJECT) return this.expect(true, 'done');
        return this.expect(b === COMMA, 'key');
      default:
        return this.expect(false, 'invalid');
    }
  }

  private keyToken(b: number, final: boolean): boolean {
    if (b !== QUOTE) return this.expect(false, 'invalid');
    const key = this.token(final);
    if (key === undefined) return false;
    this.key = String(key);
    this.state = 'colon';
    return true;
  }

  private valueToken(b: number, final: boolean): boolean {
    const key = this.key === 'events' || this.key === 'results' ? this.key : null;
    if (key && b === OPEN_ARRAY) {
      this.lists.open(key);
      return this.expect(true, 'first-element');
    }
    const value = this.token(final);
    if (value === undefined) return false;
    if (this.key === 'status' && typeof value === 'string' && value !== FINAL_STATUS) {
      throw new InputError(
        `logs ${this.label}: the Logs Insights query's status is "${value.slice(0, 40)}", not "${FINAL_STATUS}": its results are incomplete`,
      );
    }
    this.state = 'after-value';
    return true;
  }

  private closeList(): boolean {
    if (this.topLevelList && !this.committed) this.lists.open('results');
    return this.expect(true, this.topLevelList ? 'done' : 'after-value');
  }

  private elementToken(final: boolean): boolean {
    const value = this.token(final);
    if (value === undefined) return false;
    if (this.topLevelList && !this.committed) {
      // `--query results` or `--query events`: the shape of the first element says which.
      if (value === null || typeof value !== 'object') return this.expect(false, 'invalid');
      this.lists.open(Array.isArray(value) ? 'results' : 'events');
    }
    this.lists.add(value);
    this.state = 'after-element';
    return true;
  }

  /** Parses the complete value at `at` and moves past it; undefined when more bytes are needed. */
  private token(final: boolean): unknown {
    const end = valueEnd(this.buffer, this.at, this.scan, final);
    if (end === -1) return undefined;
    const text = this.decoder.decode(this.buffer.subarray(this.at, end));
    const value: unknown = JSON.parse(text);
    this.at = end;
    this.scan = newScan();
    return value;
  }

  /** Moves past a one-byte token when `ok`, else marks the input invalid; true when it moved. */
  private expect(ok: boolean, next: State): boolean {
    if (!ok) {
      this.state = 'invalid';
      return false;
    }
    this.at++;
    this.state = next;
    return true;
  }
}
