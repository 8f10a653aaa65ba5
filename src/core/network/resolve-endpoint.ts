import { type IpAddress, type IpFamily, parseIp } from '#core/network/ip.ts';
import type { Eni, NetworkModel } from '#core/network/model.ts';

/** The interface that owns an endpoint IP, and how it was found. */
export interface ResolvedEndpoint {
  readonly ip: IpAddress;
  readonly eni: Eni;
  /** `exact`: one of the interface's addresses; `prefix`: inside one of its delegated prefixes. */
  readonly match: 'exact' | 'prefix';
  /** The delegated prefix that contains the IP, for `prefix` matches. */
  readonly prefix: string | null;
}

interface AddressIndex {
  /** `family/value` → the first interface with that address. */
  readonly exact: Map<string, Eni>;
  /** `family/length/network` → the first interface with that delegated prefix. */
  readonly prefixes: Map<string, { eni: Eni; text: string }>;
  /** The prefix lengths present, per family, longest first. */
  readonly lengths: Readonly<Record<IpFamily, number[]>>;
}

const BITS: Readonly<Record<IpFamily, number>> = { 4: 32, 6: 128 };
const indexes = new WeakMap<NetworkModel, AddressIndex>();

/**
 * Finds the network interface that owns `ip`: first an exact match on any private IPv4 address
 * (primary or secondary) or IPv6 address of any interface, then containment in an interface's
 * delegated prefixes (VPC CNI prefix delegation, which no EC2 filter can find). Null when the
 * text is not an IP or nothing owns it. The address index is built once per model.
 *
 * @example
 * resolveEndpoint(model, '10.0.1.87'); // { eni: {id: 'eni-0a...'}, match: 'prefix', prefix: '10.0.1.80/28', ... }
 */
export function resolveEndpoint(model: NetworkModel, ipText: string): ResolvedEndpoint | null {
  const ip = parseIp(ipText);
  if (!ip) return null;
  const index = indexOf(model);
  const exact = index.exact.get(`${ip.family}/${ip.value}`);
  if (exact) return { ip, eni: exact, match: 'exact', prefix: null };
  for (const length of index.lengths[ip.family]) {
    const hit = index.prefixes.get(
      `${ip.family}/${length}/${network(ip.value, ip.family, length)}`,
    );
    if (hit) return { ip, eni: hit.eni, match: 'prefix', prefix: hit.text };
  }
  return null;
}

/**
 * The AWS CLI command that finds the interface of an IP the snapshot does not know (quoted for a
 * POSIX shell; `ip` must already be a valid address).
 *
 * @example
 * findInterfaceCommand(parseIp('10.0.1.9')!); // "aws ec2 describe-network-interfaces --filters 'Name=addresses.private-ip-address,Values=10.0.1.9'"
 */
export function findInterfaceCommand(ip: IpAddress): string {
  const filter = ip.family === 4 ? 'addresses.private-ip-address' : 'ipv6-addresses.ipv6-address';
  return `aws ec2 describe-network-interfaces --filters 'Name=${filter},Values=${ip.text}'`;
}

function indexOf(model: NetworkModel): AddressIndex {
  const cached = indexes.get(model);
  if (cached) return cached;
  const exact = new Map<string, Eni>();
  const prefixes = new Map<string, { eni: Eni; text: string }>();
  const lengths: Record<IpFamily, Set<number>> = { 4: new Set(), 6: new Set() };
  for (const eni of model.enis) {
    for (const address of [...eni.privateIps, ...eni.ipv6]) {
      const key = `${address.family}/${address.value}`;
      if (!exact.has(key)) exact.set(key, eni);
    }
    for (const cidr of [...eni.ipv4Prefixes, ...eni.ipv6Prefixes]) {
      const key = `${cidr.family}/${cidr.prefixLength}/${cidr.network}`;
      if (!prefixes.has(key)) prefixes.set(key, { eni, text: cidr.text });
      lengths[cidr.family].add(cidr.prefixLength);
    }
  }
  const sorted = (set: Set<number>): number[] => [...set].sort((a, b) => b - a);
  const index = { exact, prefixes, lengths: { 4: sorted(lengths[4]), 6: sorted(lengths[6]) } };
  indexes.set(model, index);
  return index;
}

function network(value: bigint, family: IpFamily, length: number): bigint {
  const bits = BigInt(BITS[family] - length);
  return (value >> bits) << bits;
}
