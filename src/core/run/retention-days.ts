import { InputError } from '#core/errors.ts';

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy `retentionInDays`). */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

/** Retention set on a cluster's log group when it has none: 30 days. */
export const DEFAULT_RETENTION_DAYS = 30;

/**
 * Reads a retention period in days and checks CloudWatch accepts it.
 *
 * @throws InputError naming the value and listing the accepted ones.
 * @example
 * parseRetentionDays('14'); // 14
 * parseRetentionDays('10'); // throws InputError
 */
export function parseRetentionDays(text: string): number {
  const days = /^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(RETENTION_DAYS as readonly number[]).includes(days)) {
    throw new InputError(
      `--retention-days must be one of ${RETENTION_DAYS.join(', ')} (got '${text}')`,
    );
  }
  return days;
}
