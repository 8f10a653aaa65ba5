import { planId } from '#core/plan/plan-id.ts';
import type { Plan } from '#core/plan/plan-types.ts';
import {
  renderPlanAwsCli,
  renderPlanCloudFormation,
  renderPlanTerraform,
} from '#render/plan/plan-fixes.ts';
import { renderPlanMarkdown, renderPlanText } from '#render/plan/plan-text.ts';
import { REPORT_FORMATS } from '#render/report/render-report.ts';

/** The output formats of `plan --format`: the same as `analyze --format`. */
export const PLAN_FORMATS = REPORT_FORMATS;

export type PlanFormat = (typeof PLAN_FORMATS)[number];

/**
 * Renders a plan in one of {@link PLAN_FORMATS}. `json` is the plan itself with its ID, changes in
 * the shape of `analyze`'s recommendations (plus `ruleId`, `change`, `evidence`).
 *
 * @throws InputError when a fix format meets an invalid ID, port or CIDR.
 * @example
 * renderPlan(plan, 'json'); // '{\n  "id": "p-…",\n  "cluster": "vault-prod", ...'
 */
export function renderPlan(
  plan: Plan,
  format: PlanFormat,
  options: { region?: string | null } = {},
): string {
  switch (format) {
    case 'text':
      return renderPlanText(plan);
    case 'markdown':
      return renderPlanMarkdown(plan);
    case 'json':
      return `${JSON.stringify(jsonOf(plan), null, 2)}\n`;
    case 'aws-cli':
      return renderPlanAwsCli(plan, options);
    case 'terraform':
      return renderPlanTerraform(plan);
    case 'cloudformation':
      return renderPlanCloudFormation(plan);
  }
}

function jsonOf(plan: Plan): Record<string, unknown> {
  const ruleJson = (rule: Plan['decisions'][number]['rule']) => ({
    ruleId: rule.id,
    groupId: rule.groupId,
    direction: rule.direction,
    protocol: rule.protocol,
    fromPort: rule.fromPort,
    toPort: rule.toPort,
    peer:
      rule.peer.kind === 'group'
        ? { groupId: rule.peer.groupId }
        : rule.peer.kind === 'cidr'
          ? { cidr: rule.peer.cidr.text }
          : { prefixListId: rule.peer.prefixListId },
  });
  return {
    id: planId(plan),
    ...plan,
    decisions: plan.decisions.map((d) => ({ ...d, rule: ruleJson(d.rule) })),
    usage: plan.usage.map((u) => ({ ...u, rule: ruleJson(u.rule) })),
  };
}
