import { type BackoffPolicy, backoffDelayMs, POLL_BACKOFF, QUOTA_BACKOFF } from '#app/backoff.ts';
import { abortKind, interruption, pause, type WaitLimits } from '#app/pause.ts';
import { AwsCallError, QueryAbortedError, QueryFailedError } from '#core/errors.ts';
import type {
  Clock,
  LogsInsightsPort,
  QueryRow,
  QueryStatistics,
  StartQueryRequest,
} from '#core/gateways.ts';
import { failureDetail, statusStep } from '#core/insights/query-status.ts';

/** What the runner needs from outside. */
export interface QueryDeps {
  readonly insights: LogsInsightsPort;
  readonly clock: Clock;
}

/** A snapshot of a running query for a progress line. `status` may also be `Waiting for quota`. */
export interface QueryProgress {
  readonly queryId: string | null;
  readonly status: string;
  readonly statistics: QueryStatistics | null;
  readonly request: StartQueryRequest;
}

/** Options of {@link runInsightsQuery}; all optional. */
export interface QueryRunOptions extends WaitLimits {
  /** Called after every StartQuery refusal and every GetQueryResults poll. */
  readonly onProgress?: (progress: QueryProgress) => void;
  readonly pollBackoff?: BackoffPolicy;
  readonly quotaBackoff?: BackoffPolicy;
  /** StartQuery retries on LimitExceededException before giving up (default 8). */
  readonly maxQuotaRetries?: number;
  /** Source of jitter (default `Math.random`). */
  readonly random?: () => number;
}

/** A completed query: every row of every results page and the final statistics. */
export interface QueryOutcome {
  readonly queryId: string;
  readonly rows: readonly QueryRow[];
  /** `null` when the service reported no statistics. */
  readonly statistics: QueryStatistics | null;
}

const MAX_PAGES = 100;
/** Statuses after which the query no longer runs (no StopQuery needed). */
const ENDED: ReadonlySet<string> = new Set(['Failed', 'Cancelled', 'Timeout', 'Unknown']);

/**
 * Runs one Logs Insights query to completion: StartQuery (retrying with backoff while the
 * concurrent-query quota is full), then GetQueryResults with backoff until `Complete`, then every
 * results page. On abort or deadline a started query is sent StopQuery before the error is thrown;
 * so is a query whose polling failed.
 *
 * @throws QueryAbortedError when `signal` fires or `deadline` passes first.
 * @throws QueryFailedError when the query ends Failed, Cancelled, Timeout or Unknown, or reports
 *   a status this code does not know.
 * @throws LogGroupNotFoundError when the log group does not exist (from the port).
 * @throws AwsCallError when the quota stays full after `maxQuotaRetries` retries.
 * @example
 * const { rows, statistics } = await runInsightsQuery({ insights, clock }, {
 *   logGroupName: '/aws/eks/demo/cluster', queryString, startTime: 1_700_000_000,
 *   endTime: 1_700_000_300, limit: 10_000,
 * }, { deadline: clock.now() + 600_000, signal });
 */
export async function runInsightsQuery(
  deps: QueryDeps,
  request: StartQueryRequest,
  options: QueryRunOptions = {},
): Promise<QueryOutcome> {
  const queryId = await startWithinQuota(deps, request, options);
  try {
    return await pollUntilComplete(deps, queryId, request, options);
  } catch (error) {
    if (error instanceof QueryFailedError && ENDED.has(error.status)) throw error;
    const reason = error instanceof QueryAbortedError ? error.reason : abortReason(options);
    const stopError = await stopQuietly(deps.insights, queryId);
    if (reason) throw new QueryAbortedError(queryId, reason, stopError, { cause: error });
    throw error;
  }
}

async function startWithinQuota(
  deps: QueryDeps,
  request: StartQueryRequest,
  options: QueryRunOptions,
): Promise<string> {
  const maxRetries = options.maxQuotaRetries ?? 8;
  for (let attempt = 0; ; attempt++) {
    const stop = interruption(deps.clock, options);
    if (stop) throw new QueryAbortedError(null, stop, null);
    let result: Awaited<ReturnType<LogsInsightsPort['startQuery']>>;
    try {
      result = await deps.insights.startQuery(request, options.signal ?? undefined);
    } catch (error) {
      const reason = abortReason(options);
      if (reason) throw new QueryAbortedError(null, reason, null, { cause: error });
      throw error;
    }
    if (result.outcome === 'started') return result.queryId;
    if (attempt >= maxRetries) {
      throw new AwsCallError(
        'StartQuery',
        `the account's concurrent Logs Insights query quota was still full after ${maxRetries} retries (${result.message})`,
      );
    }
    options.onProgress?.({ queryId: null, status: 'Waiting for quota', statistics: null, request });
    const delay = backoffDelayMs(options.quotaBackoff ?? QUOTA_BACKOFF, attempt, options.random);
    const paused = await pause(deps.clock, delay, options);
    if (paused !== 'ok') throw new QueryAbortedError(null, paused, null);
  }
}

async function pollUntilComplete(
  deps: QueryDeps,
  queryId: string,
  request: StartQueryRequest,
  options: QueryRunOptions,
): Promise<QueryOutcome> {
  const policy = options.pollBackoff ?? POLL_BACKOFF;
  for (let attempt = 0; ; attempt++) {
    const page = await deps.insights.getQueryResults(queryId, {
      signal: options.signal ?? undefined,
    });
    options.onProgress?.({ queryId, status: page.status, statistics: page.statistics, request });
    const step = statusStep(queryId, page.status);
    if (step === 'failed') {
      throw new QueryFailedError(queryId, page.status, failureDetail(page.status));
    }
    if (step === 'complete') {
      const rows = [...page.rows, ...(await laterPages(deps, queryId, page.nextToken, options))];
      return { queryId, rows, statistics: page.statistics };
    }
    const paused = await pause(
      deps.clock,
      backoffDelayMs(policy, attempt, options.random),
      options,
    );
    if (paused !== 'ok') throw new QueryAbortedError(queryId, paused, null);
  }
}

async function laterPages(
  deps: QueryDeps,
  queryId: string,
  firstToken: string | null,
  options: QueryRunOptions,
): Promise<QueryRow[]> {
  const rows: QueryRow[] = [];
  let token = firstToken;
  for (let pages = 0; token !== null && pages < MAX_PAGES; pages++) {
    const page = await deps.insights.getQueryResults(queryId, {
      nextToken: token,
      signal: options.signal ?? undefined,
    });
    rows.push(...page.rows);
    token = page.nextToken === token ? null : page.nextToken;
  }
  return rows;
}

function abortReason(options: QueryRunOptions): 'aborted' | 'deadline' | null {
  return options.signal?.aborted ? abortKind(options.signal) : null;
}

/** Stops a query, returning the call's failure instead of throwing it (the query may have ended). */
async function stopQuietly(insights: LogsInsightsPort, queryId: string): Promise<unknown> {
  try {
    await insights.stopQuery(queryId);
    return null;
  } catch (error) {
    return error;
  }
}
