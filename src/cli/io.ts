import type { Readable, Writable } from 'node:stream';

/** The streams and environment a command runs with (the real process, or test doubles). */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The built command file, which worker threads can run; null when not running built (tests). */
  readonly workerScript?: string | null;
}

/** One subcommand of `eks-sg-advisor`. `run` resolves to the exit code. */
export interface Command {
  readonly name: string;
  readonly usage: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/**
 * Writes `text` to `stream`, waiting for `drain` when its buffer is full, so large outputs keep
 * memory flat.
 *
 * @example
 * await write(io.stdout, '{"kind":"none"}\n');
 */
export function write(stream: Writable, text: string): Promise<void> {
  if (stream.write(text)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      stream.off('error', onError);
      resolve();
    };
    const onError = (error: Error): void => {
      stream.off('drain', onDrain);
      reject(error);
    };
    stream.once('drain', onDrain);
    stream.once('error', onError);
  });
}
