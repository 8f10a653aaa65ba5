import type { QueryRecord, RunStatistics } from '#core/insights/statistics.ts';
import type { LogEvent } from '#core/logs/read/records.ts';
import type { Report } from '#core/model/report.ts';
import type { TimeWindow } from '#core/window/time-window.ts';

// What reading one cluster's API-server events returns, and what a live analysis of them is:
// the shapes the pipeline hands to the run's results and metrics.

/** A window whose matching events could not all be read, even one second at a time. */
export interface IncompleteWindow {
  readonly window: TimeWindow;
  /** `null` when the service reported no statistics (the page was full). */
  readonly recordsMatched: number | null;
  readonly rowsReturned: number;
}

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
  /** Events delivered by the late-event re-read (`options.settle`), already in `events`. */
  readonly lateEvents: number;
  /** Seen-entries (`"<epoch s>:<key>"`) of every event delivered, for the settle state. */
  readonly delivered: readonly string[];
}

/** A live analysis: the report, and what reading the logs cost (for metrics and progress). */
export interface LiveAnalysis {
  readonly report: Report;
  readonly events: Omit<ClusterEvents, 'events'> & { readonly count: number };
}
