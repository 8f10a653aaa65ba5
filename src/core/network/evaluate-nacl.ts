import type { PathSource } from '#core/network/evaluate-path.ts';
import { cidrContains, type IpAddress } from '#core/network/ip.ts';
import type { NaclEntry, NetworkAcl, NetworkAcls, PortRange } from '#core/network/model.ts';
import type { Flow } from '#core/network/rule-match.ts';

/**
 * The source ports the control plane's connections are assumed to come from, which the replies
 * go back to. EKS does not document them, so the default is the range the Amazon VPC guide
 * recommends for network ACLs that must admit clients of any operating system: 1024-65535 (Linux
 * alone would use 32768-60999). Configurable (`--reply-ports`).
 */
export const REPLY_PORTS: PortRange = { from: 1024, to: 65535 };

/** Ports an ACL denies, and the entry that denies them (null: no entry matched them). */
export interface DeniedPorts {
  readonly ports: PortRange;
  readonly entry: NaclEntry | null;
}

/** One crossing of a subnet boundary that an ACL denies, in part or in whole. */
export interface NaclDenial {
  readonly acl: NetworkAcl;
  readonly subnetId: string;
  /** Whose subnet the ACL guards. */
  readonly side: 'control-plane' | 'endpoint';
  readonly direction: 'ingress' | 'egress';
  /** `request`: the control plane's packets to the port; `reply`: the endpoint's answers. */
  readonly leg: 'request' | 'reply';
  /** The address on the other side of the boundary, as the entry must match it. */
  readonly peer: IpAddress;
  /** The subnet on the other side of the boundary. */
  readonly peerSubnetId: string;
  /** The destination ports checked: the target port, or {@link REPLY_PORTS}. */
  readonly ports: PortRange;
  readonly denied: readonly DeniedPorts[];
}

/** Control plane → endpoint through the network ACLs, both ways (ACLs are stateless). */
export interface NaclPathEvaluation {
  /** `allowed` also when no source crosses a subnet boundary (ACLs then do not apply). */
  readonly verdict: 'allowed' | 'denied' | 'unknown';
  readonly denials: readonly NaclDenial[];
  readonly unknownWhy: readonly string[];
}

/**
 * What `acl` does with the packets of one direction to or from `peer` on the destination ports
 * `ports` of `protocol`, with AWS semantics: entries in rule-number order, the first entry whose
 * protocol, CIDR and ports match decides, and what no entry matches is denied. Each port of the
 * range is decided on its own, so a range may be allowed in part.
 *
 * @example
 * aclDecision(acl, 'ingress', parseIp('10.0.1.5')!, 'tcp', { from: 9443, to: 9443 }); // [] when allowed
 */
export function aclDecision(
  acl: NetworkAcl,
  direction: 'ingress' | 'egress',
  peer: IpAddress,
  protocol: 'tcp' | 'udp',
  ports: PortRange,
): DeniedPorts[] {
  let open: PortRange[] = [ports];
  const denied: DeniedPorts[] = [];
  for (const entry of acl.entries) {
    if (open.length === 0) break;
    if (entry.direction !== direction || !entryMatches(entry, peer, protocol)) continue;
    const covered = entry.ports ?? { from: 0, to: 65535 };
    const next: PortRange[] = [];
    for (const range of open) {
      const hit = intersect(range, covered);
      if (!hit) {
        next.push(range);
        continue;
      }
      if (entry.action === 'deny') denied.push({ ports: hit, entry });
      if (range.from < hit.from) next.push({ from: range.from, to: hit.from - 1 });
      if (hit.to < range.to) next.push({ from: hit.to + 1, to: range.to });
    }
    open = next;
  }
  for (const range of open) denied.push({ ports: range, entry: null });
  return denied.sort((a, b) => a.ports.from - b.ports.from);
}

/**
 * Evaluates the ACLs on the way from each control-plane source to `destination` for `flow`:
 * where the two are in different subnets, the source subnet's ACL must let the request out and
 * the reply in, and the destination subnet's ACL the request in and the reply out. Replies go to
 * `replyPorts` ({@link REPLY_PORTS} by default). Traffic within one subnet does not pass an ACL.
 *
 * @example
 * evaluateNaclPath(acls, sources, { ip, subnetId: 'subnet-0b1' }, { protocol: 'tcp', port: 9443, family: 4 }).verdict; // 'denied'
 */
export function evaluateNaclPath(
  acls: NetworkAcls,
  sources: readonly PathSource[],
  destination: { readonly ip: IpAddress; readonly subnetId: string | null },
  flow: Flow,
  replyPorts: PortRange = REPLY_PORTS,
): NaclPathEvaluation {
  const denials: NaclDenial[] = [];
  const why = new Set<string>();
  const target = { from: flow.port, to: flow.port };
  for (const source of sources) {
    const sourceIp = source.ips.find((ip) => ip.family === flow.family);
    if (!sourceIp || !source.subnetId) {
      why.add('the control-plane interfaces (their addresses and subnets) are not in the snapshot');
      continue;
    }
    if (!destination.subnetId) {
      why.add(`the subnet of ${destination.ip.text} is not in the snapshot`);
      continue;
    }
    if (source.subnetId === destination.subnetId) continue;
    const sourceAcl = aclOf(acls, source.subnetId);
    const destinationAcl = aclOf(acls, destination.subnetId);
    for (const [subnetId, acl] of [
      [source.subnetId, sourceAcl],
      [destination.subnetId, destinationAcl],
    ] as const) {
      if (!acl) why.add(`no network ACL of subnet ${subnetId} is in the snapshot`);
    }
    if (!sourceAcl || !destinationAcl) continue;
    const sides = {
      'control-plane': { acl: sourceAcl, subnetId: source.subnetId, peer: destination.ip },
      endpoint: { acl: destinationAcl, subnetId: destination.subnetId, peer: sourceIp },
    } as const;
    const crossings = [
      ['control-plane', 'egress', 'request', target],
      ['endpoint', 'ingress', 'request', target],
      ['endpoint', 'egress', 'reply', replyPorts],
      ['control-plane', 'ingress', 'reply', replyPorts],
    ] as const;
    for (const [side, direction, leg, ports] of crossings) {
      const { acl, subnetId, peer } = sides[side];
      const denied = aclDecision(acl, direction, peer, flow.protocol, ports);
      if (denied.length === 0) continue;
      const peerSubnetId = side === 'endpoint' ? source.subnetId : destination.subnetId;
      denials.push({ acl, subnetId, side, direction, leg, peer, peerSubnetId, ports, denied });
    }
  }
  const verdict = denials.length > 0 ? 'denied' : why.size > 0 ? 'unknown' : 'allowed';
  return { verdict, denials, unknownWhy: [...why] };
}

function aclOf(acls: NetworkAcls, subnetId: string): NetworkAcl | null {
  return acls.bySubnet.get(subnetId) ?? acls.defaultAcl;
}

function entryMatches(entry: NaclEntry, peer: IpAddress, protocol: 'tcp' | 'udp'): boolean {
  if (entry.protocol !== '-1' && entry.protocol !== protocol) return false;
  return cidrContains(entry.cidr, peer);
}

function intersect(a: PortRange, b: PortRange): PortRange | null {
  const from = Math.max(a.from, b.from);
  const to = Math.min(a.to, b.to);
  return from <= to ? { from, to } : null;
}
