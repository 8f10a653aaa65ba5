import { clusterLogGroupName } from '#core/cluster-log-group.ts';
import { LogGroupNotFoundError, LoggingNotEnabledError } from '#core/errors.ts';
import {
  fetchWindowEvents,
  type IncompleteWindow,
  type WindowFetchOptions,
} from '#core/insights/fetch-window.ts';
import type { QueryDeps } from '#core/insights/run-query.ts';
import { type QueryRecord, type RunStatistics, sumStatistics } from '#core/insights/statistics.ts';
import {
  API_SERVER_STREAM_PREFIX,
  selectApiServerStreams,
} from '#core/insights/stream-selection.ts';
import type { LogEvent } from '#core/logs/records.ts';
import { checkWindow, type TimeWindow } from '#core/window/time-window.ts';
import { apiServerEventsQuery, isApiServerStream } from '#queries/apiserver-events.ts';

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
  /** The streams the query named (`filterIndex`), or `null` when it read the whole group. */
  readonly streams: readonly string[] | null;
}

/**
 * Reads the API-server events of `cluster` in `window` with the project's Logs Insights query,
 * splitting the window until nothing is truncated, and keeps only events of API-server streams
 * stamped inside the window (the same filter the query applies, enforced again here). When the
 * port lists streams (DescribeLogStreams), the query names the API-server streams that may hold
 * events of the window (`filterIndex @logStream in [...]`), so the audit and other streams are
 * not scanned; with no such stream, nothing is queried.
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
    const listed = await deps.insights.listLogStreams?.(
      logGroupName,
      API_SERVER_STREAM_PREFIX,
      options.signal ?? undefined,
    );
    const streams = listed === undefined ? null : selectApiServerStreams(listed, window);
    if (streams?.length === 0) {
      const statistics = sumStatistics([]);
      return {
        ...request,
        logGroupName,
        window,
        events: [],
        statistics,
        queries: [],
        incomplete: [],
        streams,
      };
    }
    const fetched = await fetchWindowEvents(
      deps,
      { logGroupName, queryString: apiServerEventsQuery(streams), window },
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
      streams,
    };
  } catch (error) {
    if (error instanceof LogGroupNotFoundError && error.logGroupName === logGroupName) {
      throw new LoggingNotEnabledError(request.cluster, { cause: error });
    }
    throw error;
  }
}
