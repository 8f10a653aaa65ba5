import type { QueryStatistics } from '#core/gateways.ts';
import type { TimeWindow } from '#core/window/time-window.ts';

/** One query a fetch issued, for metrics and for the report's notes. */
export interface QueryRecord {
  readonly queryId: string;
  readonly window: TimeWindow;
  readonly limit: number;
  readonly rowsReturned: number;
  /** `null` when the service reported no statistics. */
  readonly statistics: QueryStatistics | null;
}

/**
 * Totals over every query of a fetch. A split window counts in its own query and in its halves'
 * (that is what was scanned and billed). `unreported` counts queries without statistics.
 */
export interface RunStatistics extends QueryStatistics {
  readonly queries: number;
  readonly unreported: number;
}

/**
 * Sums the statistics of `records`.
 *
 * @example
 * sumStatistics([]); // { queries: 0, unreported: 0, recordsScanned: 0, recordsMatched: 0, bytesScanned: 0 }
 */
export function sumStatistics(records: readonly QueryRecord[]): RunStatistics {
  let recordsScanned = 0;
  let recordsMatched = 0;
  let bytesScanned = 0;
  let unreported = 0;
  for (const record of records) {
    if (record.statistics === null) {
      unreported++;
      continue;
    }
    recordsScanned += record.statistics.recordsScanned;
    recordsMatched += record.statistics.recordsMatched;
    bytesScanned += record.statistics.bytesScanned;
  }
  return { queries: records.length, unreported, recordsScanned, recordsMatched, bytesScanned };
}
