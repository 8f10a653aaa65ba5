/**
 * Literal text that every message family the classifier knows contains. It is the coarse filter
 * in two places: records that contain none of these are skipped before parsing, and the Logs
 * Insights query sends only events that match one (exact parsing always happens in TypeScript).
 */
export const FAMILY_MARKERS = [
  'failed with: ',
  'ailed calling ',
  'conversion webhook for ',
  'Error updating APIService ',
  'changing APIService availability',
  'webhook" ',
  '] Dialing...',
  '] Dialed in ',
  '] END',
  "couldn't get resource list for ",
  'complete list of server APIs',
  'failed to discover some groups',
  'error dialing backend',
  'error resolving ',
] as const;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** One regular expression matching any marker (a plain alternation of literals: linear time). */
export const MARKER_PATTERN = new RegExp(FAMILY_MARKERS.map(escapeRegExp).join('|'));

/**
 * Whether `text` may hold a finding (it contains a family marker).
 *
 * @example
 * mayHoldFinding('I0101 00:00:00.000000 1 x.go:1] OpenAPI AggregationController: Processing item x'); // false
 */
export function mayHoldFinding(text: string): boolean {
  return MARKER_PATTERN.test(text);
}
