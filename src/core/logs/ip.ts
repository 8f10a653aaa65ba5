import { isIPv4, isIPv6 } from 'node:net';

/**
 * The IP in a host as written in a URL or a dial address (`10.0.0.1`, `[fd00::1]`), or null.
 *
 * @example
 * ipOfHost('[fd00::1]'); // 'fd00::1'
 * ipOfHost('svc.ns.svc'); // null
 */
export function ipOfHost(host: string): string | null {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  // Most hosts are service names: only a host with a colon can be an IPv6 address.
  return isIPv4(bare) || (bare.includes(':') && isIPv6(bare)) ? bare : null;
}
