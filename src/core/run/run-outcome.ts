import type { LiveAnalysis } from '#core/live/analyze-cluster.ts';
import type {
  AlertOutcome,
  ClusterAnalysed,
  ClusterUpToDate,
} from '#core/run/cluster-run-result.ts';
import type { WindowPlan } from '#core/window/plan-window.ts';
import { type TimeWindow, windowToIso } from '#core/window/time-window.ts';

/** What analysing and alerting one window gave, before it is reported. */
export interface Analysed {
  readonly live: LiveAnalysis;
  readonly alerts: AlertOutcome;
  readonly durations: ClusterAnalysed['durations'];
}

/**
 * The result of an analysed cluster: its window, how it was planned, the commit, the alerts, the
 * report and what reading the logs cost.
 *
 * @example
 * analysed('prod', window, result, plan, 'committed').status; // 'analysed'
 */
export function analysed(
  cluster: string,
  window: TimeWindow,
  result: Analysed,
  plan: Extract<WindowPlan, { kind: 'query' }> | null,
  commit: ClusterAnalysed['commit'],
): ClusterAnalysed {
  const { statistics, count, incomplete } = result.live.events;
  return {
    status: 'analysed',
    cluster,
    window: windowToIso(window),
    windowSource: plan === null ? 'since' : 'scheduled',
    planReason: plan?.reason ?? null,
    skipped: plan?.skipped ? windowToIso(plan.skipped) : null,
    catchingUp: plan?.catchingUp ?? false,
    commit,
    alerts: result.alerts,
    report: result.live.report,
    cost: { ...statistics, events: count, incompleteWindows: incomplete.length },
    durations: result.durations,
  };
}

/**
 * The result of a cluster with nothing new to read yet.
 *
 * @example
 * upToDate('prod', 1_700_000_000).lastEnd; // '2023-11-14T22:13:20.000Z'
 */
export function upToDate(cluster: string, lastEndSec: number): ClusterUpToDate {
  return {
    status: 'up-to-date',
    cluster,
    lastEnd: new Date(lastEndSec * 1000).toISOString(),
  };
}
