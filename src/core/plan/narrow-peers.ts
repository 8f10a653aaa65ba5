import type { NetworkModel, RulePeer, SgRule } from '#core/network/model.ts';
import type { PlanFlow } from '#core/plan/plan-types.ts';
import { chooseIngressGroup } from '#core/recommend/choose-group.ts';

/**
 * The peer a narrowed rule names for one of the flows a broad rule admits: a group rule keeps its
 * group; a CIDR or prefix-list rule (0.0.0.0/0, the VPC range...) is narrowed to the group of the
 * other end when it is the control plane (the control-plane group, when that end carries it) or a
 * node or pod (the group a new rule for it would go on); any other peer keeps the CIDR.
 *
 * @example
 * replacementPeer(model, allFromAnywhere, flow, 'sg-0add...'); // { kind: 'group', groupId: 'sg-0add...' }
 */
export function replacementPeer(
  model: NetworkModel,
  rule: SgRule,
  flow: PlanFlow,
  controlPlaneGroup: string | null,
): RulePeer {
  if (rule.peer.kind === 'group') return rule.peer;
  const other = rule.direction === 'ingress' ? flow.source : flow.destination;
  if (other.role === 'control-plane') {
    return controlPlaneGroup !== null && other.groupIds.includes(controlPlaneGroup)
      ? { kind: 'group', groupId: controlPlaneGroup }
      : rule.peer;
  }
  if (other.role === 'data-plane' && other.eni) {
    const choice = chooseIngressGroup(model, other.eni);
    if (choice.groupId !== null) return { kind: 'group', groupId: choice.groupId };
  }
  return rule.peer;
}

/**
 * A key that tells peers apart: `group:sg-…`, `cidr:0.0.0.0/0`, `pl:pl-…`.
 *
 * @example
 * peerKey({ kind: 'group', groupId: 'sg-0a' }); // 'group:sg-0a'
 */
export function peerKey(peer: RulePeer): string {
  switch (peer.kind) {
    case 'group':
      return `group:${peer.groupId}`;
    case 'cidr':
      return `cidr:${peer.cidr.text}`;
    case 'prefix-list':
      return `pl:${peer.prefixListId}`;
  }
}
