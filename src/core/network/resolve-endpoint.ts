import { cidrContains, type IpAddress, parseIp, sameIp } from '#core/network/ip.ts';
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

/**
 * Finds the network interface that owns `ip`: first an exact match on any private IPv4 address
 * (primary or secondary) or IPv6 address of any interface, then containment in an interface's
 * delegated prefixes (VPC CNI prefix delegation, which no EC2 filter can find). Null when the
 * text is not an IP or nothing owns it.
 *
 * @example
 * resolveEndpoint(model, '10.0.1.87'); // { eni: {id: 'eni-0a...'}, match: 'prefix', prefix: '10.0.1.80/28', ... }
 */
export function resolveEndpoint(model: NetworkModel, ipText: string): ResolvedEndpoint | null {
  const ip = parseIp(ipText);
  if (!ip) return null;
  for (const eni of model.enis) {
    const addresses = ip.family === 4 ? eni.privateIps : eni.ipv6;
    if (addresses.some((a) => sameIp(a, ip))) return { ip, eni, match: 'exact', prefix: null };
  }
  for (const eni of model.enis) {
    const prefixes = ip.family === 4 ? eni.ipv4Prefixes : eni.ipv6Prefixes;
    const prefix = prefixes.find((p) => cidrContains(p, ip));
    if (prefix) return { ip, eni, match: 'prefix', prefix: prefix.text };
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
