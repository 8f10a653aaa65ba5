import { Readable, Writable } from 'node:stream';
import type { CliIo } from '#cli/io.ts';

/** A {@link CliIo} whose stdout and stderr are collected as text. */
export function captureIo(stdin = ''): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (append: (text: string) => void): Writable =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  return {
    stdin: Readable.from([stdin]),
    stdout: sink((text) => {
      out += text;
    }),
    stderr: sink((text) => {
      err += text;
    }),
    env: process.env,
    out: () => out,
    err: () => err,
  };
}
