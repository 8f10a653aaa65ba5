import { InputError } from '#core/errors.ts';
import { parseDurationText } from '#core/window/duration.ts';
import { checkWindow, type TimeWindow } from '#core/window/time-window.ts';

const MAX_WINDOW_DAYS = 30;

/** The flags of a live query: the cluster, its window, the Region and how long to wait. */
export const LIVE_QUERY_OPTIONS = {
  cluster: { type: 'string' },
  since: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  region: { type: 'string' },
  timeout: { type: 'string' },
} as const;

/**
 * A duration such as `90s`, `15m`, `1h30m` or `2d`, in milliseconds.
 *
 * @throws InputError naming the flag when the text is not such a duration or is zero.
 * @example
 * parseDuration('since', '1h30m'); // 5_400_000
 */
export function parseDuration(flag: string, text: string): number {
  const ms = parseDurationText(text);
  if (ms === null) {
    throw new InputError(`--${flag} must be a duration such as 30m, 1h or 2d (got '${text}')`);
  }
  if (ms <= 0) throw new InputError(`--${flag} must be longer than zero (got '${text}')`);
  return ms;
}

/**
 * A point in time: ISO 8601 (`2026-11-28T14:00:00Z`) or epoch seconds, in epoch milliseconds.
 *
 * @throws InputError naming the flag when the text is neither.
 * @example
 * parseTime('start', '1700000000'); // 1_700_000_000_000
 */
export function parseTime(flag: string, text: string): number {
  if (/^\d{9,11}$/.test(text)) return Number(text) * 1000;
  const at = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) {
    throw new InputError(
      `--${flag} must be an ISO 8601 time with a zone (2026-11-28T14:00:00Z) or epoch seconds (got '${text}')`,
    );
  }
  return at;
}

/**
 * The window of `--since D` (the last D up to `--end`, default now) or `--start T [--end T]`, in
 * whole seconds: the start rounded down, the end rounded up, so the asked-for span is covered.
 *
 * @throws InputError when both or neither of --since/--start are given, or the window is empty,
 *   in the future or longer than 30 days.
 * @example
 * windowFromFlags({ since: '1h' }, Date.UTC(2026, 0, 1)); // the hour before midnight
 */
export function windowFromFlags(
  flags: { readonly since?: unknown; readonly start?: unknown; readonly end?: unknown },
  nowMs: number,
): TimeWindow {
  const text = (flag: string, value: unknown): string | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new InputError(`--${flag} takes one value`);
    return value;
  };
  const since = text('since', flags.since);
  const start = text('start', flags.start);
  const end = text('end', flags.end);
  if (since !== undefined && start !== undefined) {
    throw new InputError('give either --since or --start, not both');
  }
  if (since === undefined && start === undefined) {
    throw new InputError('give the time window: --since 1h, or --start TIME [--end TIME]');
  }
  const endMs = end === undefined ? nowMs : parseTime('end', end);
  const startMs =
    start === undefined ? endMs - parseDuration('since', since ?? '') : parseTime('start', start);
  if (endMs > nowMs + 60_000) throw new InputError(`--end ${end} is in the future`);
  if (endMs - startMs > MAX_WINDOW_DAYS * 86_400_000) {
    throw new InputError(`the time window is longer than ${MAX_WINDOW_DAYS} days; narrow it`);
  }
  return checkWindow({ startSec: Math.floor(startMs / 1000), endSec: Math.ceil(endMs / 1000) });
}
