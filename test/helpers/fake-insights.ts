import type {
  LogStreamInfo,
  LogsInsightsPort,
  QueryResultsPage,
  QueryRow,
  StartQueryRequest,
  StartQueryResult,
} from '#core/gateways.ts';
import { queryStreams } from '#core/insights/apiserver-query.ts';

/** One stored log event of the fake engine. */
export interface StoredEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly stream?: string;
  readonly bytes?: number;
}

interface Query {
  readonly request: StartQueryRequest;
  readonly rows: QueryRow[];
  readonly matched: number;
  readonly scanned: number;
  readonly bytes: number;
  polls: number;
}

/**
 * An in-memory Logs Insights with the service's window semantics: a query returns the events
 * stamped in `[startTime * 1000, endTime * 1000]` (both inclusive), oldest first, at most `limit`
 * rows, and reports `recordsMatched` for all of them. Every query is `Running` for
 * `runningPolls` polls, then `Complete` (or what `finalStatus` says). No filter is applied.
 */
export class FakeInsights implements LogsInsightsPort {
  readonly started: StartQueryRequest[] = [];
  readonly stopped: string[] = [];
  readonly polls: string[] = [];
  runningPolls = 1;
  finalStatus = 'Complete';
  reportStatistics = true;
  /** Rows per GetQueryResults page (pagination with nextToken). */
  pageSize = 10_000;
  /** StartQuery answers `limit-exceeded` this many times first. */
  quotaRefusals = 0;
  /** Prefixes DescribeLogStreams was asked for. */
  readonly listed: string[] = [];
  private readonly queries = new Map<string, Query>();

  constructor(readonly events: StoredEvent[] = []) {}

  /** The distinct streams of the stored events (no creation or ingestion time reported). */
  async listLogStreams(_group: string, prefix: string): Promise<readonly LogStreamInfo[]> {
    this.listed.push(prefix);
    const names = new Set(this.events.map(streamOf).filter((name) => name.startsWith(prefix)));
    return [...names].map((name) => ({ name, creationTime: null, lastIngestionTime: null }));
  }

  async startQuery(request: StartQueryRequest): Promise<StartQueryResult> {
    if (this.quotaRefusals > 0) {
      this.quotaRefusals--;
      return { outcome: 'limit-exceeded', message: 'LimitExceededException: too many queries' };
    }
    this.started.push(request);
    const from = request.startTime * 1000;
    const to = request.endTime * 1000;
    // Like Logs Insights with an indexed @logStream: a `filterIndex` list limits what is scanned.
    const streams = queryStreams(request.queryString);
    const inWindow = this.events
      .filter((e) => e.timestamp >= from && e.timestamp <= to)
      .filter((e) => streams === null || streams.includes(streamOf(e)))
      .sort((a, b) => a.timestamp - b.timestamp);
    const queryId = `q-${this.started.length}`;
    this.queries.set(queryId, {
      request,
      rows: inWindow.slice(0, request.limit).map(toRow),
      matched: inWindow.length,
      scanned: inWindow.length,
      bytes: inWindow.reduce((sum, e) => sum + (e.bytes ?? e.message.length), 0),
      polls: 0,
    });
    return { outcome: 'started', queryId };
  }

  async getQueryResults(
    queryId: string,
    options: { readonly nextToken?: string | null } = {},
  ): Promise<QueryResultsPage> {
    const query = this.queries.get(queryId);
    if (!query) throw new Error(`unknown query ${queryId}`);
    this.polls.push(queryId);
    const done = query.polls++ >= this.runningPolls;
    const status = done ? this.finalStatus : 'Running';
    const offset = options.nextToken ? Number(options.nextToken) : 0;
    const rows = done ? query.rows.slice(offset, offset + this.pageSize) : [];
    const next =
      done && offset + this.pageSize < query.rows.length ? String(offset + this.pageSize) : null;
    const statistics = this.reportStatistics
      ? { recordsMatched: query.matched, recordsScanned: query.scanned, bytesScanned: query.bytes }
      : null;
    return { status, rows, statistics, nextToken: next };
  }

  async stopQuery(queryId: string): Promise<boolean> {
    this.stopped.push(queryId);
    return true;
  }
}

const DEFAULT_STREAM = 'kube-apiserver-0123456789abcdef0123456789abcdef';

function streamOf(event: StoredEvent): string {
  return event.stream ?? DEFAULT_STREAM;
}

function toRow(event: StoredEvent): QueryRow {
  return [
    { field: '@timestamp', value: String(event.timestamp) },
    {
      field: '@logStream',
      value: streamOf(event),
    },
    { field: '@message', value: event.message },
    { field: '@ptr', value: `ptr-${event.timestamp}` },
  ];
}
