import { systemClock } from '#adapters/system-clock.ts';
import type { CliIo } from '#cli/io.ts';
import { ProgressWriter } from '#cli/query-progress.ts';
import { parseDuration } from '#cli/time-flags.ts';
import type { WindowFetchOptions } from '#core/insights/fetch-window.ts';

const DEFAULT_TIMEOUT_MS = 15 * 60_000;

/**
 * Runs a Logs Insights read for a command: a progress line on stderr while the query runs, a
 * deadline from `--timeout` (default 15 minutes), and Ctrl-C to stop the running query.
 *
 * @throws InputError when `--timeout` is not a duration; whatever `work` throws.
 * @example
 * const fetched = await runQueryCommand(io, values.timeout, (options) => fetchClusterEvents(deps, request, options));
 */
export async function runQueryCommand<T>(
  io: CliIo,
  timeout: unknown,
  work: (options: WindowFetchOptions) => Promise<T>,
): Promise<T> {
  const timeoutMs =
    typeof timeout === 'string' ? parseDuration('timeout', timeout) : DEFAULT_TIMEOUT_MS;
  const progress = new ProgressWriter(io.stderr);
  const interrupt = new AbortController();
  const onInterrupt = (): void => interrupt.abort(new Error('interrupted'));
  process.once('SIGINT', onInterrupt);
  try {
    return await work({
      deadline: systemClock.now() + timeoutMs,
      signal: interrupt.signal,
      onProgress: (p) => progress.update(p),
    });
  } finally {
    process.off('SIGINT', onInterrupt);
    progress.done();
  }
}
