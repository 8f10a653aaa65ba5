/**
 * What the first bytes of a log input say about how to read it: UTF-8 text (or JSON), UTF-16
 * text to decode, a compressed file, or binary data that no log reader should guess at.
 */

/** How many bytes {@link sniffInput} looks at (fewer when the input is shorter). */
export const SNIFF_BYTES = 64 * 1024;

/** The encoding or container the first bytes of an input show. */
export type InputEncoding =
  | { readonly kind: 'utf8'; readonly bom: boolean }
  | { readonly kind: 'utf16'; readonly endian: 'le' | 'be'; readonly bom: boolean }
  | { readonly kind: 'compressed'; readonly format: CompressedFormat }
  | { readonly kind: 'binary'; readonly offset: number };

export type CompressedFormat = 'gzip' | 'zstd' | 'bzip2' | 'xz' | 'zip';

const MAGIC: readonly (readonly [CompressedFormat, readonly number[]])[] = [
  ['gzip', [0x1f, 0x8b]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
];

/**
 * Judges the first bytes of an input (up to {@link SNIFF_BYTES} are looked at; `complete` when
 * they are the whole input, so a multi-byte character cut at their end is an error): a compression
 * magic number; a
 * UTF-8 or UTF-16 byte order mark; UTF-16 without one (text whose every other byte is zero); and
 * binary data: a zero byte in what is not UTF-16, or more than one byte in 20 that is neither
 * text nor valid UTF-8 (ESC, TAB, CR, form feed and vertical tab count as text). Anything else
 * is UTF-8 text.
 *
 * @example
 * sniffInput(Uint8Array.from([0x1f, 0x8b, 8, 0])); // { kind: 'compressed', format: 'gzip' }
 * sniffInput(new TextEncoder().encode('E0101 ...\n')); // { kind: 'utf8', bom: false }
 */
export function sniffInput(head: Uint8Array, complete = true): InputEncoding {
  for (const [format, magic] of MAGIC) {
    if (startsWith(head, magic)) return { kind: 'compressed', format };
  }
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return textOrBinary(head, 3, true, complete);
  if (startsWith(head, [0xff, 0xfe])) return { kind: 'utf16', endian: 'le', bom: true };
  if (startsWith(head, [0xfe, 0xff])) return { kind: 'utf16', endian: 'be', bom: true };
  const endian = utf16WithoutBom(head);
  if (endian) return { kind: 'utf16', endian, bom: false };
  return textOrBinary(head, 0, false, complete);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/**
 * `le` when most odd bytes are zero and few even ones (ASCII text as UTF-16LE), `be` for the
 * reverse; null otherwise. Looks at the first 4 KiB.
 */
function utf16WithoutBom(head: Uint8Array): 'le' | 'be' | null {
  const length = Math.min(head.length, 4096) & ~1;
  if (length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = length / 2;
  if (oddZeros >= pairs * 0.3 && evenZeros <= pairs * 0.05) return 'le';
  if (evenZeros >= pairs * 0.3 && oddZeros <= pairs * 0.05) return 'be';
  return null;
}

function textOrBinary(
  bytes: Uint8Array,
  from: number,
  bom: boolean,
  complete: boolean,
): InputEncoding {
  const head = bytes.length > SNIFF_BYTES ? bytes.subarray(0, SNIFF_BYTES) : bytes;
  const whole = complete && head.length === bytes.length;
  let bad = 0;
  let firstBad = -1;
  let i = from;
  while (i < head.length) {
    const b = head[i] ?? 0;
    if (b === 0) return { kind: 'binary', offset: firstBad === -1 ? i : firstBad };
    const length = b < 0x80 ? (isTextControl(b) ? 0 : 1) : utf8SequenceLength(head, i);
    if (length > 0) {
      i += length;
      continue;
    }
    // A multi-byte sequence cut by the end of the sniffed bytes is not an error.
    if (b >= 0x80 && head.length - i < 4 && !whole) break;
    if (firstBad === -1) firstBad = i;
    bad++;
    i++;
  }
  const scanned = head.length - from;
  if (bad > 0 && bad * 20 > scanned) return { kind: 'binary', offset: firstBad };
  return { kind: 'utf8', bom };
}

/** Whether `b` (< 0x80) is a control byte text does not hold. */
function isTextControl(b: number): boolean {
  if (b === 0x09 || b === 0x0a || b === 0x0b || b === 0x0c || b === 0x0d || b === 0x1b) {
    return false;
  }
  return b < 0x20 || b === 0x7f;
}

/** The length of the valid UTF-8 sequence at `i` (lead byte ≥ 0x80), or 0 when it is invalid. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i] ?? 0;
  const length =
    b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > bytes.length) return 0;
  for (let k = 1; k < length; k++) {
    const c = bytes[i + k] ?? 0;
    if (c < 0x80 || c > 0xbf) return 0;
  }
  return length;
}
