import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '#cli/io.ts';
import { runCli } from '#cli/run.ts';

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI in-process with in-memory streams.
 *
 * @example
 * const { code, stdout } = await runCliCaptured(['analyze', '--help']);
 */
export async function runCliCaptured(
  args: readonly string[],
  stdinText = '',
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const io: CliIo = { stdin: Readable.from([stdinText]), stdout, stderr, env };
  const code = await runCli(args, io);
  return {
    code,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}
