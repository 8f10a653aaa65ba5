/**
 * Literal text that every message family the classifier knows contains. It is the coarse filter
 * in two places: records that contain none of these are skipped before parsing, and the Logs
 * Insights query sends only events that match one (exact parsing always happens in TypeScript).
 */
export const FAMILY_MARKERS = [
  'failed with: ',
  'ailed calling webhook',
  'ailed calling admission webhook',
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
  'failed to download ',
  'DiscoveryManager: Failed to download ',
  'Context canceled when calling webhook ',
] as const;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** One regular expression matching any marker (a plain alternation of literals: linear time). */
export const MARKER_PATTERN = new RegExp(FAMILY_MARKERS.map(escapeRegExp).join('|'));

/**
 * Shorter literals for scanning large texts in one pass: every marker but `] END` contains one
 * of them (a test checks it; `END` lines are reached as continuations of their trace), and
 * `err=<` finds multi-line blocks whose markers sit on later lines. The exact list matters for
 * speed: V8 scans this alternation at about 1 GB/s, while small changes (a leading `] `, a second
 * pass) make it several times slower; measure with `npm run bench` before changing it.
 */
export const SCAN_LITERALS = [
  'webhook',
  'APIService',
  'failed with: ',
  'Dial',
  'resource list',
  'server APIs',
  'discover some groups',
  'dialing backend',
  'error resolving',
  'failed to download',
  'DiscoveryManager',
  'err=<',
] as const;

/** The scan as a global regular expression (a fresh object: it carries `lastIndex`). */
export function scanPattern(): RegExp {
  return new RegExp(SCAN_LITERALS.map(escapeRegExp).join('|'), 'g');
}

/**
 * Whether `text` may hold a finding (it contains a family marker).
 *
 * @example
 * mayHoldFinding('I0101 00:00:00.000000 1 x.go:1] OpenAPI AggregationController: Processing item x'); // false
 */
export function mayHoldFinding(text: string): boolean {
  return MARKER_PATTERN.test(text);
}
