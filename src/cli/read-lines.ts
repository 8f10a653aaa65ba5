import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { InputError } from '#core/errors.ts';

/**
 * Opens FILE (or stdin for `-`/absent) for reading.
 *
 * @throws InputError naming the file when it does not exist, is a directory or cannot be read.
 */
export function openInput(path: string | undefined, stdin: Readable): Readable {
  if (path === undefined || path === '-') return stdin;
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${reasonOf(error)}`, { cause: error });
  }
  if (isDirectory) throw new InputError(`cannot read ${path}: it is a directory`);
  return createReadStream(path, { highWaterMark: 8 << 20 });
}

/**
 * The lines of a stream (UTF-8, `\n` or `\r\n`), without their line ends. A final line without a
 * newline is still yielded.
 *
 * @throws InputError when the stream fails while being read.
 */
export async function* readLines(stream: Readable, label: string): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  try {
    for await (const chunk of stream) {
      const text = carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
      let start = 0;
      let newline = text.indexOf('\n', start);
      while (newline !== -1) {
        yield trimCr(text.slice(start, newline));
        start = newline + 1;
        newline = text.indexOf('\n', start);
      }
      carry = text.slice(start);
    }
  } catch (error) {
    throw new InputError(`cannot read ${label}: ${reasonOf(error)}`, { cause: error });
  }
  carry += decoder.end();
  if (carry.length > 0) yield trimCr(carry);
}

function trimCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = String((error as { code: unknown }).code);
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EACCES') return 'permission denied';
    if (code === 'EISDIR') return 'it is a directory';
    return code;
  }
  return error instanceof Error ? error.message : String(error);
}
