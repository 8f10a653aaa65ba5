import { runAlertCycle } from '#app/pipeline/alert-cycle.ts';
import type { AlertDiff } from '#core/alerts/alert-state.ts';
import { diffAlerts } from '#core/alerts/diff.ts';
import { StateConflictError } from '#core/errors.ts';
import type { AlertStateStore, Notifier } from '#core/gateways.ts';
import type { Report } from '#core/model/report.ts';
import type { AlertCounts, AlertOutcome } from '#core/run/cluster-run-result.ts';
import type { ClusterPlace } from '#render/alerts/cluster-label.ts';

/** How the alerting step runs for one report. */
export interface AlertStepRequest {
  /** The cluster's state key (see {@link clusterStateKey}). */
  readonly clusterKey: string;
  /** The cluster's account and Region, named in the notification. */
  readonly place: ClusterPlace;
  readonly report: Report;
  readonly now: number;
  /** Nothing published, nothing saved. */
  readonly dryRun: boolean;
  /** When false, nothing is published but the state is saved (a silent baseline). */
  readonly notify: boolean;
  readonly resolveAfterMs: number;
}

/**
 * The alerting step of a run: the alert cycle (load state, diff, publish the delta, save), or its
 * dry-run and `notify: false` variants. A lost race on the alert state (another run saved
 * first, after this one published) is an outcome, not a failure: the delta was delivered.
 *
 * @throws AwsCallError when loading, publishing or saving fails (nothing saved after a failed publish).
 * @example
 * const outcome = await runAlertStep({ store, notifier }, { clusterKey, place, report, now, dryRun: false, notify: true, resolveAfterMs: 3_600_000 });
 */
export async function runAlertStep(
  deps: { readonly store: AlertStateStore; readonly notifier: Notifier },
  request: AlertStepRequest,
): Promise<AlertOutcome> {
  const { clusterKey, report, now } = request;
  const options = { resolveAfterMs: request.resolveAfterMs };
  try {
    if (request.dryRun || !request.notify) {
      const diff = diffAlerts(await deps.store.load(clusterKey), report, now, options);
      if (request.dryRun) return { kind: 'withheld', reason: 'dry-run', counts: alertCounts(diff) };
      if (diff.writes.length > 0) await deps.store.save(clusterKey, diff.writes);
      return { kind: 'withheld', reason: 'notify-off', counts: alertCounts(diff) };
    }
    const cycle = await runAlertCycle(deps, clusterKey, report, now, {
      ...options,
      place: request.place,
    });
    const counts = alertCounts(cycle.diff);
    if (cycle.published === null) return { kind: 'nothing-to-send', counts };
    const { messageId, notificationId } = cycle.published;
    return { kind: 'published', messageId, notificationId, counts };
  } catch (error) {
    if (error instanceof StateConflictError)
      return { kind: 'state-conflict', message: error.message };
    throw error;
  }
}

/**
 * The counts of a diff.
 *
 * @example
 * alertCounts(diffAlerts([], report, now)).new; // one per alert in the report
 */
export function alertCounts(diff: AlertDiff): AlertCounts {
  return {
    new: diff.new.length,
    changed: diff.changed.length,
    resolved: diff.resolved.length,
    unchanged: diff.unchanged.length,
    open: diff.nextState.filter((state) => state.status === 'open').length,
  };
}
