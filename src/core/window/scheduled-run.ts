import { QueryAbortedError, QueryFailedError } from '#core/errors.ts';
import type { Clock, ClusterRef, WindowStore } from '#core/ports.ts';
import {
  DEFAULT_WINDOW_PLAN,
  planWindow,
  type WindowPlan,
  type WindowPlanSettings,
} from '#core/window/plan-window.ts';
import {
  DEFAULT_LATE_TOLERANCE_MS,
  nextSettleState,
  planSettle,
  type SettlePlan,
  type SettleState,
} from '#core/window/settle.ts';
import type { TimeWindow } from '#core/window/time-window.ts';

/** The planned window handed to a run's work. */
export type QueryPlan = Extract<WindowPlan, { kind: 'query' }>;

/** How a scheduled run ended. `result` is what the work returned. */
export type ScheduledRunOutcome<T> =
  | { readonly kind: 'up-to-date'; readonly lastEndSec: number; readonly endSec: number }
  | { readonly kind: 'committed'; readonly plan: QueryPlan; readonly result: T }
  /**
   * The window's end lies after the clock's time at commit (the clock was stepped back during the
   * run): it is not committed, so the next run reads those seconds again.
   */
  | { readonly kind: 'end-in-future'; readonly plan: QueryPlan; readonly result: T }
  /** The work said not to commit (it did not deliver: another run holds the cluster). */
  | { readonly kind: 'withheld'; readonly plan: QueryPlan; readonly result: T }
  /**
   * Another run committed first (concurrent runs of one schedule). This run's work was done and
   * delivered, so its window was delivered at least twice; nothing was lost.
   */
  | {
      readonly kind: 'conflict';
      readonly plan: QueryPlan;
      readonly result: T;
      readonly currentEndSec: number | null;
    };

/**
 * One scheduled run for one cluster: loads the last committed end, plans the window, runs `work`
 * on it (query, analyse, deliver), and only when `work` resolved commits the window's end with a
 * conditional write, and never an end later than the clock reads at commit time. A run that fails
 * commits nothing, so the next run reads the same seconds
 * again (at least once, never lost); of two concurrent runs only one advances the end.
 *
 * @throws whatever `work` or the store throws; the window is then not committed.
 * @example
 * const outcome = await runScheduledWindow({ store, clock }, { cluster: { name: 'prod' } },
 *   async (plan, window) => deliver(await analyse(window)));
 */
export async function runScheduledWindow<T>(
  deps: { readonly store: WindowStore; readonly clock: Clock },
  request: {
    readonly cluster: ClusterRef;
    readonly settings?: WindowPlanSettings;
    /** The latest time the services vouch for (see {@link planWindow}); `null`: the clock alone. */
    readonly horizonMs?: number | null;
    /** Whether the work's result may be committed (default: always). */
    readonly delivered?: (result: T) => boolean;
    /** Seen-entries of the events the work delivered (see `seenEntry`), for the settle state. */
    readonly deliveredEvents?: (result: T) => readonly string[];
  },
  work: (plan: QueryPlan, window: TimeWindow, settle: ScheduledRunPlan['settle']) => Promise<T>,
): Promise<ScheduledRunOutcome<T>> {
  const planned = await planScheduledRun(deps, request);
  if (planned.plan.kind === 'up-to-date') return planned.plan;
  const { plan, settle, lastEndSec } = planned;
  let result: T;
  try {
    result = await work(plan, plan.window, settle);
  } catch (error) {
    if (lastEndSec !== null && isWindowTimeout(error)) {
      await shrinkNextWindow(deps.store, request.cluster, lastEndSec, planned, plan.window);
    }
    throw error;
  }
  if (request.delivered?.(result) === false) return { kind: 'withheld', plan, result };
  if (plan.window.endSec * 1000 > deps.clock.now()) return { kind: 'end-in-future', plan, result };
  const entries = request.deliveredEvents?.(result) ?? [];
  const extras = {
    settle: settle ? nextSettleState(settle, planned.usableSettle, entries) : null,
    pieceSec: nextPieceSec(plan, planned.pieceSec, request.settings ?? DEFAULT_WINDOW_PLAN),
  };
  const commit = await deps.store.commit(request.cluster, lastEndSec, plan.window.endSec, extras);
  if (commit.outcome === 'committed') return { kind: 'committed', plan, result };
  return { kind: 'conflict', plan, result, currentEndSec: commit.currentEndSec };
}

/** The shortest window a timed-out window is split down to. */
export const MIN_PIECE_SEC = 60;

/**
 * Whether a run's failure means its window took too long: the Lambda's deadline or abort
 * stopped the query, or Logs Insights timed it out.
 *
 * @example
 * isWindowTimeout(new QueryAbortedError('q-1', 'deadline', null)); // true
 */
export function isWindowTimeout(error: unknown): boolean {
  if (error instanceof QueryAbortedError) return true;
  return error instanceof QueryFailedError && error.status === 'Timeout';
}

/**
 * After a window timed out, keeps the end where it was and halves the window the next run reads
 * (down to {@link MIN_PIECE_SEC}), so a backlog is split instead of retried whole until it goes
 * stale. Best effort: if this write fails too, the next run simply retries the same window.
 */
async function shrinkNextWindow(
  store: WindowStore,
  cluster: ClusterRef,
  lastEndSec: number,
  planned: ScheduledRunPlan,
  window: TimeWindow,
): Promise<void> {
  const pieceSec = Math.max(MIN_PIECE_SEC, Math.floor((window.endSec - window.startSec) / 2));
  await store
    .commit(cluster, lastEndSec, lastEndSec, { settle: planned.storedSettle, pieceSec })
    .catch(() => undefined);
}

/** The window limit to keep: doubled after a cut window was read in time, dropped once caught up. */
function nextPieceSec(
  plan: QueryPlan,
  pieceSec: number | null,
  settings: WindowPlanSettings,
): number | null {
  if (pieceSec === null || !plan.catchingUp) return null;
  const doubled = pieceSec * 2;
  return doubled * 1000 >= settings.maxWindowMs ? null : doubled;
}

/** A scheduled run's plan: its window, and its late-event re-read (none when tolerance is 0). */
export interface ScheduledRunPlan {
  readonly lastEndSec: number | null;
  readonly plan: WindowPlan;
  readonly settle: (SettlePlan & { readonly gaveUp: TimeWindow | null }) | null;
  /** The stored settle state, and the part of it this plan settles from (`null` when not trusted). */
  readonly storedSettle: SettleState | null;
  readonly usableSettle: SettleState | null;
  /** The stored window limit after a timeout (`null`: the settings' `maxWindowMs`). */
  readonly pieceSec: number | null;
}

/**
 * Loads a cluster's window state and plans its next scheduled run: the window
 * ({@link planWindow}, no longer than the stored limit a timed-out window left) and the
 * late-event re-read ({@link planSettle}, with the settings' `lateToleranceMs`, default 30 min;
 * 0 turns it off). Reads only; a dry run uses it as is.
 *
 * @throws ConfigError for a bad setting; whatever the store throws.
 * @example
 * const { plan, settle } = await planScheduledRun({ store, clock }, { cluster: { name: 'prod' } });
 */
export async function planScheduledRun(
  deps: { readonly store: WindowStore; readonly clock: Clock },
  request: {
    readonly cluster: ClusterRef;
    readonly settings?: WindowPlanSettings;
    readonly horizonMs?: number | null;
  },
): Promise<ScheduledRunPlan> {
  const lastEndSec = await deps.store.load(request.cluster);
  const extras =
    lastEndSec === null
      ? { settle: null, pieceSec: null }
      : await deps.store.loadExtras(request.cluster);
  const configured = request.settings ?? DEFAULT_WINDOW_PLAN;
  const limitMs = extras.pieceSec === null ? null : Math.max(MIN_PIECE_SEC, extras.pieceSec) * 1000;
  const settings =
    limitMs !== null && limitMs < configured.maxWindowMs
      ? { ...configured, maxWindowMs: limitMs }
      : configured;
  const now = deps.clock.now();
  const horizon = request.horizonMs ?? null;
  const plan = planWindow(lastEndSec, now, settings, horizon);
  const tolerance = configured.lateToleranceMs ?? DEFAULT_LATE_TOLERANCE_MS;
  const base = { lastEndSec, plan, storedSettle: extras.settle, pieceSec: extras.pieceSec };
  if (plan.kind === 'up-to-date' || tolerance === 0) {
    return { ...base, settle: null, usableSettle: null };
  }
  const trustedNow = horizon === null ? now : Math.min(now, horizon);
  // A state that was not trusted (future end) or given up (stale) is not settled from.
  const usable = plan.reason === 'resume' ? extras.settle : null;
  const settle = planSettle(usable, plan.window, trustedNow, tolerance, configured.maxWindowMs);
  return { ...base, settle, usableSettle: usable };
}
