import { PassThrough, Readable } from 'node:stream';
import { runCli } from '#cli/run.ts';

/** What a CLI run printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the `eks-sg-advisor` command in-process with `stdin` as its input and captures its output.
 *
 * @example
 * const { code, stdout } = await runCliForTest(['classify', '--all'], 'line\n');
 */
export async function runCliForTest(
  args: readonly string[],
  stdin = '',
  env: Record<string, string | undefined> = {},
): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await runCli(args, { stdin: Readable.from([stdin]), stdout, stderr, env });
  return {
    code,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}
