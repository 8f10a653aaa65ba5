import type { SgRule } from '#core/network/model.ts';
import { evidenceOf } from '#core/plan/decide.ts';
import type { PlanFlow, PlanRuleChange } from '#core/plan/plan-types.ts';

/**
 * A rule as a change in `analyze`'s recommendation shape: `authorize-*` for a new rule,
 * `revoke-*` (with the rule ID) for one the plan removes.
 *
 * @example
 * changeOf(rule, 'add', 'required, missing', flows).action; // 'authorize-ingress'
 */
export function changeOf(
  rule: SgRule,
  change: PlanRuleChange['change'],
  reason: string,
  flows: readonly PlanFlow[],
  revoke = false,
  evidence: readonly string[] = evidenceOf(flows),
): PlanRuleChange {
  const peer: PlanRuleChange['peer'] =
    rule.peer.kind === 'group'
      ? { groupId: rule.peer.groupId }
      : rule.peer.kind === 'cidr'
        ? { cidr: rule.peer.cidr.text }
        : { prefixListId: rule.peer.prefixListId };
  return {
    action: `${revoke ? 'revoke' : 'authorize'}-${rule.direction}`,
    groupId: rule.groupId,
    protocol: rule.protocol,
    fromPort: rule.fromPort,
    toPort: rule.toPort,
    peer,
    ruleId: revoke ? rule.id : null,
    change,
    description: rule.description ?? '',
    reason,
    evidence,
  };
}
