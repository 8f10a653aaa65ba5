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
  const result = await work(plan, plan.window, settle);
  if (request.delivered?.(result) === false) return { kind: 'withheld', plan, result };
  if (plan.window.endSec * 1000 > deps.clock.now()) return { kind: 'end-in-future', plan, result };
  const entries = request.deliveredEvents?.(result) ?? [];
  const next = settle ? nextSettleState(settle, planned.stored, entries) : undefined;
  const commit = await deps.store.commit(request.cluster, lastEndSec, plan.window.endSec, next);
  if (commit.outcome === 'committed') return { kind: 'committed', plan, result };
  return { kind: 'conflict', plan, result, currentEndSec: commit.currentEndSec };
}

/** A scheduled run's plan: its window, and its late-event re-read (none when tolerance is 0). */
export interface ScheduledRunPlan {
  readonly lastEndSec: number | null;
  readonly plan: WindowPlan;
  readonly settle: (SettlePlan & { readonly gaveUp: TimeWindow | null }) | null;
  readonly stored: SettleState | null;
}

/**
 * Loads a cluster's window state and plans its next scheduled run: the window
 * ({@link planWindow}) and the late-event re-read ({@link planSettle}, with the settings'
 * `lateToleranceMs`, default 30 min; 0 turns it off). Reads only; a dry run uses it as is.
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
  const settings = request.settings ?? DEFAULT_WINDOW_PLAN;
  const now = deps.clock.now();
  const horizon = request.horizonMs ?? null;
  const plan = planWindow(lastEndSec, now, settings, horizon);
  const tolerance = settings.lateToleranceMs ?? DEFAULT_LATE_TOLERANCE_MS;
  if (plan.kind === 'up-to-date' || tolerance === 0) {
    return { lastEndSec, plan, settle: null, stored: null };
  }
  const stored = await deps.store.loadSettle(request.cluster);
  const trustedNow = horizon === null ? now : Math.min(now, horizon);
  // A state that was not trusted (future end) or given up (stale) is not settled from.
  const usable = plan.reason === 'resume' ? stored : null;
  const settle = planSettle(usable, plan.window, trustedNow, tolerance, settings.maxWindowMs);
  return { lastEndSec, plan, settle, stored: usable };
}
