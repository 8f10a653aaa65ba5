import {
  type QueryDeps,
  type QueryOutcome,
  type QueryRunOptions,
  runInsightsQuery,
} from '#app/pipeline/run-query.ts';
import type { QueryRecord } from '#core/insights/statistics.ts';
import { eventOfInsightsRow } from '#core/logs/read/insights-rows.ts';
import type { LogEvent } from '#core/logs/read/records.ts';
import type { IncompleteWindow } from '#core/run/cluster-events.ts';
import {
  containsTimestamp,
  queryRange,
  splitWindow,
  type TimeWindow,
} from '#core/window/time-window.ts';

/** One query over one window of one log group. */
export interface WindowQuery {
  readonly logGroupName: string;
  readonly queryString: string;
  readonly window: TimeWindow;
}

/** Options of {@link fetchWindowEvents}: the runner's, plus the row limits. */
export interface WindowFetchOptions extends QueryRunOptions {
  /** Rows per query before the window is split (default 10,000, the classic maximum). */
  readonly rowLimit?: number;
  /** Rows asked for, with pagination, for a one-second window that still overflows (default 100,000). */
  readonly unsplittableLimit?: number;
  /**
   * Seconds read a second time for late events (see `planSettle`): only their events not in
   * `seen` (keys of events already delivered) are kept.
   */
  readonly settle?: { readonly window: TimeWindow | null; readonly seen: ReadonlySet<string> };
}

/** Every event of a window, oldest first, and every query that produced them. */
export interface WindowEvents {
  readonly events: readonly LogEvent[];
  readonly queries: readonly QueryRecord[];
  /** Windows where events were dropped (reported, never silent). Empty when complete. */
  readonly incomplete: readonly IncompleteWindow[];
}

/**
 * Reads every event a query matches in a window. When a query matched more records than it
 * returned (`statistics.recordsMatched`, or a full page when the service gives no statistics),
 * the window is split in halves at a whole second and each half is queried, recursively, oldest
 * half first. A one-second window that still overflows is queried once more with
 * `unsplittableLimit` rows (paginated); what is still missing is listed in `incomplete`.
 * Each (sub)window keeps only events stamped inside it, so boundaries deliver events once.
 *
 * @throws whatever {@link runInsightsQuery} throws (abort, deadline, failed query, missing group).
 * @example
 * const { events, incomplete } = await fetchWindowEvents({ insights, clock }, {
 *   logGroupName: '/aws/eks/demo/cluster', queryString: APISERVER_EVENTS_QUERY,
 *   window: { startSec: 1_700_000_000, endSec: 1_700_003_600 },
 * });
 */
export async function fetchWindowEvents(
  deps: QueryDeps,
  query: WindowQuery,
  options: WindowFetchOptions = {},
): Promise<WindowEvents> {
  const rowLimit = options.rowLimit ?? 10_000;
  const unsplittableLimit = Math.max(rowLimit, options.unsplittableLimit ?? 100_000);
  const events: LogEvent[] = [];
  const queries: QueryRecord[] = [];
  const incomplete: IncompleteWindow[] = [];

  const run = async (window: TimeWindow, limit: number): Promise<QueryOutcome> => {
    const request = { logGroupName: query.logGroupName, queryString: query.queryString, limit };
    const outcome = await runInsightsQuery(deps, { ...request, ...queryRange(window) }, options);
    queries.push({
      queryId: outcome.queryId,
      window,
      limit,
      rowsReturned: outcome.rows.length,
      statistics: outcome.statistics,
    });
    return outcome;
  };
  const keep = (window: TimeWindow, outcome: QueryOutcome): void => {
    for (const row of outcome.rows) {
      const event = eventOfInsightsRow(row, 'lenient');
      if (event.timestamp == null || containsTimestamp(window, event.timestamp)) events.push(event);
    }
  };
  const visit = async (window: TimeWindow): Promise<void> => {
    const outcome = await run(window, rowLimit);
    if (!overflowed(outcome, rowLimit)) return keep(window, outcome);
    const halves = splitWindow(window);
    if (halves) {
      await visit(halves[0]);
      await visit(halves[1]);
      return;
    }
    const wide = unsplittableLimit > rowLimit ? await run(window, unsplittableLimit) : outcome;
    keep(window, wide);
    if (overflowed(wide, unsplittableLimit)) {
      incomplete.push({
        window,
        recordsMatched: wide.statistics?.recordsMatched ?? null,
        rowsReturned: wide.rows.length,
      });
    }
  };

  await visit(query.window);
  return { events, queries, incomplete };
}

/**
 * Whether a query left matching records out: it matched more than it returned, or (without
 * statistics) it returned a full page.
 *
 * @example
 * overflowed({ queryId: 'q', rows: [], statistics: { recordsMatched: 1, recordsScanned: 1, bytesScanned: 9 } }, 10_000); // true
 */
export function overflowed(outcome: QueryOutcome, limit: number): boolean {
  if (outcome.statistics) return outcome.statistics.recordsMatched > outcome.rows.length;
  return outcome.rows.length >= limit;
}
