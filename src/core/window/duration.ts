const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};
const DURATION = /^(?:\d{1,6}[smhd])+$/;

/**
 * A duration written `90s`, `15m`, `1h30m` or `2d` (whole units, no spaces), in milliseconds;
 * `null` when the text is not such a duration. Zero (`0m`) is a valid duration.
 *
 * @example
 * parseDurationText('1h30m'); // 5_400_000
 * parseDurationText('90 minutes'); // null
 */
export function parseDurationText(text: string): number | null {
  if (!DURATION.test(text)) return null;
  let ms = 0;
  for (const [, count, unit] of text.matchAll(/(\d+)([smhd])/g)) {
    ms += Number(count) * (UNIT_MS[unit ?? 's'] ?? 0);
  }
  return ms;
}

/**
 * Milliseconds written back as the shortest duration text {@link parseDurationText} reads.
 *
 * @example
 * formatDuration(5_400_000); // '1h30m'
 * formatDuration(0); // '0s'
 */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms / 1000));
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count}${unit}`);
  }
  return parts.length > 0 ? parts.join('') : '0s';
}
