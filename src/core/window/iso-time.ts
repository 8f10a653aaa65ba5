/**
 * ISO 8601 of an epoch-ms time, or null.
 *
 * @example
 * isoOf(0); // '1970-01-01T00:00:00.000Z'
 */
export function isoOf(ms: number | null): string | null {
  return ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}
