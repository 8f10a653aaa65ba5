import type { Clock, ClusterRef, WindowStore } from '#core/ports.ts';
import {
  DEFAULT_WINDOW_PLAN,
  planWindow,
  type WindowPlan,
  type WindowPlanSettings,
} from '#core/window/plan-window.ts';
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
  },
  work: (plan: QueryPlan, window: TimeWindow) => Promise<T>,
): Promise<ScheduledRunOutcome<T>> {
  const lastEndSec = await deps.store.load(request.cluster);
  const settings = request.settings ?? DEFAULT_WINDOW_PLAN;
  const plan = planWindow(lastEndSec, deps.clock.now(), settings, request.horizonMs ?? null);
  if (plan.kind === 'up-to-date') return plan;
  const result = await work(plan, plan.window);
  if (request.delivered?.(result) === false) return { kind: 'withheld', plan, result };
  if (plan.window.endSec * 1000 > deps.clock.now()) return { kind: 'end-in-future', plan, result };
  const commit = await deps.store.commit(request.cluster, lastEndSec, plan.window.endSec);
  if (commit.outcome === 'committed') return { kind: 'committed', plan, result };
  return { kind: 'conflict', plan, result, currentEndSec: commit.currentEndSec };
}
