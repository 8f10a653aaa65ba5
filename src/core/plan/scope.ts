import { cidrContains, type IpAddress } from '#core/network/ip.ts';
import type { NetworkModel, SgRule } from '#core/network/model.ts';
import { roleOfEni } from '#core/plan/flow-ends.ts';

/** Where a rule sits relative to the control plane ↔ data plane boundary. */
export type RuleScope =
  | { readonly kind: 'in-scope'; readonly side: 'data-ingress' | 'cp-egress' | 'cp-ingress' }
  | { readonly kind: 'never'; readonly why: string }
  | { readonly kind: 'out-of-scope'; readonly why: string };

/** The groups on each side of the boundary, and their addresses. */
export interface Sides {
  readonly controlPlaneGroups: ReadonlySet<string>;
  readonly dataPlaneGroups: ReadonlySet<string>;
  readonly controlPlaneIps: readonly IpAddress[];
  readonly dataPlaneIps: readonly IpAddress[];
}

/**
 * The groups and addresses of each side: the control plane's (cluster group, additional groups,
 * groups on the X-ENIs) and the data plane's (groups on node, trunk, branch, VPC CNI and Fargate
 * interfaces).
 *
 * @example
 * sidesOf(model).controlPlaneGroups.has('sg-0c1a...'); // true
 */
export function sidesOf(model: NetworkModel): Sides {
  const { clusterSecurityGroupId, additionalGroupIds } = model.cluster;
  const controlPlaneGroups = new Set([
    ...(clusterSecurityGroupId ? [clusterSecurityGroupId] : []),
    ...additionalGroupIds,
    ...model.controlPlaneEnis.flatMap((e) => e.groupIds),
  ]);
  const data = model.enis.filter((e) => roleOfEni(e) === 'data-plane');
  return {
    controlPlaneGroups,
    dataPlaneGroups: new Set(data.flatMap((e) => e.groupIds)),
    controlPlaneIps: model.controlPlaneEnis.flatMap((e) => [...e.privateIps, ...e.ipv6]),
    dataPlaneIps: data.flatMap((e) => [...e.privateIps, ...e.ipv6]),
  };
}

/**
 * Whether the planner may change a rule:
 * - `never`: the cluster group's self-referencing rules (EKS recreates them on every update);
 * - `in-scope`: ingress on a node or pod group from a control-plane group or a CIDR that holds a
 *   control-plane address; egress on a control-plane group (to anything but itself); ingress on a
 *   control-plane group from a node or pod group or a CIDR that holds a node or pod address;
 * - `out-of-scope`: the rest (node ↔ node, the internet): reported with their usage only.
 *
 * @example
 * ruleScope(model, sidesOf(model), rule); // { kind: 'in-scope', side: 'data-ingress' }
 */
export function ruleScope(model: NetworkModel, sides: Sides, rule: SgRule): RuleScope {
  const self = rule.peer.kind === 'group' && rule.peer.groupId === rule.groupId;
  if (self && rule.groupId === model.cluster.clusterSecurityGroupId) {
    return {
      kind: 'never',
      why: "the cluster security group's self-referencing rule: EKS recreates it on every cluster update",
    };
  }
  if (self)
    return { kind: 'out-of-scope', why: 'a self-referencing rule (node ↔ node or pod ↔ pod)' };
  const isCp = sides.controlPlaneGroups.has(rule.groupId);
  const isData = sides.dataPlaneGroups.has(rule.groupId);
  if (rule.direction === 'egress' && isCp) return { kind: 'in-scope', side: 'cp-egress' };
  if (
    rule.direction === 'ingress' &&
    isData &&
    peerIsOn(model, rule, sides.controlPlaneGroups, sides.controlPlaneIps)
  ) {
    return { kind: 'in-scope', side: 'data-ingress' };
  }
  if (
    rule.direction === 'ingress' &&
    isCp &&
    peerIsOn(model, rule, sides.dataPlaneGroups, sides.dataPlaneIps)
  ) {
    return { kind: 'in-scope', side: 'cp-ingress' };
  }
  return {
    kind: 'out-of-scope',
    why:
      isData || isCp
        ? 'between nodes and pods, or to or from outside the cluster'
        : 'not on a cluster interface',
  };
}

function peerIsOn(
  model: NetworkModel,
  rule: SgRule,
  groups: ReadonlySet<string>,
  ips: readonly IpAddress[],
): boolean {
  switch (rule.peer.kind) {
    case 'group':
      return groups.has(rule.peer.groupId);
    case 'cidr': {
      const cidr = rule.peer.cidr;
      return ips.some((ip) => cidrContains(cidr, ip));
    }
    case 'prefix-list': {
      const list = model.prefixLists.get(rule.peer.prefixListId);
      return list ? ips.some((ip) => list.cidrs.some((c) => cidrContains(c, ip))) : false;
    }
  }
}
