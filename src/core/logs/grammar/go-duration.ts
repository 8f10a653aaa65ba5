const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * Parses a Go `time.Duration` string (`10.000136234s`, `13010ms`, `1m2.5s`, `470.891µs`) into
 * whole milliseconds, truncated. Returns null for anything else.
 *
 * @example
 * parseGoDurationMs('7.071570708s'); // 7071
 */
export function parseGoDurationMs(text: string): number | null {
  if (text.length === 0 || text.length > 64) return null;
  if (text === '0s' || text === '0') return 0;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const match = PART.exec(text);
    if (!match) return null;
    const factor = UNIT_MS[match[2] ?? ''];
    if (factor === undefined) return null;
    total += Number(match[1]) * factor;
  }
  // Truncate, with a nudge against binary noise (7.0715 * 1000 = 7071.499999...).
  return Math.floor(total + 1e-6);
}
