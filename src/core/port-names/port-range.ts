/**
 * A port range as sentences, keys and comments write it: `9443`, or `32768-60999`.
 *
 * @example
 * portRangeText(9443, 9443); // '9443'
 * portRangeText(32768, 60999); // '32768-60999'
 */
export function portRangeText(from: number, to: number): string {
  return from === to ? `${from}` : `${from}-${to}`;
}
