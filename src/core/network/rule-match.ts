import { type Cidr, cidrContains, type IpAddress, type IpFamily } from '#core/network/ip.ts';
import type { NetworkModel, SgRule } from '#core/network/model.ts';

/** A new connection: protocol, destination port and address family. */
export interface Flow {
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  readonly family: IpFamily;
}

/**
 * The other end of a flow as a rule sees it: the addresses it uses for this flow (empty when
 * unknown) and the security groups on its interface.
 */
export interface FlowPeer {
  readonly ips: readonly IpAddress[];
  readonly groupIds: readonly string[];
}

/** `yes`/`no`, or `unknown` with the reason (an unresolved prefix list, unknown addresses). */
export type RuleMatch =
  | { readonly result: 'yes' }
  | { readonly result: 'no' }
  | { readonly result: 'unknown'; readonly why: string };

const YES: RuleMatch = { result: 'yes' };
const NO: RuleMatch = { result: 'no' };

/**
 * Whether one rule admits a flow from or to `peer`, with AWS semantics: protocol `-1` (and any
 * protocol other than TCP, UDP, ICMP and ICMPv6) covers every port; TCP/UDP rules cover
 * FromPort..ToPort; a group reference matches when the peer's interface carries that group; a
 * CIDR (or every entry of a prefix list) must contain each peer address of the flow's family.
 *
 * @example
 * ruleMatches(model, rule, { protocol: 'tcp', port: 9443, family: 4 }, { ips: [], groupIds: ['sg-0123abcd'] });
 */
export function ruleMatches(
  model: NetworkModel,
  rule: SgRule,
  flow: Flow,
  peer: FlowPeer,
): RuleMatch {
  if (!coversProtocolAndPort(rule, flow)) return NO;
  switch (rule.peer.kind) {
    case 'group':
      return peer.groupIds.includes(rule.peer.groupId) ? YES : NO;
    case 'cidr':
      return cidrsMatch([rule.peer.cidr], flow, peer);
    case 'prefix-list': {
      const list = model.prefixLists.get(rule.peer.prefixListId);
      if (!list) {
        return {
          result: 'unknown',
          why: `prefix list ${rule.peer.prefixListId} (rule ${rule.id ?? 'without ID'} on ${rule.groupId}) is not in the snapshot`,
        };
      }
      return cidrsMatch(list.cidrs, flow, peer);
    }
  }
}

function coversProtocolAndPort(rule: SgRule, flow: Flow): boolean {
  if (rule.protocol === '-1') return true;
  if (rule.protocol === 'tcp' || rule.protocol === 'udp') {
    if (rule.protocol !== flow.protocol) return false;
    if (rule.fromPort === null || rule.toPort === null) return true;
    return rule.fromPort <= flow.port && flow.port <= rule.toPort;
  }
  // ICMP, or another protocol number (all ports of that protocol only): never TCP or UDP.
  return false;
}

function cidrsMatch(cidrs: readonly Cidr[], flow: Flow, peer: FlowPeer): RuleMatch {
  const family = cidrs.filter((c) => c.family === flow.family);
  if (family.length === 0) return NO;
  if (family.some((c) => c.prefixLength === 0)) return YES;
  const addresses = peer.ips.filter((ip) => ip.family === flow.family);
  if (addresses.length === 0) {
    return {
      result: 'unknown',
      why: `the IPv${flow.family} addresses of the control-plane interfaces are not in the snapshot`,
    };
  }
  const inside = addresses.filter((ip) => family.some((c) => cidrContains(c, ip)));
  if (inside.length === addresses.length) return YES;
  if (inside.length === 0) return NO;
  return {
    result: 'unknown',
    why: `a CIDR rule covers only some of the addresses ${addresses.map((a) => a.text).join(', ')}`,
  };
}
