import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { InputError } from '#core/errors.ts';

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
