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

/**
 * What traffic a rule covers: `all traffic` for protocol `-1`, the bare protocol when it has no
 * ports (ICMP), else `tcp/443` or `udp/1000-2000`.
 *
 * @example
 * rulePortsText({ protocol: 'tcp', fromPort: 6443, toPort: 6443 }); // 'tcp/6443'
 */
export function rulePortsText(rule: {
  readonly protocol: string;
  readonly fromPort: number | null;
  readonly toPort: number | null;
}): string {
  if (rule.protocol === '-1') return 'all traffic';
  if (rule.fromPort === null || rule.toPort === null) return rule.protocol;
  return `${rule.protocol}/${portRangeText(rule.fromPort, rule.toPort)}`;
}
