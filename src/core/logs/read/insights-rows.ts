import { InputError } from '#core/errors.ts';
import type { LogEvent } from '#core/logs/read/records.ts';

/**
 * How a Logs Insights row reader treats a row it cannot fully read:
 * - `strict` (exported files, where a bad row means a bad file): a row without `@message` is
 *   skipped (`null`), an unreadable `@timestamp` throws.
 * - `lenient` (live query results, which must not stop a scheduled run): every row is an event,
 *   a missing `@message` is empty and an unreadable `@timestamp` is `null`.
 */
export type RowPolicy = 'strict' | 'lenient';

/** A result row as read: the cells of a query result, or of an exported file's `results` list. */
export type InsightsRow = readonly { readonly field?: string; readonly value?: string }[];

const EPOCH_MS = /^\d{1,16}$/;
const AWS_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z?$/;
const DIGIT_AT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];

/** The last day {@link awsTimestamp} read, and its epoch ms (rows of one result share days). */
let lastDay = { text: '', ms: 0 };

/**
 * Epoch ms of a Logs Insights `@timestamp` value: AWS writes `YYYY-MM-DD HH:MM:SS.mmm` in UTC
 * (also read with a `T`, a `Z`, fewer or more fraction digits), emulators may write epoch
 * milliseconds. Anything else, including a month, day, hour, minute or second out of range, is
 * `null`.
 *
 * @example
 * parseInsightsTimestamp('2026-11-28 14:54:48.778'); // 1795877688778
 * parseInsightsTimestamp('1795877688778'); // 1795877688778
 */
export function parseInsightsTimestamp(value: string | undefined): number | null {
  if (value === undefined) return null;
  const fast = awsTimestamp(value);
  if (fast !== undefined) return fast;
  const text = value.trim();
  if (EPOCH_MS.test(text)) return Number(text);
  const m = AWS_TIME.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!inRange(mo, d, h, mi, s)) return null;
  const ms = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

/**
 * The value of `field` in a result row, `undefined` when the row lacks it.
 *
 * @example
 * fieldOf([{ field: '@message', value: 'x' }], '@message'); // 'x'
 */
export function fieldOf(row: InsightsRow, field: string): string | undefined {
  return row.find((cell) => cell.field === field)?.value;
}

/**
 * The one reader of a Logs Insights result row (`@message`, `@logStream`, `@timestamp`; other
 * fields such as `@ptr` ignored), under an explicit {@link RowPolicy}.
 *
 * @throws InputError under `strict` when `@timestamp` is present but unreadable.
 * @example
 * eventOfInsightsRow([{ field: '@message', value: 'x' }], 'lenient'); // { message: 'x', stream: null, timestamp: null }
 * eventOfInsightsRow([{ field: '@ptr', value: 'p' }], 'strict'); // null
 */
export function eventOfInsightsRow(row: InsightsRow, policy: 'lenient'): LogEvent;
export function eventOfInsightsRow(row: InsightsRow, policy: RowPolicy): LogEvent | null;
export function eventOfInsightsRow(row: InsightsRow, policy: RowPolicy): LogEvent | null {
  const message = fieldOf(row, '@message');
  if (message === undefined && policy === 'strict') return null;
  const stamp = fieldOf(row, '@timestamp');
  const timestamp = parseInsightsTimestamp(stamp);
  if (timestamp === null && stamp !== undefined && policy === 'strict') {
    throw new InputError(`unrecognised @timestamp "${stamp.slice(0, 40)}"`);
  }
  return { message: message ?? '', stream: fieldOf(row, '@logStream') ?? null, timestamp };
}

/**
 * `YYYY-MM-DD HH:MM:SS.mmm` exactly as AWS writes `@timestamp`, read without a regular
 * expression (one per row of an export of millions): the epoch ms, `null` when a field is out of
 * range, `undefined` for any other form (left to the general parser).
 */
function awsTimestamp(value: string): number | null | undefined {
  if (value.length !== 23 || value[4] !== '-' || value[7] !== '-' || value[10] !== ' ') return;
  if (value[13] !== ':' || value[16] !== ':' || value[19] !== '.') return;
  for (const i of DIGIT_AT) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return;
  }
  const hours = +value.slice(11, 13);
  const minutes = +value.slice(14, 16);
  const seconds = +value.slice(17, 19);
  const day = value.slice(0, 10);
  if (day !== lastDay.text) {
    const month = +value.slice(5, 7);
    const date = +value.slice(8, 10);
    if (!inRange(month, date, 0, 0, 0)) return null;
    lastDay = { text: day, ms: Date.UTC(+value.slice(0, 4), month - 1, date) };
  }
  if (!inRange(1, 1, hours, minutes, seconds)) return null;
  return lastDay.ms + ((hours * 60 + minutes) * 60 + seconds) * 1000 + +value.slice(20, 23);
}

function inRange(month: number, day: number, hours: number, minutes: number, seconds: number) {
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= 31 &&
    hours <= 23 &&
    minutes <= 59 &&
    seconds <= 60
  );
}
