import type { QueryRow } from '#core/gateways.ts';
import type { LogEvent } from '#core/logs/records.ts';

const EPOCH_MS = /^\d{1,16}$/;
const AWS_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z?$/;

/**
 * Epoch ms of a Logs Insights `@timestamp` value: AWS writes `YYYY-MM-DD HH:MM:SS.mmm` in UTC,
 * emulators may write epoch milliseconds. Anything else is `null`.
 *
 * @example
 * parseInsightsTimestamp('2026-11-28 14:54:48.778'); // 1795877688778
 * parseInsightsTimestamp('1795877688778'); // 1795877688778
 */
export function parseInsightsTimestamp(value: string | undefined): number | null {
  if (value === undefined) return null;
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
  const ms = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

/**
 * The value of `field` in a result row, `undefined` when the row lacks it.
 *
 * @example
 * fieldOf([{ field: '@message', value: 'x' }], '@message'); // 'x'
 */
export function fieldOf(row: QueryRow, field: string): string | undefined {
  return row.find((cell) => cell.field === field)?.value;
}

/**
 * A result row of the API-server query as a classifier event: `@message`, `@logStream` and
 * `@timestamp` (epoch ms, `null` when missing or unreadable).
 *
 * @example
 * rowToEvent([{ field: '@message', value: 'I0101 ...' }, { field: '@timestamp', value: '1' }]);
 * // { message: 'I0101 ...', stream: null, timestamp: 1 }
 */
export function rowToEvent(row: QueryRow): LogEvent {
  return {
    message: fieldOf(row, '@message') ?? '',
    stream: fieldOf(row, '@logStream') ?? null,
    timestamp: parseInsightsTimestamp(fieldOf(row, '@timestamp')),
  };
}
