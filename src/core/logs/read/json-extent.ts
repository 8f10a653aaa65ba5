/** JSON's structural bytes, shared by the readers of JSON exports. */
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const OPEN_ARRAY = 0x5b;
export const CLOSE_ARRAY = 0x5d;
export const OPEN_OBJECT = 0x7b;
export const CLOSE_OBJECT = 0x7d;
export const COMMA = 0x2c;

/** Progress of {@link valueEnd} over a value that continues in bytes not read yet. */
export interface ValueScan {
  /** Bytes of the value already scanned, from its first byte. */
  offset: number;
  /** Open brackets (arrays and objects) at `offset`. */
  depth: number;
  /** Whether `offset` is inside a string. */
  inString: boolean;
}

/** A fresh {@link ValueScan}. */
export function newScan(): ValueScan {
  return { offset: 0, depth: 0, inString: false };
}

/**
 * Where the JSON value that starts at `bytes[start]` ends (the index after its last byte), or
 * -1 when `bytes` ends first; `scan` then holds the progress, so the next call (with the same
 * value starting at its new `start` in a longer buffer) goes on where this one stopped. Purely
 * structural: strings are skipped (escaped quotes honoured), brackets counted, a bare value
 * (number, `true`, ...) ends at `,`, `]`, `}` or whitespace, or at the end of the input when
 * `final`. Whether the bytes are valid JSON is for `JSON.parse` to judge.
 *
 * @example
 * valueEnd(new TextEncoder().encode('[1,"]"] ,'), 0, newScan(), false); // 7
 */
export function valueEnd(
  bytes: Uint8Array,
  start: number,
  scan: ValueScan,
  final: boolean,
): number {
  const first = bytes[start];
  if (first === QUOTE) {
    const end = stringEnd(bytes, start, Math.max(start + 1, start + scan.offset));
    if (end === -1) scan.offset = bytes.length - start;
    return end;
  }
  if (first === OPEN_ARRAY || first === OPEN_OBJECT) return nestedEnd(bytes, start, scan);
  let i = start + Math.max(1, scan.offset);
  while (i < bytes.length && !endsBareValue(bytes[i] ?? 0)) i++;
  if (i < bytes.length || final) return i;
  scan.offset = i - start;
  return -1;
}

/** The index after the quote closing the string opened at `open`, scanning from `from`; -1 if none yet. */
function stringEnd(bytes: Uint8Array, open: number, from: number): number {
  let i = from;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, i);
    if (quote === -1) return -1;
    let backslashes = 0;
    for (let k = quote - 1; k > open && bytes[k] === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

function nestedEnd(bytes: Uint8Array, start: number, scan: ValueScan): number {
  let i = start + scan.offset;
  let { depth, inString } = scan;
  while (i < bytes.length) {
    if (inString) {
      const end = stringEnd(bytes, start, i);
      if (end === -1) {
        i = bytes.length;
        break;
      }
      inString = false;
      i = end;
      continue;
    }
    const b = bytes[i];
    if (b === QUOTE) inString = true;
    else if (b === OPEN_ARRAY || b === OPEN_OBJECT) depth++;
    else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  scan.offset = i - start;
  scan.depth = depth;
  scan.inString = inString;
  return -1;
}

function endsBareValue(b: number): boolean {
  return b === COMMA || b === CLOSE_ARRAY || b === CLOSE_OBJECT || isJsonSpace(b);
}

/**
 * Whether `b` is JSON whitespace (space, tab, line feed, carriage return).
 *
 * @example
 * isJsonSpace(0x20); // true
 */
export function isJsonSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}
