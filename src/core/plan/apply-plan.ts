import { InputError } from '#core/errors.ts';
import { parseCidr } from '#core/network/ip.ts';
import type { NetworkModel, SgRule } from '#core/network/model.ts';
import { planId } from '#core/plan/plan-id.ts';
import type { Plan, PlanRuleChange } from '#core/plan/plan-types.ts';

/** One rule to authorize or revoke, in the shape EC2 takes it. */
export interface RuleSpec {
  readonly groupId: string;
  readonly direction: 'ingress' | 'egress';
  readonly protocol: string;
  readonly fromPort: number | null;
  readonly toPort: number | null;
  readonly peer: PlanRuleChange['peer'];
  readonly description: string;
  /** The rule's IDs, when known: a revoke then names them instead of matching the permission. */
  readonly ruleIds?: readonly string[];
}

/** What an authorize or revoke call came to. */
export type ChangeOutcome =
  | { readonly outcome: 'done'; readonly ruleIds: readonly string[] }
  /** Idempotent re-run: the rule already exists (authorize) or is already gone (revoke). */
  | { readonly outcome: 'already' };

/** EC2: the calls `plan --apply` and `plan --rollback` make. */
export interface RuleChangePort {
  /**
   * Authorizes one rule, tagged. With `dryRun`, only checks permission.
   *
   * @throws AwsCallError (e.g. UnauthorizedOperation) when the call is refused.
   */
  authorize(
    rule: RuleSpec,
    options: { dryRun: boolean; tags: Record<string, string> },
  ): Promise<ChangeOutcome>;
  /** Revokes one rule. With `dryRun`, only checks permission. */
  revoke(rule: RuleSpec, options: { dryRun: boolean }): Promise<ChangeOutcome>;
}

/** Rules a group may hold per direction and address family (EC2's default quota). */
export const DEFAULT_RULES_PER_GROUP = 60;

/** What `plan --apply` saves before any revoke, so `plan --rollback` can undo it. */
export interface RollbackRecord {
  readonly planId: string;
  readonly cluster: string;
  /** The rules revoked, as they were (rule ID, peer, description). */
  readonly revoked: readonly (RuleSpec & { readonly ruleId: string | null })[];
  /** The rules the plan created (their new rule IDs, when EC2 returned them). */
  readonly created: readonly (RuleSpec & { readonly ruleIds: readonly string[] })[];
}

/** What an apply did. */
export interface ApplyResult {
  readonly planId: string;
  readonly authorized: number;
  readonly revoked: number;
  readonly alreadyDone: number;
  readonly rollback: RollbackRecord;
}

/**
 * The rule counts after the plan, per group, direction and family, over `limit`.
 *
 * @example
 * quotaProblems(model, plan, 60); // ['sg-0b0d… ingress IPv4: 61 rules after the plan, quota 60']
 */
export function quotaProblems(model: NetworkModel, plan: Plan, limit: number): string[] {
  const counts = new Map<string, number>();
  const key = (groupId: string, direction: string, family: number) =>
    `${groupId} ${direction} IPv${family}`;
  for (const rules of model.rulesByGroup.values()) {
    for (const rule of rules) {
      const k = key(
        rule.groupId,
        rule.direction,
        rule.peer.kind === 'cidr' ? rule.peer.cidr.family : 4,
      );
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  for (const change of plan.changes) {
    const family = 'cidr' in change.peer ? (parseCidr(change.peer.cidr)?.family ?? 4) : 4;
    const direction = change.action.endsWith('ingress') ? 'ingress' : 'egress';
    const k = key(change.groupId, direction, family);
    counts.set(k, (counts.get(k) ?? 0) + (change.action.startsWith('revoke') ? -1 : 1));
  }
  return [...counts]
    .filter(([, n]) => n > limit)
    .map(([k, n]) => `${k}: ${n} rules after the plan, quota ${limit}`);
}

/**
 * Applies a plan safely: refuses a plan whose replay check failed or that would exceed the
 * rules-per-group quota (before any call); checks permission for every call with `DryRun`; then
 * authorizes every new rule (tagged with the plan ID) before it revokes anything; saves the rules
 * it is about to revoke through `save` (so `rollback` can restore them) before the first revoke;
 * then revokes. A rule that already exists, or is already gone, counts as done: re-running it is
 * harmless. Revoking does not cut connections already tracked, so success here proves little:
 * check with the next scheduled run.
 *
 * @throws InputError when the plan failed its replay check or exceeds the quota.
 * @throws AwsCallError when a dry run or a call is refused.
 * @example
 * await applyPlan({ rules, save }, model, plan, { rulesPerGroup: 60 });
 */
export async function applyPlan(
  deps: {
    readonly rules: RuleChangePort;
    readonly save: (record: RollbackRecord) => Promise<void>;
  },
  model: NetworkModel,
  plan: Plan,
  options: { readonly rulesPerGroup: number },
): Promise<ApplyResult> {
  if (plan.replay.status !== 'pass') {
    throw new InputError(
      `refusing to apply: the replay check failed (${plan.replay.problems[0]?.flow ?? 'a flow'} would not be allowed)`,
    );
  }
  const over = quotaProblems(model, plan, options.rulesPerGroup);
  if (over.length > 0) throw new InputError(`refusing to apply: ${over.join('; ')}`);
  const id = planId(plan);
  const tags = {
    'managed-by': 'eks-sg-advisor',
    'eks-sg-advisor:plan': id,
    'eks-sg-advisor:cluster': plan.cluster,
  };
  const adds = plan.changes.filter((c) => c.action.startsWith('authorize')).map(specOf);
  const revokes = plan.changes
    .filter((c) => c.action.startsWith('revoke'))
    .map((c) => ({
      ...specOf(c),
      ruleId: c.ruleId,
      ruleIds: c.ruleId ? [c.ruleId] : [],
      description: originalDescription(model, c),
    }));
  for (const rule of adds) await deps.rules.authorize(rule, { dryRun: true, tags });
  for (const rule of revokes) await deps.rules.revoke(rule, { dryRun: true });
  let alreadyDone = 0;
  const created: RollbackRecord['created'][number][] = [];
  for (const rule of adds) {
    const outcome = await deps.rules.authorize(rule, { dryRun: false, tags });
    if (outcome.outcome === 'already') alreadyDone++;
    created.push({ ...rule, ruleIds: outcome.outcome === 'done' ? outcome.ruleIds : [] });
  }
  const rollback: RollbackRecord = { planId: id, cluster: plan.cluster, revoked: revokes, created };
  await deps.save(rollback);
  let revoked = 0;
  for (const rule of revokes) {
    const outcome = await deps.rules.revoke(rule, { dryRun: false });
    if (outcome.outcome === 'already') alreadyDone++;
    else revoked++;
  }
  return { planId: id, authorized: adds.length, revoked, alreadyDone, rollback };
}

/**
 * Undoes an applied plan from its rollback record: re-authorizes every revoked rule first (with
 * its original description), then revokes the rules the plan created. Idempotent.
 *
 * @throws AwsCallError when a call is refused.
 * @example
 * await rollbackPlan(rules, record); // { restored: 2, removed: 4 }
 */
export async function rollbackPlan(
  rules: RuleChangePort,
  record: RollbackRecord,
): Promise<{ readonly restored: number; readonly removed: number }> {
  const tags = { 'managed-by': 'eks-sg-advisor', 'eks-sg-advisor:rollback-of': record.planId };
  let restored = 0;
  for (const rule of record.revoked) {
    // Restored rules get new IDs: the saved ones must not be used again.
    const fresh = { ...rule, ruleIds: [] };
    if ((await rules.authorize(fresh, { dryRun: false, tags })).outcome === 'done') restored++;
  }
  let removed = 0;
  for (const rule of record.created) {
    if ((await rules.revoke(rule, { dryRun: false })).outcome === 'done') removed++;
  }
  return { restored, removed };
}

function specOf(change: PlanRuleChange): RuleSpec {
  return {
    groupId: change.groupId,
    direction: change.action.endsWith('ingress') ? 'ingress' : 'egress',
    protocol: change.protocol,
    fromPort: change.fromPort,
    toPort: change.toPort,
    peer: change.peer,
    description: change.description,
  };
}

function originalDescription(model: NetworkModel, change: PlanRuleChange): string {
  const rule: SgRule | undefined = (model.rulesByGroup.get(change.groupId) ?? []).find(
    (r) => r.id !== null && r.id === change.ruleId,
  );
  return rule?.description ?? '';
}
