import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { InputError } from '#core/errors.ts';
import { type LogInput, parseLogInput } from '#core/logs/log-file.ts';
import { LogInputReader } from '#core/logs/log-input-reader.ts';

/** Read size for log files: large enough for few copies, small enough to stay out of the peak. */
const CHUNK_BYTES = 256 * 1024;

/**
 * The whole text of FILE (UTF-8), or of stdin for `-`.
 *
 * @throws InputError naming the file when it cannot be read.
 * @example
 * const text = await readTextInput('network.json', io.stdin, 'network snapshot');
 */
export async function readTextInput(path: string, stdin: Readable, what: string): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${what} ${path}: ${reasonOf(error)}`, { cause: error });
  }
}

/**
 * The logs of FILE (or stdin for `-`) in any accepted format, read in chunks: JSON logs are
 * turned into events element by element, so neither the whole text nor its parsed tree is held
 * (peak memory stays near the size of the events, not several times the file). The result is
 * {@link parseLogInput}'s for the whole text; an input that starts like JSON but is not is read
 * again as text (stdin is kept for that).
 *
 * @throws InputError naming the file when it cannot be read, or as {@link parseLogInput}.
 * @example
 * const logs = await readLogInput('insights.json', io.stdin);
 */
export async function readLogInput(path: string, stdin: Readable): Promise<LogInput> {
  const reader = new LogInputReader(path);
  const kept: Uint8Array[] | null = path === '-' ? [] : null;
  for await (const chunk of inputChunks(path, stdin, 'logs')) {
    kept?.push(chunk);
    reader.push(chunk);
  }
  const input = reader.finish();
  if (input !== 'not-json') return input;
  const text = kept
    ? Buffer.concat(kept).toString('utf8')
    : await readTextInput(path, stdin, 'logs');
  return parseLogInput(text, path);
}

async function* inputChunks(path: string, stdin: Readable, what: string): AsyncGenerator<Buffer> {
  if (path === '-') {
    for await (const chunk of stdin) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    return;
  }
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
      yield chunk as Buffer;
    }
  } catch (error) {
    throw new InputError(`cannot read ${what} ${path}: ${reasonOf(error)}`, { cause: error });
  }
}

/**
 * Writes `text` to `path` atomically: into a temporary file beside it, then renamed over it, so
 * the path never holds a half-written file (the temporary file is removed on failure).
 *
 * @throws InputError naming the file when the directory is missing or not writable.
 * @example
 * await writeFileAtomically('network.json', JSON.stringify(snapshot));
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { encoding: 'utf8', flag: 'wx', mode: 0o644 });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new InputError(`cannot write ${path}: ${reasonOf(error)}`, { cause: error });
  }
}

function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = String((error as { code: unknown }).code);
    const known: Readonly<Record<string, string>> = {
      ENOENT: 'no such file or directory',
      EACCES: 'permission denied',
      EISDIR: 'it is a directory',
      ENOTDIR: 'a parent is not a directory',
    };
    return known[code] ?? code;
  }
  return error instanceof Error ? error.message : String(error);
}
