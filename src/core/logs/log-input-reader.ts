import { isJsonSpace, newScan, type ValueScan, valueEnd } from '#core/logs/json-extent.ts';
import { type LogInput, parseLogInput } from '#core/logs/log-file.ts';
import { RecordLists } from '#core/logs/record-lists.ts';

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

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;
const EMPTY = new Uint8Array(0);

/**
 * {@link parseLogInput} over bytes that arrive in chunks, without ever holding the whole text or
 * its parsed tree: a JSON input (`aws logs filter-log-events` or `aws logs get-query-results`
 * output) is read element by element, each element parsed with `JSON.parse` and turned into an
 * event at once. Other inputs (plain text, or JSON preceded by other than JSON whitespace) are
 * collected and handed to {@link parseLogInput} at the end, so the result is the same in every
 * case; when an input that starts like JSON turns out not to be JSON, {@link finish} says so and
 * the caller reads it again as text with {@link parseLogInput} (as it would have been read).
 *
 * Pure: bytes in, events out.
 *
 * @example
 * const reader = new LogInputReader('insights.json');
 * for await (const chunk of stream) reader.push(chunk);
 * const input = reader.finish(); // a LogInput, or 'not-json'
 */
export class LogInputReader {
  private mode: 'detect' | 'whole' | 'json' = 'detect';
  private readonly held: Uint8Array[] = [];
  private buffer: Uint8Array = EMPTY;
  private at = 0;
  private state: State = 'open';
  private scan: ValueScan = newScan();
  private key = '';
  private readonly lists: RecordLists;
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  constructor(private readonly label: string) {
    this.lists = new RecordLists(label);
  }

  /** Reads the next bytes of the input. */
  push(chunk: Uint8Array): void {
    if (this.mode === 'detect') this.detect(chunk);
    else if (this.mode === 'whole') this.held.push(chunk);
    else this.feed(chunk, false);
  }

  /**
   * The input's events, as {@link parseLogInput} would give them for the whole text, or
   * `'not-json'` when the input starts like JSON but is not (read it again as text).
   *
   * @throws InputError as {@link parseLogInput}: JSON of neither shape, or a malformed element.
   */
  finish(): LogInput | 'not-json' {
    if (this.mode !== 'json') return parseLogInput(this.wholeText(), this.label);
    this.feed(EMPTY, true);
    if (this.state !== 'done') return 'not-json';
    return this.lists.input();
  }

  /** Holds bytes until the first one that is not JSON whitespace decides the mode. */
  private detect(chunk: Uint8Array): void {
    this.held.push(chunk);
    const first = chunk.findIndex((b) => !isJsonSpace(b));
    if (first === -1) return;
    this.mode = chunk[first] === OPEN_OBJECT ? 'json' : 'whole';
    if (this.mode === 'json') {
      this.held.length = 0;
      this.feed(chunk.subarray(first), false);
    }
  }

  private wholeText(): string {
    const total = this.held.reduce((sum, c) => sum + c.length, 0);
    const all = new Uint8Array(total);
    let offset = 0;
    for (const chunk of this.held) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    this.held.length = 0;
    return this.decoder.decode(all);
  }

  private feed(chunk: Uint8Array, final: boolean): void {
    if (this.state === 'invalid') return;
    const rest = this.buffer.subarray(this.at);
    if (rest.length === 0) this.buffer = chunk;
    else if (chunk.length === 0) this.buffer = rest;
    else {
      const joined = new Uint8Array(rest.length + chunk.length);
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
    if (this.state === 'invalid') this.buffer = EMPTY;
  }

  /** Consumes what `buffer` holds; stops at a token the next chunk must complete. */
  private run(final: boolean): void {
    const bytes = this.buffer;
    for (;;) {
      while (this.at < bytes.length && isJsonSpace(bytes[this.at] ?? 0)) this.at++;
      if (this.at >= bytes.length || !this.step(bytes[this.at] ?? 0, final)) return;
    }
  }

  /** Takes the token starting with byte `b`; false when it needs more bytes or is invalid. */
  private step(b: number, final: boolean): boolean {
    switch (this.state) {
      case 'open':
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
        if (b === CLOSE_ARRAY) return this.expect(true, 'after-value');
        return this.elementToken(final);
      case 'element':
        return this.elementToken(final);
      case 'after-element':
        if (b === CLOSE_ARRAY) return this.expect(true, 'after-value');
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
    if (this.token(final) === undefined) return false;
    if (key) this.lists.other(key);
    this.state = 'after-value';
    return true;
  }

  private elementToken(final: boolean): boolean {
    const value = this.token(final);
    if (value === undefined) return false;
    this.lists.add(value);
    this.state = 'after-element';
    return true;
  }

  /** Parses the complete value at `at` and moves past it; undefined when more bytes are needed. */
  private token(final: boolean): unknown {
    const end = valueEnd(this.buffer, this.at, this.scan, final);
    if (end === -1) return undefined;
    const text = this.decoder.decode(this.buffer.subarray(this.at, end));
    this.at = end;
    this.scan = newScan();
    return JSON.parse(text);
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
