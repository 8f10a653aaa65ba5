import { clusterLogGroupName } from '#core/cluster-log-group.ts';
import { LogGroupNotFoundError, LoggingNotEnabledError } from '#core/errors.ts';
import {
  fetchWindowEvents,
  type IncompleteWindow,
  type WindowFetchOptions,
} from '#core/insights/fetch-window.ts';
import type { QueryDeps } from '#core/insights/run-query.ts';
import { type QueryRecord, type RunStatistics, sumStatistics } from '#core/insights/statistics.ts';
import type { LogEvent } from '#core/logs/records.ts';
import { checkWindow, type TimeWindow } from '#core/window/time-window.ts';
import { APISERVER_EVENTS_QUERY, isApiServerStream } from '#queries/apiserver-events.ts';

/** The API-server events of one cluster in one window, with what it cost to read them. */
export interface ClusterEvents {
  readonly cluster: string;
  readonly logGroupName: string;
  readonly window: TimeWindow;
  /** Oldest first; ready for `classifyEvents(events, { referenceTime })`. */
  readonly events: readonly LogEvent[];
  /** Totals over every query issued (metrics: scanned, matched, bytes). */
  readonly statistics: RunStatistics;
  readonly queries: readonly QueryRecord[];
  /** Sub-windows whose events could not all be read; report them, they are not silent. */
  readonly incomplete: readonly IncompleteWindow[];
}

/**
 * Reads the API-server events of `cluster` in `window` with the project's Logs Insights query,
 * splitting the window until nothing is truncated, and keeps only events of API-server streams
 * stamped inside the window (the same filter the query applies, enforced again here).
 *
 * @throws LoggingNotEnabledError when the cluster's log group does not exist.
 * @throws InputError when the window is empty or not in whole seconds.
 * @throws QueryAbortedError, QueryFailedError, AwsCallError as {@link fetchWindowEvents}.
 * @example
 * const { events, statistics } = await fetchClusterEvents({ insights, clock },
 *   { cluster: 'demo', window: { startSec: 1_700_000_000, endSec: 1_700_003_600 } },
 *   { deadline: clock.now() + 600_000, signal, onProgress });
 * const findings = classifyEvents(events, { referenceTime: clock.now() });
 */
export async function fetchClusterEvents(
  deps: QueryDeps,
  request: { readonly cluster: string; readonly window: TimeWindow },
  options: WindowFetchOptions = {},
): Promise<ClusterEvents> {
  const window = checkWindow(request.window);
  const logGroupName = clusterLogGroupName(request.cluster);
  try {
    const fetched = await fetchWindowEvents(
      deps,
      { logGroupName, queryString: APISERVER_EVENTS_QUERY, window },
      options,
    );
    return {
      cluster: request.cluster,
      logGroupName,
      window,
      events: fetched.events.filter((event) => isApiServerStream(event.stream)),
      statistics: sumStatistics(fetched.queries),
      queries: fetched.queries,
      incomplete: fetched.incomplete,
    };
  } catch (error) {
    if (error instanceof LogGroupNotFoundError && error.logGroupName === logGroupName) {
      throw new LoggingNotEnabledError(request.cluster, { cause: error });
    }
    throw error;
  }
}
