import {
  fetchWindowEvents,
  type WindowEvents,
  type WindowFetchOptions,
} from '#app/pipeline/fetch-window.ts';
import type { QueryDeps } from '#app/pipeline/run-query.ts';
import { LogGroupNotFoundError, LoggingNotEnabledError } from '#core/errors.ts';
import { apiServerEventsQuery, isApiServerStream } from '#core/insights/apiserver-query.ts';
import { sumStatistics } from '#core/insights/statistics.ts';
import {
  API_SERVER_STREAM_PREFIX,
  selectApiServerStreams,
} from '#core/insights/stream-selection.ts';
import type { LogEvent } from '#core/logs/read/records.ts';
import { clusterLogGroupName } from '#core/model/aws-names.ts';
import type { ClusterEvents } from '#core/run/cluster-events.ts';
import { seenEntry } from '#core/window/settle.ts';
import { checkWindow, type TimeWindow } from '#core/window/time-window.ts';

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
    const settle = options.settle?.window ? options.settle : null;
    const span = settle?.window
      ? { startSec: settle.window.startSec, endSec: window.endSec }
      : window;
    const listed = await deps.insights.listLogStreams?.(
      logGroupName,
      API_SERVER_STREAM_PREFIX,
      options.signal ?? undefined,
    );
    const streams = listed === undefined ? null : selectApiServerStreams(listed, span);
    const queryString = apiServerEventsQuery(streams);
    const read = async (part: TimeWindow): Promise<WindowEvents> =>
      streams?.length === 0
        ? { events: [], queries: [], incomplete: [] }
        : fetchWindowEvents(deps, { logGroupName, queryString, window: part }, options);
    const late = settle?.window ? await read(settle.window) : null;
    const fetched = await read(window);
    const notSeen = (event: LogEvent): boolean => {
      const entry = seenEntry(event);
      return entry === null || !settle?.seen.has(entry.slice(entry.indexOf(':') + 1));
    };
    const lateEvents = (late?.events ?? []).filter(notSeen).filter(fromApiServer);
    const events = [...lateEvents, ...fetched.events.filter(fromApiServer)];
    const queries = [...(late?.queries ?? []), ...fetched.queries];
    return {
      cluster: request.cluster,
      logGroupName,
      window,
      events,
      statistics: sumStatistics(queries),
      queries,
      incomplete: [...(late?.incomplete ?? []), ...fetched.incomplete],
      streams,
      lateEvents: lateEvents.length,
      delivered: events.map(seenEntry).filter((entry) => entry !== null),
    };
  } catch (error) {
    if (error instanceof LogGroupNotFoundError && error.logGroupName === logGroupName) {
      throw new LoggingNotEnabledError(request.cluster, { cause: error });
    }
    throw error;
  }
}

function fromApiServer(event: LogEvent): boolean {
  return isApiServerStream(event.stream);
}
