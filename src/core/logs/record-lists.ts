import { InputError } from '#core/errors.ts';
import {
  filterLogEvent,
  insightsRowEvent,
  type LogInput,
  neitherShapeError,
} from '#core/logs/log-file.ts';
import type { LogEvent } from '#core/logs/records.ts';

/** The top-level keys whose lists hold log records. */
export type RecordKey = 'events' | 'results';

/** The events of one list, converted as its elements arrive. */
interface RecordList {
  readonly events: LogEvent[];
  readonly clusters: Set<string>;
  readonly accounts: Set<string>;
  /** The first element that is not a valid record; reported only if the JSON is valid. */
  error: InputError | null;
  count: number;
}

/**
 * The record lists of a JSON log document read element by element, with the rules
 * {@link parseLogInput} applies to the parsed document: a repeated key keeps its last value, an
 * `events` list wins over a `results` list, and the first malformed element of the chosen list is
 * the error.
 *
 * @example
 * const lists = new RecordLists('q.json');
 * lists.open('results');
 * lists.add([{ field: '@message', value: 'x' }]);
 * lists.input().events; // [{ message: 'x', stream: null, timestamp: null }]
 */
export class RecordLists {
  private readonly lists = new Map<RecordKey, RecordList | 'not-a-list'>();
  private current: { key: RecordKey; list: RecordList } | null = null;

  constructor(private readonly label: string) {}

  /** `key` holds a list: the next {@link add} calls are its elements. */
  open(key: RecordKey): void {
    const list = {
      events: [],
      clusters: new Set<string>(),
      accounts: new Set<string>(),
      error: null,
      count: 0,
    };
    this.lists.set(key, list);
    this.current = { key, list };
  }

  /** `key` holds something else than a list. */
  other(key: RecordKey): void {
    this.lists.set(key, 'not-a-list');
  }

  /** Converts the next element of the open list. */
  add(value: unknown): void {
    if (this.current === null) return;
    const { key, list } = this.current;
    const index = list.count++;
    if (list.error) return;
    try {
      if (key === 'events') list.events.push(filterLogEvent(value, index, this.label));
      else {
        const event = insightsRowEvent(value, index, this.label, list.clusters, list.accounts);
        if (event) list.events.push(event);
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      list.error = error;
    }
  }

  /**
   * The log input of the whole (valid) document.
   *
   * @throws InputError for a malformed element of the chosen list, or when no key holds a list.
   */
  input(): LogInput {
    for (const [key, format] of [
      ['events', 'filter-log-events'],
      ['results', 'get-query-results'],
    ] as const) {
      const list = this.lists.get(key);
      if (list === undefined || list === 'not-a-list') continue;
      if (list.error) throw list.error;
      return {
        format,
        events: list.events,
        clusters: [...list.clusters],
        ...(key === 'results' ? { accounts: [...list.accounts] } : {}),
      };
    }
    throw neitherShapeError(this.label);
  }
}
