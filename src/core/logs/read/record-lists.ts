import { InputError } from '#core/errors.ts';
import { MAX_LINE_BYTES } from '#core/logs/read/input-limits.ts';
import { eventOfInsightsRow } from '#core/logs/read/insights-rows.ts';
import type { LogEvent } from '#core/logs/read/records.ts';
import { CLUSTER_LOG_GROUP } from '#core/model/aws-names.ts';

/** The top-level keys whose lists hold log records. */
export type RecordKey = 'events' | 'results';

/** The format of a JSON export, from the key of its record list. */
export type ExportFormat = 'filter-log-events' | 'get-query-results';

/** What a JSON export held besides its events. */
export interface ExportSummary {
  readonly format: ExportFormat;
  /** Cluster names from `/aws/eks/<cluster>/cluster` log groups the rows name (`@log`). */
  readonly clusters: string[];
  /** Accounts of those log groups, when `@log` names one (`<account>:/aws/eks/...`). */
  readonly accounts: string[];
  /** Messages longer than {@link MAX_LINE_BYTES} characters, cut to that length. */
  readonly cutMessages: number;
}

/**
 * The record list of a JSON log export read element by element: each element is converted and
 * handed to `onEvent` as it arrives, so no list is ever held. A document with more than one
 * record list (a repeated key, or both `events` and `results`) is refused, since its events
 * could not be told apart once handed on.
 *
 * @example
 * const lists = new RecordLists('q.json', (event) => classifier.push(event));
 * lists.open('results');
 * lists.add([{ field: '@message', value: 'x' }]);
 * lists.summary().format; // 'get-query-results'
 */
export class RecordLists {
  private key: RecordKey | null = null;
  private count = 0;
  private cut = 0;
  private readonly clusters = new Set<string>();
  private readonly accounts = new Set<string>();

  constructor(
    private readonly label: string,
    private readonly onEvent: (event: LogEvent) => void,
  ) {}

  /** The list being read, and how many of its elements have been read. */
  get progress(): { readonly key: RecordKey | null; readonly elements: number } {
    return { key: this.key, elements: this.count };
  }

  /**
   * `key` holds a list: the next {@link add} calls are its elements.
   *
   * @throws InputError when a record list was read already.
   */
  open(key: RecordKey): void {
    if (this.key !== null) {
      throw new InputError(
        `logs ${this.label}: JSON with a second record list ("${key}" after "${this.key}"); expected the output of one aws logs command`,
      );
    }
    this.key = key;
  }

  /**
   * Converts the next element of the open list and hands its event on.
   *
   * @throws InputError naming the element when it is malformed.
   */
  add(value: unknown): void {
    if (this.key === null) return;
    const index = this.count++;
    const event =
      this.key === 'events'
        ? filterLogEvent(value, index, this.label)
        : insightsRowEvent(value, index, this.label, this.clusters, this.accounts);
    if (event === null) return;
    if (event.message.length <= MAX_LINE_BYTES) {
      this.onEvent(event);
      return;
    }
    this.cut++;
    this.onEvent({ ...event, message: event.message.slice(0, MAX_LINE_BYTES) });
  }

  /**
   * What the whole document held.
   *
   * @throws InputError when no key held a record list.
   */
  summary(): ExportSummary {
    if (this.key === null) throw neitherShapeError(this.label);
    return {
      format: this.key === 'events' ? 'filter-log-events' : 'get-query-results',
      clusters: [...this.clusters],
      accounts: [...this.accounts],
      cutMessages: this.cut,
    };
  }
}

/** The last `@log` value read, and the cluster it names (rows of one export share it). */
let lastGroup: { text: string; cluster: string | undefined; account: string | undefined } = {
  text: '',
  cluster: undefined,
  account: undefined,
};

/**
 * The error for JSON logs of neither accepted shape.
 *
 * @example
 * throw neitherShapeError('x.json');
 */
export function neitherShapeError(label: string): InputError {
  return new InputError(
    `logs ${label}: JSON with neither "events" (aws logs filter-log-events) nor "results" (aws logs get-query-results)`,
  );
}

/**
 * The event of element `index` of a Logs Insights `results` list (null when the row has no
 * `@message`), adding the cluster its `@log` names, if any, to `clusters` (and the account, to
 * `accounts`).
 *
 * @throws InputError naming the file and the row when the row is not a list of objects or its
 *   `@timestamp` is in neither format.
 * @example
 * insightsRowEvent([{ field: '@message', value: 'x' }], 0, 'q.json', new Set()); // { message: 'x', stream: null, timestamp: null }
 */
export function insightsRowEvent(
  row: unknown,
  index: number,
  label: string,
  clusters: Set<string>,
  accounts?: Set<string>,
): LogEvent | null {
  if (!Array.isArray(row) || !row.every(isObject)) {
    throw new InputError(`logs ${label}: results[${index}] is not a list of {field, value}`);
  }
  const cells = row.map((c) => ({ field: stringOr(c.field), value: stringOr(c.value) }));
  const group = cells.find((c) => c.field === '@log')?.value;
  if (group !== undefined && group !== lastGroup.text) {
    lastGroup = {
      text: group,
      cluster: CLUSTER_LOG_GROUP.exec(group)?.[2],
      account: CLUSTER_LOG_GROUP.exec(group)?.[1],
    };
  }
  if (group !== undefined && lastGroup.cluster) clusters.add(lastGroup.cluster);
  if (group !== undefined && lastGroup.account) accounts?.add(lastGroup.account);
  try {
    return eventOfInsightsRow(cells, 'strict');
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new InputError(`logs ${label}: results[${index}]: ${why}`, { cause: error });
  }
}

/**
 * The event of element `index` of an `aws logs filter-log-events` `events` list.
 *
 * @throws InputError naming the file and the element when it has no `message` string.
 * @example
 * filterLogEvent({ message: 'x', logStreamName: 's', timestamp: 1 }, 0, 'e.json'); // { message: 'x', stream: 's', timestamp: 1 }
 */
export function filterLogEvent(raw: unknown, index: number, label: string): LogEvent {
  if (!isObject(raw) || typeof raw.message !== 'string') {
    throw new InputError(`logs ${label}: events[${index}] has no "message" string`);
  }
  const timestamp = typeof raw.timestamp === 'number' ? raw.timestamp : null;
  const stream = typeof raw.logStreamName === 'string' ? raw.logStreamName : null;
  return { message: raw.message, stream, timestamp };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
