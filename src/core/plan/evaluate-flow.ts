import { evaluateNaclPath } from '#core/network/evaluate-nacl.ts';
import { evaluateDirection } from '#core/network/evaluate-path.ts';
import type { NetworkModel, SgRule } from '#core/network/model.ts';
import { type FlowPeer, type RuleMatch, ruleMatches } from '#core/network/rule-match.ts';
import type { FlowEnd, PlanFlow } from '#core/plan/plan-types.ts';

/** One side of a flow: allowed by a rule, denied, unknown, or not ours to check (no interface). */
export type SideDecision =
  | { readonly outcome: 'allow'; readonly rule: SgRule }
  | { readonly outcome: 'deny' }
  | { readonly outcome: 'unknown'; readonly why: readonly string[] }
  | { readonly outcome: 'not-applicable' };

/** A flow judged with AWS semantics: security groups (stateful) and network ACLs (stateless). */
export interface FlowVerdict {
  readonly groups: 'allowed' | 'denied' | 'unknown';
  readonly egress: SideDecision;
  readonly ingress: SideDecision;
  readonly acls: 'allowed' | 'denied' | 'unknown';
  readonly aclDetail: string;
}

/**
 * Whether `rule` admits `flow` with `peer` at the other end, with the evaluator's semantics
 * (`ruleMatches`), extended to ICMP: a `-1` rule or a rule of the flow's ICMP protocol admits it
 * when its peer matches.
 *
 * @example
 * ruleAdmits(model, rule, flow, { ips: [ip], groupIds: ['sg-0add...'] }).result; // 'yes'
 */
export function ruleAdmits(
  model: NetworkModel,
  rule: SgRule,
  flow: Pick<PlanFlow, 'protocol' | 'port' | 'family'>,
  peer: FlowPeer,
): RuleMatch {
  if (flow.protocol === 'tcp' || flow.protocol === 'udp') {
    return ruleMatches(
      model,
      rule,
      { protocol: flow.protocol, port: flow.port, family: flow.family },
      peer,
    );
  }
  if (rule.protocol !== '-1' && rule.protocol !== flow.protocol) return { result: 'no' };
  return ruleMatches(
    model,
    { ...rule, protocol: '-1' },
    { protocol: 'tcp', port: 0, family: flow.family },
    peer,
  );
}

/**
 * The peer a rule on the other end sees: the end's address and groups.
 *
 * @example
 * peerOf(flow.source); // { ips: [10.0.1.10], groupIds: ['sg-0c1a...', 'sg-0add...'] }
 */
export function peerOf(end: FlowEnd): FlowPeer {
  return { ips: end.ip ? [end.ip] : [], groupIds: end.groupIds };
}

function side(
  model: NetworkModel,
  end: FlowEnd,
  direction: 'ingress' | 'egress',
  flow: PlanFlow,
  other: FlowEnd,
): SideDecision {
  if (!end.eni && end.groupIds.length === 0) return { outcome: 'not-applicable' };
  return evaluateDirection(model, end.groupIds, direction, flow, peerOf(other), ruleAdmits);
}

/**
 * Evaluates one flow on `model`: some group on the source must allow it out and some group on
 * the destination must let it in (replies need no rule: groups are stateful); where the two ends
 * are in different subnets, the ACLs must pass the request and the reply (stateless; skipped with
 * `acls: false`).
 *
 * @example
 * evaluateFlow(model, flow).groups; // 'allowed'
 */
export function evaluateFlow(
  model: NetworkModel,
  flow: PlanFlow,
  options: { readonly acls?: boolean } = {},
): FlowVerdict {
  const egress = side(model, flow.source, 'egress', flow, flow.destination);
  const ingress = side(model, flow.destination, 'ingress', flow, flow.source);
  const outcomes = [egress.outcome, ingress.outcome];
  const groups = outcomes.includes('deny')
    ? 'denied'
    : outcomes.includes('unknown')
      ? 'unknown'
      : 'allowed';
  const { acls, aclDetail } =
    options.acls === false ? { acls: 'allowed' as const, aclDetail: '' } : aclsOf(model, flow);
  return { groups, egress, ingress, acls, aclDetail };
}

function aclsOf(model: NetworkModel, flow: PlanFlow): Pick<FlowVerdict, 'acls' | 'aclDetail'> {
  const { source, destination } = flow;
  if (
    !model.networkAcls ||
    !source.ip ||
    !destination.ip ||
    !source.subnetId ||
    !destination.subnetId ||
    (flow.protocol !== 'tcp' && flow.protocol !== 'udp')
  ) {
    return { acls: 'allowed', aclDetail: '' };
  }
  const result = evaluateNaclPath(
    model.networkAcls,
    [
      {
        id: source.eni?.id ?? source.ip.text,
        ips: [source.ip],
        groupIds: source.groupIds,
        subnetId: source.subnetId,
      },
    ],
    { ip: destination.ip, subnetId: destination.subnetId },
    { protocol: flow.protocol, port: flow.port, family: flow.family },
  );
  const aclDetail = result.denials
    .map((d) => `${d.acl.id} (${d.side} subnet ${d.subnetId}) denies the ${d.leg} ${d.direction}`)
    .join('; ');
  return { acls: result.verdict, aclDetail: aclDetail || result.unknownWhy.join('; ') };
}

/**
 * The model with `revoked` rules removed and `added` rules appended: what the plan leaves.
 *
 * @example
 * withRules(model, [broadRule], narrowRules).rulesByGroup.get('sg-0b0d...');
 */
export function withRules(
  model: NetworkModel,
  revoked: ReadonlySet<SgRule>,
  added: readonly SgRule[],
): NetworkModel {
  const rulesByGroup = new Map<string, SgRule[]>();
  for (const [groupId, rules] of model.rulesByGroup) {
    rulesByGroup.set(
      groupId,
      rules.filter((r) => !revoked.has(r)),
    );
  }
  for (const rule of added) {
    const list = rulesByGroup.get(rule.groupId) ?? [];
    list.push(rule);
    rulesByGroup.set(rule.groupId, list);
  }
  return { ...model, rulesByGroup };
}
