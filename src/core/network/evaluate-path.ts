import type { IpAddress } from '#core/network/ip.ts';
import type { NetworkModel, SgRule } from '#core/network/model.ts';
import { type Flow, type FlowPeer, type RuleMatch, ruleMatches } from '#core/network/rule-match.ts';

/** A source of control-plane traffic: an X-ENI, or the cluster's groups when no X-ENI is known. */
export interface PathSource {
  /** The X-ENI ID, or a label such as `cluster security groups`. */
  readonly id: string;
  /** Addresses the source sends from: the primary IPv4 and every IPv6 address. */
  readonly ips: readonly IpAddress[];
  readonly groupIds: readonly string[];
  /** The X-ENI's subnet (its network ACL guards the source side); null when not known. */
  readonly subnetId: string | null;
}

/** The endpoint of the flow: the dialled IP and the groups on the interface that owns it. */
export interface PathDestination {
  readonly ip: IpAddress;
  readonly groupIds: readonly string[];
}

/** What the groups of one side say about one direction of a flow. */
export type Decision =
  | { readonly outcome: 'allow'; readonly rule: SgRule }
  | { readonly outcome: 'deny' }
  | { readonly outcome: 'unknown'; readonly why: readonly string[] };

/** Whether one rule admits a flow of type `F` from or to `peer`. */
export type RuleMatcher<F> = (
  model: NetworkModel,
  rule: SgRule,
  flow: F,
  peer: FlowPeer,
) => RuleMatch;

/** One direction over all sources: `missing` as soon as one source is denied. */
export type SideState = 'allowed' | 'missing' | 'unknown';

/** The evaluation of control plane → endpoint for one flow. */
export interface PathEvaluation {
  readonly verdict: 'allowed' | 'blocked' | 'unknown';
  readonly egress: SideState;
  readonly ingress: SideState;
  readonly perSource: readonly {
    readonly source: PathSource;
    readonly egress: Decision;
    readonly ingress: Decision;
  }[];
  /** Why some part could not be decided (deduplicated). */
  readonly unknownWhy: readonly string[];
}

/**
 * Whether any rule of `direction` on any of `groupIds` admits the flow with `peer` (security
 * groups are allow-only and their rules are a union). `allow` names the first rule that does.
 * Rules are matched with `match` ({@link ruleMatches} unless a caller extends it, as the planner
 * does for ICMP).
 *
 * @example
 * evaluateDirection(model, ['sg-0aaa1111'], 'ingress', { protocol: 'tcp', port: 9443, family: 4 }, { ips: [xeniIp], groupIds: ['sg-0c1a5500'] });
 */
export function evaluateDirection<F = Flow>(
  model: NetworkModel,
  groupIds: readonly string[],
  direction: 'ingress' | 'egress',
  flow: F,
  peer: FlowPeer,
  match: RuleMatcher<F> = ruleMatches as RuleMatcher<F>,
): Decision {
  const why: string[] = [];
  for (const groupId of groupIds) {
    for (const rule of model.rulesByGroup.get(groupId) ?? []) {
      if (rule.direction !== direction) continue;
      const result = match(model, rule, flow, peer);
      if (result.result === 'yes') return { outcome: 'allow', rule };
      if (result.result === 'unknown') why.push(result.why);
    }
  }
  return why.length > 0 ? { outcome: 'unknown', why } : { outcome: 'deny' };
}

/**
 * Evaluates control plane → `destination` for `flow`: for every source, some group on the source
 * must allow the egress and some group on the destination interface must allow the ingress
 * (stateful: replies need no rule). The path is `allowed` only when every source passes both,
 * `blocked` when a side denies for some source, `unknown` when the snapshot lacks data.
 *
 * @throws never; with no sources the result is `unknown`.
 * @example
 * evaluatePath(model, controlPlaneSources(model), { ip, groupIds: eni.groupIds }, { protocol: 'tcp', port: 9443, family: 4 }).verdict; // 'blocked'
 */
export function evaluatePath(
  model: NetworkModel,
  sources: readonly PathSource[],
  destination: PathDestination,
  flow: Flow,
): PathEvaluation {
  if (sources.length === 0) {
    const why = ['the snapshot names no control-plane interface or security group'];
    return {
      verdict: 'unknown',
      egress: 'unknown',
      ingress: 'unknown',
      perSource: [],
      unknownWhy: why,
    };
  }
  const toDestination: FlowPeer = { ips: [destination.ip], groupIds: destination.groupIds };
  const perSource = sources.map((source) => ({
    source,
    egress: evaluateDirection(model, source.groupIds, 'egress', flow, toDestination),
    ingress: evaluateDirection(model, destination.groupIds, 'ingress', flow, source),
  }));
  const egress = sideState(perSource.map((p) => p.egress));
  const ingress = sideState(perSource.map((p) => p.ingress));
  const verdict =
    egress === 'missing' || ingress === 'missing'
      ? 'blocked'
      : egress === 'unknown' || ingress === 'unknown'
        ? 'unknown'
        : 'allowed';
  const unknownWhy = [
    ...new Set(
      perSource
        .flatMap((p) => [p.egress, p.ingress])
        .flatMap((d) => (d.outcome === 'unknown' ? d.why : [])),
    ),
  ];
  return { verdict, egress, ingress, perSource, unknownWhy };
}

/**
 * The sources of control-plane traffic: each X-ENI of the cluster (its primary IPv4 and its IPv6
 * addresses, its groups), or, when the snapshot has none, one source carrying the cluster
 * security group and the additional groups with unknown addresses.
 *
 * @example
 * controlPlaneSources(model).map((s) => s.id); // ['eni-0a1b...', 'eni-0c2d...']
 */
export function controlPlaneSources(model: NetworkModel): PathSource[] {
  if (model.controlPlaneEnis.length > 0) {
    return model.controlPlaneEnis.map((eni) => ({
      id: eni.id,
      ips: [...eni.privateIps.slice(0, 1), ...eni.ipv6],
      groupIds: eni.groupIds,
      subnetId: eni.subnetId,
    }));
  }
  const { clusterSecurityGroupId, additionalGroupIds } = model.cluster;
  const groupIds = [
    ...new Set([
      ...(clusterSecurityGroupId ? [clusterSecurityGroupId] : []),
      ...additionalGroupIds,
    ]),
  ];
  return groupIds.length > 0
    ? [{ id: 'cluster security groups', ips: [], groupIds, subnetId: null }]
    : [];
}

function sideState(decisions: readonly Decision[]): SideState {
  if (decisions.some((d) => d.outcome === 'deny')) return 'missing';
  if (decisions.some((d) => d.outcome === 'unknown')) return 'unknown';
  return 'allowed';
}
