import { createReadStream, statSync } from 'node:fs';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError, isInputError } from '#core/errors.ts';
import { sniffInput } from '#core/logs/read/input-sniff.ts';
import { isJsonSpace } from '#core/logs/read/json-extent.ts';

/** Bytes read before judging an input (a file's first read is larger: up to 64 KiB are judged). */
const MIN_HEAD_BYTES = 8;

/** A log input opened and decoded: UTF-8 bytes, whatever the file held. */
export interface LogSource {
  readonly label: string;
  /** The input as UTF-8 bytes, from its first byte (without a byte order mark). */
  readonly chunks: AsyncIterator<Buffer>;
  /**
   * The file itself when it is a regular file whose bytes are the UTF-8 text as they are (not
   * stdin or a pipe, not compressed, not UTF-16, no byte order mark): its ranges can then be read
   * directly, in parallel.
   */
  readonly path: string | null;
  /** Whether the first byte that is not JSON whitespace is `{` or `[` (a JSON export, JSON lines, a `[prefix]`). */
  readonly startsLikeJson: boolean;
  /** How the input was decoded, for messages: `gzip`, `UTF-16LE`, ... (empty for plain UTF-8). */
  readonly decoded: readonly string[];
  /** Stops reading (closes the file) when `chunks` is not read to its end. */
  close(): Promise<void>;
}

/**
 * Opens a log input (FILE, or stdin for `-`/absent) and decodes it by its first bytes: gzip is
 * decompressed as it is read; UTF-16 (LE or BE, with or without a byte order mark) is decoded;
 * a UTF-8 byte order mark is dropped. Other compressed formats and binary data are refused.
 *
 * @throws InputError naming the input when it cannot be read, is compressed otherwise than with
 *   gzip, or is binary (with the byte offset of the first byte that is not text).
 * @example
 * const source = await openLogSource('apiserver.log.gz', io.stdin);
 */
export async function openLogSource(path: string | undefined, stdin: Readable): Promise<LogSource> {
  const fromStdin = path === undefined || path === '-';
  const label = fromStdin ? 'stdin' : path;
  const file = fromStdin ? null : openFileStream(path);
  const stream = file?.stream ?? stdin;
  const raw = byteChunks(stream, label);
  // Only a regular file can be read again by ranges (a pipe's first bytes are gone once sniffed).
  return decode(raw, label, file?.regular ? (path ?? null) : null, [], async () => {
    stream.destroy();
  });
}

async function decode(
  chunks: AsyncIterator<Buffer>,
  label: string,
  path: string | null,
  decoded: readonly string[],
  close: () => Promise<void>,
): Promise<LogSource> {
  const { head, complete } = await readHead(chunks);
  const encoding = sniffInput(head, complete);
  const rest = prepend(head, chunks);
  switch (encoding.kind) {
    case 'compressed':
      if (encoding.format !== 'gzip' || decoded.includes('gzip')) {
        await close();
        throw new InputError(
          `logs ${label}: ${encoding.format}-compressed${decoded.length > 0 ? ` inside ${decoded.join(', ')}` : ''}; decompress it first (gzip is read as it is)`,
        );
      }
      return decode(gunzip(rest, label), label, null, [...decoded, 'gzip'], close);
    case 'binary':
      await close();
      throw new InputError(
        `logs ${label}: binary data at byte ${encoding.offset}${decoded.length > 0 ? ` (after ${decoded.join(', ')})` : ''}: not a text log or a JSON export of CloudWatch Logs`,
      );
    case 'utf16': {
      if (decoded.some((d) => d.startsWith('UTF-16'))) {
        await close();
        throw new InputError(`logs ${label}: binary data (UTF-16 inside UTF-16)`);
      }
      const name = `UTF-16${encoding.endian.toUpperCase()}`;
      return decode(utf16ToUtf8(rest, encoding.endian), label, null, [...decoded, name], close);
    }
    default: {
      const body = encoding.bom ? skip(rest, 3) : rest;
      const first = head.subarray(encoding.bom ? 3 : 0).find((b) => !isJsonSpace(b));
      return {
        // Byte offsets in later messages count the decoded text: say so.
        label: decoded.length > 0 ? `${label} (decoded: ${decoded.join(', ')})` : label,
        chunks: body,
        path: encoding.bom ? null : path,
        startsLikeJson: first === 0x7b || first === 0x5b,
        decoded,
        close,
      };
    }
  }
}

/**
 * The first bytes of `chunks`: at least {@link MIN_HEAD_BYTES} unless the input is shorter (a
 * pipe that writes a line at a time is not kept waiting for more), and whether that is all.
 */
async function readHead(
  chunks: AsyncIterator<Buffer>,
): Promise<{ head: Buffer; complete: boolean }> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < MIN_HEAD_BYTES) {
    const next = await chunks.next();
    if (next.done) return { head: Buffer.concat(parts), complete: true };
    parts.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(parts), complete: false };
}

async function* prepend(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

async function* skip(chunks: AsyncIterator<Buffer>, bytes: number): AsyncGenerator<Buffer> {
  let left = bytes;
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
    const chunk = left > 0 ? next.value.subarray(Math.min(left, next.value.length)) : next.value;
    left = Math.max(0, left - next.value.length);
    if (chunk.length > 0) yield chunk;
  }
}

async function* utf16ToUtf8(
  chunks: AsyncIterator<Buffer>,
  endian: 'le' | 'be',
): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder(`utf-16${endian}`);
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
    const text = decoder.decode(next.value, { stream: true });
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
  const last = decoder.decode();
  if (last.length > 0) yield Buffer.from(last, 'utf8');
}

function gunzip(chunks: AsyncIterator<Buffer>, label: string): AsyncIterator<Buffer> {
  const out = new PassThrough();
  const source = (async function* () {
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  })();
  pipeline(source, createGunzip(), out, () => undefined);
  return byteChunks(out, `${label} (gzip)`);
}

async function* byteChunks(stream: Readable, label: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) {
      yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    }
  } catch (error) {
    if (isInputError(error)) throw error;
    throw new InputError(`cannot read ${label}: ${reasonOf(error)}`, { cause: error });
  }
}

function openFileStream(path: string): { readonly stream: Readable; readonly regular: boolean } {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${reasonOf(error)}`, { cause: error });
  }
  if (stats.isDirectory()) throw new InputError(`cannot read ${path}: it is a directory`);
  return {
    stream: createReadStream(path, { highWaterMark: 256 * 1024 }),
    regular: stats.isFile(),
  };
}

function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = String((error as { code: unknown }).code);
    const known: Readonly<Record<string, string>> = {
      ENOENT: 'no such file',
      EACCES: 'permission denied',
      EISDIR: 'it is a directory',
      Z_BUF_ERROR: 'truncated gzip data (unexpected end of file)',
      Z_DATA_ERROR: 'corrupt gzip data',
    };
    return known[code] ?? (error instanceof Error ? error.message : code);
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The whole decoded text of a log-like input (FILE, or stdin for `-`): gzip decompressed, UTF-16
 * decoded, binary and other compression refused, as {@link openLogSource} does. For inputs read
 * whole, such as flow-log files (often kept gzipped, as S3 delivers them).
 *
 * @throws InputError as {@link openLogSource}.
 * @example
 * const text = await readDecodedText('flow-logs.txt.gz', io.stdin);
 */
export async function readDecodedText(path: string, stdin: Readable): Promise<string> {
  const source = await openLogSource(path, stdin);
  const chunks: Buffer[] = [];
  try {
    for (let next = await source.chunks.next(); !next.done; next = await source.chunks.next()) {
      chunks.push(next.value);
    }
  } finally {
    await source.close();
  }
  return Buffer.concat(chunks).toString('utf8');
}
