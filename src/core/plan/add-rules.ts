import type { NetworkModel, SgRule } from '#core/network/model.ts';
import { evaluateFlow } from '#core/plan/evaluate-flow.ts';
import { flowEvidence } from '#core/plan/evidence.ts';
import type { FlowEnd, PlanFlow } from '#core/plan/plan-types.ts';
import { chooseIngressGroup } from '#core/recommend/choose-group.ts';
import { sanitizeRuleDescription } from '#core/recommend/rule-description.ts';

/** A rule to add and the flows that need it. */
export interface AddedRule {
  readonly rule: SgRule;
  readonly flows: readonly PlanFlow[];
}

/** A flow no rule could be proposed for, and why. */
export interface Unaddable {
  readonly flow: PlanFlow;
  readonly why: string;
}

/**
 * The rules to add so that every flow in `needed` (TCP or UDP) is allowed on `planned`: for a
 * denied ingress, a rule on the destination's group (the pod's group on a branch interface, a node
 * group otherwise; the control-plane group for traffic into the control plane) from the source's
 * group; for a denied egress, a rule on the source's group to the destination's. The control plane
 * is always `controlPlaneGroup`. One rule per group, direction, peer, protocol and port.
 *
 * @example
 * addedRules(model, planned, flows, 'sg-0add...').added[0].rule; // { groupId: 'sg-0fa7...', direction: 'ingress', fromPort: 6443, ... }
 */
export function addedRules(
  model: NetworkModel,
  planned: NetworkModel,
  needed: readonly PlanFlow[],
  controlPlaneGroup: string | null,
): { added: AddedRule[]; unaddable: Unaddable[] } {
  const added = new Map<string, { rule: SgRule; flows: PlanFlow[] }>();
  const unaddable: Unaddable[] = [];
  const groupOf = (end: FlowEnd): { groupId: string | null; why: string } => {
    if (end.role === 'control-plane') {
      return {
        groupId: controlPlaneGroup,
        why: 'no control-plane group (name one with --control-plane-group)',
      };
    }
    if (!end.eni)
      return {
        groupId: null,
        why: `${end.ip?.text ?? 'the address'} is on no interface of the snapshot`,
      };
    return chooseIngressGroup(model, end.eni);
  };
  for (const flow of needed) {
    if (flow.protocol !== 'tcp' && flow.protocol !== 'udp') continue;
    const verdict = evaluateFlow(planned, flow, { acls: false });
    if (verdict.groups !== 'denied') continue;
    const sides: ['ingress' | 'egress', FlowEnd, FlowEnd][] = [];
    if (verdict.ingress.outcome === 'deny') sides.push(['ingress', flow.destination, flow.source]);
    if (verdict.egress.outcome === 'deny') sides.push(['egress', flow.source, flow.destination]);
    for (const [direction, own, other] of sides) {
      const group = groupOf(own);
      const peer = groupOf(other);
      if (group.groupId === null || peer.groupId === null) {
        unaddable.push({ flow, why: group.groupId === null ? group.why : peer.why });
        continue;
      }
      const key = `${direction}|${group.groupId}|${peer.groupId}|${flow.protocol}|${flow.port}`;
      const seen = added.get(key);
      if (seen) {
        seen.flows.push(flow);
        continue;
      }
      const callers = flow.callers.length > 0 ? ` for ${flow.callers.join(', ')}` : '';
      added.set(key, {
        rule: {
          id: null,
          groupId: group.groupId,
          direction,
          protocol: flow.protocol,
          fromPort: flow.port,
          toPort: flow.port,
          peer: { kind: 'group', groupId: peer.groupId },
          description: sanitizeRuleDescription(
            `eks-sg-advisor plan: ${flow.source.role === 'control-plane' ? 'control plane' : 'nodes'} to ${flow.protocol}/${flow.port}${callers}`,
          ),
        },
        flows: [flow],
      });
    }
  }
  return { added: [...added.values()], unaddable };
}

/**
 * The reason of an added rule, from the flows it lets through.
 *
 * @example
 * addReason(added); // 'required, missing: tcp/6443 ... registered (APIService v1beta1.custom.metrics.k8s.io)'
 */
export function addReason(added: AddedRule): string {
  return `required, missing: ${added.flows.length} flow(s) are denied without it, e.g. ${added.flows[0] ? flowEvidence(added.flows[0]) : ''}`;
}
