import { ClusterRunsFailedError } from '#core/errors.ts';
import type { RunStatistics } from '#core/insights/statistics.ts';
import type { Report } from '#core/model/report.ts';

/** How many alerts moved in a run (or would have, in a dry run). */
export interface AlertCounts {
  readonly new: number;
  readonly changed: number;
  readonly resolved: number;
  readonly unchanged: number;
  /** Alerts open after the run. */
  readonly open: number;
}

/** What the alerting step did with a cluster's report. */
export type AlertOutcome =
  /** New, changed or resolved alerts were published, then the alert state was saved. */
  | {
      readonly kind: 'published';
      readonly messageId: string;
      readonly notificationId: string;
      readonly counts: AlertCounts;
    }
  /** Nothing new, changed or resolved: nothing published (state may have been refreshed). */
  | { readonly kind: 'nothing-to-send'; readonly counts: AlertCounts }
  /**
   * Not published. `dry-run`: nothing saved either (the counts are what a real run would send);
   * `notify-off`: the alert state was saved, so these alerts count as known (a silent baseline);
   * `another-run`: another run of the cluster held its lease; nothing saved or committed here.
   */
  | {
      readonly kind: 'withheld';
      readonly reason: 'dry-run' | 'notify-off' | 'another-run';
      readonly counts: AlertCounts;
    }
  /** Published (unless `notify-off`), but another run saved the alert state first. */
  | { readonly kind: 'state-conflict'; readonly message: string };

/** What reading the logs cost. */
export interface RunCost extends RunStatistics {
  /** Events the query returned after the stream and window filters. */
  readonly events: number;
  /** Seconds whose events could not all be read (also reported as notes). */
  readonly incompleteWindows: number;
}

/** A cluster that was analysed. */
export interface ClusterAnalysed {
  readonly status: 'analysed';
  readonly cluster: string;
  /** The window read, ISO 8601, `[start, end)`. */
  readonly window: { readonly start: string; readonly end: string };
  /** `scheduled`: the incremental window; `since`: an on-demand look-back. */
  readonly windowSource: 'scheduled' | 'since';
  /** How a scheduled window was chosen; `null` for `since`. */
  readonly planReason: 'resume' | 'first-run' | 'stale' | 'future-state' | null;
  /** Seconds never read because the stored window end was older than the look-back cap. */
  readonly skipped: { readonly start: string; readonly end: string } | null;
  /** The window was cut at the per-run maximum; the next runs catch up. */
  readonly catchingUp: boolean;
  /**
   * `committed`: the window end was saved, the next run starts there; `conflict`: another run
   * saved first; `not-committed`: dry run or `since` (the schedule's window did not move).
   */
  readonly commit: 'committed' | 'conflict' | 'not-committed';
  readonly alerts: AlertOutcome;
  readonly report: Report;
  readonly cost: RunCost;
  /** Wall time of the whole analysis and of the network snapshot in it (query ≈ the difference). */
  readonly durations: { readonly analysisMs: number; readonly snapshotMs: number };
}

/** A cluster whose scheduled window had nothing new yet (the last run ended within the lag). */
export interface ClusterUpToDate {
  readonly status: 'up-to-date';
  readonly cluster: string;
  readonly lastEnd: string;
}

/** A cluster whose run failed; the others went on. Its window was not committed. */
export interface ClusterFailed {
  readonly status: 'failed';
  readonly cluster: string;
  readonly error: { readonly name: string; readonly message: string };
}

/** One cluster's outcome in an `analyze` run. */
export type ClusterRunResult = ClusterAnalysed | ClusterUpToDate | ClusterFailed;

/**
 * Throws when any cluster failed, naming each; returns otherwise.
 *
 * @throws ClusterRunsFailedError listing the failed clusters and their errors.
 * @example
 * throwIfAnyFailed(results); // after metrics and logs were written
 */
export function throwIfAnyFailed(results: readonly ClusterRunResult[]): void {
  const failures = results
    .filter((result): result is ClusterFailed => result.status === 'failed')
    .map((result) => ({ cluster: result.cluster, message: result.error.message }));
  if (failures.length > 0) throw new ClusterRunsFailedError(failures, results.length);
}

/**
 * The `failed` result of a cluster whose run threw `error`.
 *
 * @example
 * failedResult('prod', new LoggingNotEnabledError('prod')).error.name; // 'LoggingNotEnabledError'
 */
export function failedResult(cluster: string, error: unknown): ClusterFailed {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'failed', cluster, error: { name, message } };
}

/**
 * The `failed` result of a cluster that was not started because the invocation was stopped.
 *
 * @example
 * notStartedResult('prod').error.name; // 'AbortError'
 */
export function notStartedResult(cluster: string): ClusterFailed {
  return {
    status: 'failed',
    cluster,
    error: {
      name: 'AbortError',
      message: 'not started: the invocation was stopped before this cluster (time limit)',
    },
  };
}
