/**
 * Reads klog's structured encoding: `"msg" key="value" key2=<multi-line> key3=bare`.
 * Quoted values are Go `strconv.Quote` strings; multi-line values are `<`, TAB-indented lines,
 * and ` >` (klog ≥ v2.40).
 */

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  "'": "'",
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\u0007',
  b: '\b',
  f: '\f',
  v: '\v',
};

/** A Go-quoted string read from `text` at `start` (the opening quote); `end` is past the closing quote. */
export interface QuotedRead {
  readonly value: string;
  readonly end: number;
  readonly closed: boolean;
}

/**
 * Reads the Go-quoted string that opens at `text[start]`, undoing `strconv.Quote` escapes.
 * An unterminated string runs to the end of `text` (`closed: false`).
 *
 * @example
 * readGoQuoted('"a \\"b\\"" x', 0); // { value: 'a "b"', end: 10, closed: true }
 */
export function readGoQuoted(text: string, start: number): QuotedRead {
  let out = '';
  let i = start + 1;
  while (i < text.length) {
    const quote = text.indexOf('"', i);
    const backslash = text.indexOf('\\', i);
    if (quote === -1 && backslash === -1) break;
    if (backslash === -1 || (quote !== -1 && quote < backslash)) {
      return { value: out + text.slice(i, quote), end: quote + 1, closed: true };
    }
    out += text.slice(i, backslash);
    if (backslash + 1 >= text.length) {
      out += '\\';
      i = backslash + 1;
      break;
    }
    const unescaped = unescapeAt(text, backslash);
    out += unescaped.text;
    i = unescaped.next;
  }
  return { value: out + text.slice(i), end: text.length, closed: false };
}

/** The character a Go escape at `at` (a backslash) stands for, and where the text goes on. */
function unescapeAt(text: string, at: number): { text: string; next: number } {
  const next = text[at + 1] ?? '';
  const simple = SIMPLE_ESCAPES[next];
  if (simple !== undefined) return { text: simple, next: at + 2 };
  const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
  const hex = width > 0 ? text.slice(at + 2, at + 2 + width) : '';
  const code = width > 0 && /^[0-9a-fA-F]+$/.test(hex) ? Number.parseInt(hex, 16) : Number.NaN;
  if (hex.length === width && Number.isFinite(code) && code <= 0x10ffff) {
    return { text: String.fromCodePoint(code), next: at + 2 + width };
  }
  return { text: next, next: at + 2 };
}

/** A structured klog message: its `msg` and its key/value pairs in order. */
export interface StructuredMessage {
  readonly msg: string;
  readonly fields: ReadonlyMap<string, string>;
}

const KEY = /([A-Za-z_][\w.-]{0,63})=/y;

/**
 * Parses a structured klog message (`"msg" k="v" k2=<\n\tline\n >`). Returns null when `text`
 * does not start with a quoted message. Malformed tails end the field list; they never throw.
 *
 * @example
 * parseStructured('"Unhandled Error" err="x \\"y\\"" logger="UnhandledError"')?.fields.get('err'); // 'x "y"'
 */
export function parseStructured(text: string): StructuredMessage | null {
  if (text.charCodeAt(0) !== 0x22) return null;
  const head = readGoQuoted(text, 0);
  if (!head.closed) return null;
  const fields = new Map<string, string>();
  let i = head.end;
  while (i < text.length) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n')) i++;
    KEY.lastIndex = i;
    const key = KEY.exec(text);
    if (!key) break;
    const name = key[1] ?? '';
    i = KEY.lastIndex;
    const first = text[i];
    if (first === '"') {
      const value = readGoQuoted(text, i);
      fields.set(name, value.value);
      i = value.end;
    } else if (first === '<' && text[i + 1] === '\n') {
      const block = readBlock(text, i + 2);
      fields.set(name, block.value);
      i = block.end;
    } else {
      let end = i;
      while (end < text.length && text[end] !== ' ' && text[end] !== '\n') end++;
      fields.set(name, text.slice(i, end));
      i = end;
    }
  }
  return { msg: head.value, fields };
}

/** Reads indented lines (TAB, or spaces after a copy) until a line that starts with ` >` (or the end). */
function readBlock(text: string, start: number): { value: string; end: number } {
  const lines: string[] = [];
  let i = start;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    const lineEnd = nl === -1 ? text.length : nl;
    const line = text.slice(i, lineEnd);
    if (line.startsWith(' >')) return { value: lines.join('\n'), end: i + 2 };
    lines.push(line.trimStart());
    i = lineEnd + 1;
  }
  return { value: lines.join('\n'), end: text.length };
}
