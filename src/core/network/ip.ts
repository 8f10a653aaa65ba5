import { isIPv4, isIPv6 } from 'node:net';

/** 4 for IPv4, 6 for IPv6. Addresses of different families never match each other. */
export type IpFamily = 4 | 6;

/** An IP address as a number, with the text it was read from. */
export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
  readonly text: string;
}

/** A CIDR block with its host bits cleared (`10.0.1.7/24` is read as `10.0.1.0/24`). */
export interface Cidr {
  readonly family: IpFamily;
  readonly network: bigint;
  readonly prefixLength: number;
  readonly text: string;
}

const BITS: Readonly<Record<IpFamily, number>> = { 4: 32, 6: 128 };

/**
 * Reads an IPv4 or IPv6 address (brackets and an IPv6 zone are accepted and dropped).
 * Null when the text is not an address.
 *
 * @example
 * parseIp('10.0.1.2')?.value; // 167772418n
 * parseIp('fd00::1')?.family; // 6
 */
export function parseIp(text: string): IpAddress | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (isIPv4(bare)) return { family: 4, value: ipv4Value(bare), text: bare };
  const withoutZone = bare.includes('%') ? bare.slice(0, bare.indexOf('%')) : bare;
  if (isIPv6(withoutZone)) {
    const value = ipv6Value(withoutZone);
    if (value !== null) return { family: 6, value, text: withoutZone };
  }
  return null;
}

/**
 * Reads a CIDR block (`10.0.0.0/16`, `fd00:ec2::/56`). A bare address is a host route (/32 or
 * /128). Null when the text is not a CIDR block.
 *
 * @example
 * parseCidr('10.0.1.7/24')?.text; // '10.0.1.7/24' (network 10.0.1.0)
 */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  const ip = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (!ip) return null;
  const bits = BITS[ip.family];
  let prefixLength = bits;
  if (slash !== -1) {
    const digits = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(digits)) return null;
    prefixLength = Number(digits);
    if (prefixLength > bits) return null;
  }
  return {
    family: ip.family,
    network: ip.value & maskOf(ip.family, prefixLength),
    prefixLength,
    text,
  };
}

/**
 * Reads an address exactly as AWS writes one: dotted IPv4 without leading zeros, or IPv6 with no
 * zone id and no brackets. Null otherwise (a zone such as `%eth0` never reaches a rule).
 *
 * @example
 * parseStrictIp('fe80::1%eth0'); // null
 * parseStrictIp('10.0.1.2')?.family; // 4
 */
export function parseStrictIp(text: string): IpAddress | null {
  if (text.includes('%') || text.startsWith('[')) return null;
  return parseIp(text);
}

/**
 * Reads a CIDR block exactly as AWS writes one: a strict address ({@link parseStrictIp}), a slash
 * and a prefix length in plain decimal (no sign, no leading zero: `10.42.0.0/016` is refused).
 *
 * @example
 * parseStrictCidr('10.42.0.0/16')?.prefixLength; // 16
 * parseStrictCidr('10.42.0.0/016'); // null
 */
export function parseStrictCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  if (slash === -1 || !/^(0|[1-9][0-9]{0,2})$/.test(text.slice(slash + 1))) return null;
  if (!parseStrictIp(text.slice(0, slash))) return null;
  return parseCidr(text);
}

/**
 * Whether `cidr` contains `ip` (same family only).
 *
 * @example
 * cidrContains(parseCidr('10.0.0.0/16')!, parseIp('10.0.3.4')!); // true
 */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.family !== ip.family) return false;
  return (ip.value & maskOf(cidr.family, cidr.prefixLength)) === cidr.network;
}

/**
 * Whether two addresses are the same address (same family and value, whatever their spelling).
 *
 * @example
 * sameIp(parseIp('fd00::1')!, parseIp('fd00:0:0::1')!); // true
 */
export function sameIp(a: IpAddress, b: IpAddress): boolean {
  return a.family === b.family && a.value === b.value;
}

function maskOf(family: IpFamily, prefixLength: number): bigint {
  const bits = BITS[family];
  const all = (1n << BigInt(bits)) - 1n;
  return prefixLength === 0
    ? 0n
    : (all >> BigInt(bits - prefixLength)) << BigInt(bits - prefixLength);
}

function ipv4Value(text: string): bigint {
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6Value(text: string): bigint | null {
  let head = text;
  let tailWords: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return null;
    const v4 = Number(ipv4Value(tail));
    tailWords = [Math.floor(v4 / 65536), v4 % 65536];
    head = text.slice(0, lastColon + 1);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const parts = head.split('::');
  if (parts.length > 2) return null;
  const words = (part: string | undefined): number[] =>
    part === undefined || part === '' ? [] : part.split(':').map((w) => Number.parseInt(w, 16));
  const left = words(parts[0]);
  const right = [...words(parts[1]), ...tailWords];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (parts.length === 1 && missing !== 0)) return null;
  const all = [...left, ...Array<number>(parts.length === 2 ? missing : 0).fill(0), ...right];
  if (all.length !== 8 || all.some((w) => Number.isNaN(w) || w < 0 || w > 0xffff)) return null;
  return all.reduce((acc, word) => (acc << 16n) | BigInt(word), 0n);
}

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
