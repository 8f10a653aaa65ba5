import { describe, expect, it } from 'vitest';
import {
  applyPlan,
  type ChangeOutcome,
  type RollbackRecord,
  type RuleChangePort,
  type RuleSpec,
  rollbackPlan,
} from '#core/plan/apply-plan.ts';
import { computePlan } from '#core/plan/compute-plan.ts';
import type { Plan } from '#core/plan/plan-types.ts';
import { DEMO, planDemo } from '#test/helpers/plan-demo.ts';

/** An in-memory EC2: the rules as keys, and every call in order. */
class MemoryRules implements RuleChangePort {
  readonly calls: string[] = [];
  readonly rules = new Set<string>();
  refuseDryRun = false;

  async authorize(rule: RuleSpec, options: { dryRun: boolean }): Promise<ChangeOutcome> {
    this.calls.push(`${options.dryRun ? 'dry-' : ''}authorize ${keyOf(rule)}`);
    if (options.dryRun) {
      if (this.refuseDryRun) throw new Error('UnauthorizedOperation');
      return { outcome: 'done', ruleIds: [] };
    }
    if (this.rules.has(keyOf(rule))) return { outcome: 'already' };
    this.rules.add(keyOf(rule));
    return { outcome: 'done', ruleIds: [`sgr-${this.rules.size}`] };
  }

  async revoke(rule: RuleSpec, options: { dryRun: boolean }): Promise<ChangeOutcome> {
    this.calls.push(`${options.dryRun ? 'dry-' : ''}revoke ${keyOf(rule)}`);
    if (options.dryRun) return { outcome: 'done', ruleIds: [] };
    return this.rules.delete(keyOf(rule))
      ? { outcome: 'done', ruleIds: [] }
      : { outcome: 'already' };
  }
}

function keyOf(rule: RuleSpec): string {
  return `${rule.groupId} ${rule.direction} ${rule.protocol} ${rule.fromPort}-${rule.toPort} ${JSON.stringify(rule.peer)}`;
}

function demo(): { model: ReturnType<typeof planDemo>['model']; plan: Plan; memory: MemoryRules } {
  const { model, targets, records } = planDemo();
  const plan = computePlan({
    model,
    targets,
    records,
    failures: [],
    controlPlaneGroup: null,
    minWindowMs: 0,
  });
  const memory = new MemoryRules();
  // EC2 holds today's rules.
  for (const c of plan.changes.filter((c) => c.action.startsWith('revoke'))) {
    memory.rules.add(
      keyOf({
        groupId: c.groupId,
        direction: c.action.endsWith('ingress') ? 'ingress' : 'egress',
        protocol: c.protocol,
        fromPort: c.fromPort,
        toPort: c.toPort,
        peer: c.peer,
        description: '',
      }),
    );
  }
  return { model, plan, memory };
}

describe('applyPlan', () => {
  it('dry-runs every call, then authorizes everything before it revokes anything, saving the revoked rules first', async () => {
    // Prepare
    const { model, plan, memory } = demo();
    const saved: RollbackRecord[] = [];
    const save = async (record: RollbackRecord) => {
      saved.push(record);
      memory.calls.push('save');
    };

    // Act
    const result = await applyPlan({ rules: memory, save }, model, plan, { rulesPerGroup: 60 });

    // Assess
    const kinds = memory.calls.map((c) => c.split(' ')[0]);
    const lastDry = kinds.lastIndexOf('dry-revoke');
    expect(kinds.slice(0, lastDry + 1).every((k) => k?.startsWith('dry-'))).toBe(true);
    expect(kinds.lastIndexOf('authorize')).toBeLessThan(kinds.indexOf('save'));
    expect(kinds.indexOf('save')).toBeLessThan(kinds.indexOf('revoke'));
    expect(result).toMatchObject({ authorized: 11, revoked: 4, alreadyDone: 0 });
    expect(saved[0]?.revoked.map((r) => r.ruleId)).toEqual(
      plan.changes.filter((c) => c.action.startsWith('revoke')).map((c) => c.ruleId),
    );
    expect(saved[0]?.planId).toBe(result.planId);
  });

  it('changes nothing more when run again', async () => {
    // Prepare
    const { model, plan, memory } = demo();
    const save = async () => undefined;
    await applyPlan({ rules: memory, save }, model, plan, { rulesPerGroup: 60 });
    const after = new Set(memory.rules);

    // Act
    const again = await applyPlan({ rules: memory, save }, model, plan, { rulesPerGroup: 60 });

    // Assess
    expect(again).toMatchObject({ revoked: 0, alreadyDone: 15 });
    expect(memory.rules).toEqual(after);
  });

  it('refuses a plan that would take a group over its rules quota, before any call', async () => {
    // Prepare
    const { model, plan, memory } = demo();

    // Act
    const apply = applyPlan({ rules: memory, save: async () => undefined }, model, plan, {
      rulesPerGroup: 3,
    });

    // Assess
    await expect(apply).rejects.toThrow(/refusing to apply: .*quota 3/);
    expect(memory.calls).toEqual([]);
  });

  it('refuses a plan whose replay check failed, before any call', async () => {
    // Prepare
    const { model, plan, memory } = demo();
    const failed: Plan = {
      ...plan,
      replay: {
        status: 'fail',
        checked: 1,
        problems: [{ flow: 'tcp/9100 x → y', kind: 'broken', detail: 'd' }],
      },
    };

    // Act / Assess
    await expect(
      applyPlan({ rules: memory, save: async () => undefined }, model, failed, {
        rulesPerGroup: 60,
      }),
    ).rejects.toThrow(/replay check failed \(tcp\/9100 x → y/);
    expect(memory.calls).toEqual([]);
  });

  it('stops at the dry run when a permission is missing, before changing anything', async () => {
    // Prepare
    const { model, plan, memory } = demo();
    memory.refuseDryRun = true;
    const before = new Set(memory.rules);

    // Act / Assess
    await expect(
      applyPlan({ rules: memory, save: async () => undefined }, model, plan, { rulesPerGroup: 60 }),
    ).rejects.toThrow('UnauthorizedOperation');
    expect(memory.rules).toEqual(before);
  });
});

describe('rollbackPlan', () => {
  it('restores the revoked rules and removes the created ones', async () => {
    // Prepare
    const { model, plan, memory } = demo();
    const before = new Set(memory.rules);
    const saved: RollbackRecord[] = [];
    const save = async (r: RollbackRecord) => {
      saved.push(r);
    };
    await applyPlan({ rules: memory, save }, model, plan, { rulesPerGroup: 60 });
    const [record] = saved;
    if (!record) throw new Error('nothing saved');

    // Act
    const done = await rollbackPlan(memory, record);

    // Assess
    expect(done).toEqual({ restored: 4, removed: 11 });
    expect(memory.rules).toEqual(before);
    expect(plan.changes.some((c) => c.groupId === DEMO.pod)).toBe(true);
  });
});
