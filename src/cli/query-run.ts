import { systemClock } from '#adapters/system-clock.ts';
import type { WindowFetchOptions } from '#app/pipeline/fetch-window.ts';
import type { CliIo } from '#cli/io.ts';
import { ProgressWriter } from '#cli/query-progress.ts';
import { parseDuration } from '#cli/time-flags.ts';

const DEFAULT_TIMEOUT_MS = 15 * 60_000;

/**
 * Runs a Logs Insights read for a command: a progress line on stderr while the query runs, a
 * deadline from `--timeout` (default 15 minutes), and Ctrl-C to stop the running query. The
 * signal handed to `work` also fires at the deadline (with a `TimeoutError` reason), so an AWS
 * call still in flight then is cut short, not only the waits between calls.
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
  const stop = new AbortController();
  const onInterrupt = (): void => stop.abort(new Error('interrupted'));
  process.once('SIGINT', onInterrupt);
  // A plain timer, not AbortSignal.timeout: Node may collect an unreferenced timeout signal
  // before it fires. The TimeoutError reason tells the runner this is the deadline.
  const timer = setTimeout(
    () => stop.abort(new DOMException('the run deadline passed', 'TimeoutError')),
    timeoutMs,
  );
  try {
    return await work({
      deadline: systemClock.now() + timeoutMs,
      signal: stop.signal,
      onProgress: (p) => progress.update(p),
    });
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onInterrupt);
    progress.done();
  }
}
