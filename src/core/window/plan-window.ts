import { ConfigError } from '#core/errors.ts';
import type { TimeWindow } from '#core/window/time-window.ts';

/** How scheduled runs choose their window. All durations in milliseconds. */
export interface WindowPlanSettings {
  /** How far behind `now` the window ends, for delivery delay (default 5 min). */
  readonly ingestionLagMs: number;
  /** State older than this is ignored and the run starts over (default 24 h). */
  readonly maxResumeAgeMs: number;
  /** Length of the first window, and of the window after stale state (default 1 h). */
  readonly initialLookbackMs: number;
  /**
   * Longest window one run reads (default 6 h). A run that resumes further back catches up over
   * several runs, so a backlog too large for one invocation cannot fail every run forever.
   */
  readonly maxWindowMs: number;
  /**
   * How late an event may be ingested and still be delivered (default 30 min; 0: never re-read).
   * Each second is read again once this old (see `planSettle`): twice the bytes scanned.
   */
  readonly lateToleranceMs?: number;
}

/** Defaults: EKS delivers control-plane logs "within a few minutes", best effort. */
export const DEFAULT_WINDOW_PLAN: WindowPlanSettings = {
  ingestionLagMs: 5 * 60_000,
  maxResumeAgeMs: 24 * 3_600_000,
  initialLookbackMs: 3_600_000,
  maxWindowMs: 6 * 3_600_000,
  lateToleranceMs: 30 * 60_000,
};

/** What a scheduled run should query. */
export type WindowPlan =
  | {
      readonly kind: 'query';
      readonly window: TimeWindow;
      /**
       * `resume`: continues the committed end; `first-run`: no state; `stale`: state too old;
       * `future-state`: the committed end lies after `now` (written by a run whose clock was
       * ahead), so it is not trusted and the look-back is read again.
       */
      readonly reason: 'resume' | 'first-run' | 'stale' | 'future-state';
      /** Seconds never queried because the state was stale, `null` otherwise. */
      readonly skipped: TimeWindow | null;
      /** Whether the window was cut at `maxWindowMs` (more to read on the next run). */
      readonly catchingUp: boolean;
      /** With `future-state` only: the distrusted end that was stored. */
      readonly futureEndSec?: number;
    }
  /** The committed end is already at (or past) `now − lag`: nothing new to read yet. */
  | { readonly kind: 'up-to-date'; readonly lastEndSec: number; readonly endSec: number };

/**
 * Plans a scheduled run's window `[start, end)` in whole seconds: `end` is `now − lag` rounded
 * down to the second, where `now` is never later than `horizonMs` when given (the time by the AWS
 * services' own clock: a run whose clock is ahead still ends its window at what can have been
 * delivered); `start` is the last committed end, so consecutive runs tile time with no
 * overlap and no gap (a failed run commits nothing, and the next one starts where it should
 * have). Without state, or with state older than `maxResumeAgeMs`, the run looks back
 * `initialLookbackMs` instead. A stored end later than `now` itself cannot have been written by a
 * correct clock: it is reported (`future-state`, with `futureEndSec`) and repaired by reading the
 * look-back again instead of waiting, silently, until time catches up with it. A window is at most `maxWindowMs` long; a longer backlog is read
 * oldest part first, over several runs.
 *
 * @throws ConfigError when a setting is negative or the look-back is shorter than a second.
 * @example
 * planWindow(1_700_000_000, 1_700_000_900_000, DEFAULT_WINDOW_PLAN);
 * // { kind: 'query', window: { startSec: 1_700_000_000, endSec: 1_700_000_600 }, reason: 'resume',
 * //   skipped: null, catchingUp: false }
 */
export function planWindow(
  lastEndSec: number | null,
  nowMs: number,
  settings: WindowPlanSettings = DEFAULT_WINDOW_PLAN,
  horizonMs: number | null = null,
): WindowPlan {
  checkSettings(settings);
  const trustedNowMs = horizonMs === null ? nowMs : Math.min(nowMs, horizonMs);
  const endSec = Math.floor((trustedNowMs - settings.ingestionLagMs) / 1000);
  const maxSec = Math.max(1, Math.floor(settings.maxWindowMs / 1000));
  const query = (
    startSec: number,
    reason: 'resume' | 'first-run' | 'stale' | 'future-state',
    skipped: TimeWindow | null,
  ): Extract<WindowPlan, { kind: 'query' }> => {
    const catchingUp = endSec - startSec > maxSec;
    const window = { startSec, endSec: catchingUp ? startSec + maxSec : endSec };
    return { kind: 'query', window, reason, skipped, catchingUp };
  };
  const lookbackStart = endSec - Math.floor(settings.initialLookbackMs / 1000);
  if (lastEndSec === null) return query(lookbackStart, 'first-run', null);
  if (lastEndSec > Math.floor(nowMs / 1000)) {
    return { ...query(lookbackStart, 'future-state', null), futureEndSec: lastEndSec };
  }
  if (lastEndSec >= endSec) return { kind: 'up-to-date', lastEndSec, endSec };
  if ((endSec - lastEndSec) * 1000 > settings.maxResumeAgeMs) {
    const skipped =
      lastEndSec < lookbackStart ? { startSec: lastEndSec, endSec: lookbackStart } : null;
    return query(Math.max(lastEndSec, lookbackStart), 'stale', skipped);
  }
  return query(lastEndSec, 'resume', null);
}

function checkSettings(settings: WindowPlanSettings): void {
  const { ingestionLagMs, maxResumeAgeMs, initialLookbackMs, maxWindowMs } = settings;
  const lateToleranceMs = settings.lateToleranceMs ?? 0;
  const values = {
    ingestionLagMs,
    maxResumeAgeMs,
    initialLookbackMs,
    maxWindowMs,
    lateToleranceMs,
  };
  for (const [name, value] of Object.entries(values)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new ConfigError(`window setting ${name} must be a non-negative number (got ${value})`);
    }
  }
  for (const [name, value] of Object.entries({ initialLookbackMs, maxWindowMs })) {
    if (value < 1000) {
      throw new ConfigError(`window setting ${name} must be at least 1000 ms (got ${value})`);
    }
  }
}
