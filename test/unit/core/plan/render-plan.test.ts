import { describe, expect, it } from 'vitest';
import { InputError } from '#core/errors.ts';
import { computePlan } from '#core/plan/compute-plan.ts';
import type { Plan, PlanRuleChange } from '#core/plan/plan-types.ts';
import { PLAN_FORMATS, renderPlan } from '#core/plan/render-plan.ts';
import { planDemo } from '#test/helpers/plan-demo.ts';

function demoPlan(): Plan {
  const { model, targets, records } = planDemo();
  return computePlan({
    model,
    targets,
    records,
    failures: [],
    controlPlaneGroup: null,
    minWindowMs: 0,
  });
}

function withChange(plan: Plan, patch: Partial<PlanRuleChange>): Plan {
  const [first, ...rest] = plan.changes;
  if (!first) throw new Error('the demo plan has no change');
  return { ...plan, changes: [{ ...first, ...patch }, ...rest] };
}

describe('renderPlan', () => {
  it.each(['aws-cli', 'terraform', 'cloudformation'] as const)(
    'refuses to write %s for a group ID that is not one',
    (format) => {
      // Prepare
      const plan = withChange(demoPlan(), { groupId: "sg-0b0d'; rm -rf /" });

      // Act / Assess
      expect(() => renderPlan(plan, format)).toThrow(InputError);
    },
  );

  it('refuses to write a revoke whose rule ID is not one', () => {
    // Prepare
    const plan = demoPlan();
    const revoke = plan.changes.findIndex((c) => c.action.startsWith('revoke'));
    const changes = plan.changes.map((c, i) => (i === revoke ? { ...c, ruleId: 'sgr-$(id)' } : c));

    // Act / Assess
    expect(() => renderPlan({ ...plan, changes }, 'aws-cli')).toThrow(
      /not a security group rule ID/,
    );
  });

  it('writes rule descriptions within the characters AWS accepts, and single-quotes every argument', () => {
    // Prepare
    const plan = withChange(demoPlan(), { description: "it's `$(reboot)` \u001b[31m" });

    // Act
    const script = renderPlan(plan, 'aws-cli');

    // Assess
    expect(script).not.toContain('\u001b');
    expect(script).not.toContain("it's");
    const lines = script.split('\n').filter((l) => l.includes('reboot'));
    expect(lines.length).toBeGreaterThan(0);
    // `$`, `(` and `)` are in AWS's description set: they may stay, but only inside single quotes.
    for (const line of lines) expect(line).toMatch(/^ {2}--ip-permissions '[^']*'( \\)?$/);
    expect(script).toMatch(/--group-id 'sg-[0-9a-f]+'/);
  });

  it('blanks control characters from the inputs in text and escapes them in Markdown', () => {
    // Prepare
    const plan = { ...demoPlan(), notes: ['a note with \u001b[2J and | pipes *stars*'] };

    // Act
    const text = renderPlan(plan, 'text');
    const markdown = renderPlan(plan, 'markdown');

    // Assess
    expect(text).not.toContain('\u001b');
    expect(markdown).toContain('\\| pipes \\*stars\\*');
  });

  it.each(PLAN_FORMATS)('renders the demo plan as %s', (format) => {
    // Act
    const out = renderPlan(demoPlan(), format, { region: 'eu-west-1' });

    // Assess
    expect(out.length).toBeGreaterThan(100);
    expect(out.endsWith('\n')).toBe(true);
  });

  it('makes the AWS CLI script stop before any call when the replay check failed', () => {
    // Prepare
    const plan: Plan = {
      ...demoPlan(),
      replay: {
        status: 'fail',
        checked: 1,
        problems: [{ flow: 'f', kind: 'broken', detail: 'd' }],
      },
    };

    // Act
    const script = renderPlan(plan, 'aws-cli');

    // Assess
    expect(script.indexOf('exit 1')).toBeLessThan(script.indexOf('aws ec2'));
  });
});
