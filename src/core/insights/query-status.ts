import { QueryFailedError } from '#core/errors.ts';
import type { QueryStatus } from '#core/gateways.ts';

/** What the poll loop does next for a status. */
export type StatusStep = 'wait' | 'complete' | 'failed';

const STEPS: Readonly<Record<QueryStatus, StatusStep>> = {
  Scheduled: 'wait',
  Running: 'wait',
  Complete: 'complete',
  Failed: 'failed',
  Cancelled: 'failed',
  Timeout: 'failed',
  // The service no longer knows the query (e.g. its results expired): nothing to wait for.
  Unknown: 'failed',
};

/**
 * Maps a GetQueryResults status to the poll loop's next step. Every documented status is handled
 * explicitly; anything else fails loudly rather than being polled forever.
 *
 * @throws QueryFailedError for a status this code does not know.
 * @example
 * statusStep('q-1', 'Running'); // 'wait'
 * statusStep('q-1', 'Timeout'); // 'failed'
 */
export function statusStep(queryId: string, status: string): StatusStep {
  if (Object.hasOwn(STEPS, status)) return STEPS[status as QueryStatus];
  throw new QueryFailedError(
    queryId,
    JSON.stringify(status),
    'unrecognised status: this version of eks-sg-advisor does not know it',
  );
}

/**
 * The explanation printed for a query that ended without completing.
 *
 * @example
 * failureDetail('Cancelled'); // 'the query was stopped (StopQuery, or from the console)'
 */
export function failureDetail(status: string): string {
  switch (status) {
    case 'Failed':
      return 'the service could not run the query';
    case 'Cancelled':
      return 'the query was stopped (StopQuery, or from the console)';
    case 'Timeout':
      return 'the query ran longer than the service allows (60 minutes); use a shorter window';
    case 'Unknown':
      return 'the service no longer knows the query';
    default:
      return 'unexpected status';
  }
}
