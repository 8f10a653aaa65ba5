import { ruleText } from '#core/plan/decide.ts';
import { planId } from '#core/plan/plan-id.ts';
import type { Plan, PlanRuleChange } from '#core/plan/plan-types.ts';
import { portRangeText, rulePortsText } from '#core/port-names/port-range.ts';
import { markdownText, mermaidLabel, plainText } from '#render/escape.ts';

const EVIDENCE_SHOWN = 5;

/** One section of the report: a title and its lines (in plain text, not yet escaped). */
interface Section {
  readonly title: string;
  readonly lines: readonly string[];
}

/**
 * A change as one sentence: `authorize ingress tcp/6443 from sg-0add… on sg-0fa7… (add)`.
 *
 * @example
 * changeText(plan.changes[0]);
 */
export function changeText(c: PlanRuleChange): string {
  const ports = rulePortsText(c);
  const peer =
    'groupId' in c.peer ? c.peer.groupId : 'cidr' in c.peer ? c.peer.cidr : c.peer.prefixListId;
  const [verb, direction] = c.action.split('-') as [string, string];
  const way = direction === 'ingress' ? 'from' : 'to';
  return `${verb} ${direction} ${ports} ${way} ${peer} on ${c.groupId}${c.ruleId ? ` (${c.ruleId})` : ''} [${c.change}]`;
}

/** How many flows the evidence lists beyond the first lines shown (its last line may count more). */
function moreFlows(evidence: readonly string[]): number {
  const counted = /^\.\.\. and (\d+) more flows$/.exec(evidence.at(-1) ?? '');
  const listed = counted ? evidence.length - 1 : evidence.length;
  return listed - EVIDENCE_SHOWN + (counted ? Number(counted[1]) : 0);
}

function sections(plan: Plan): Section[] {
  const out: Section[] = [];
  out.push({
    title: 'Replay check',
    lines: [
      plan.replay.status === 'pass' && plan.replay.problems.length === 0
        ? `pass: all ${plan.replay.checked} required and observed flows stay allowed after the plan`
        : plan.replay.status === 'pass'
          ? `pass: no required or observed flow is broken; ${plan.replay.problems.length} of ${plan.replay.checked} could not be decided from the snapshot`
          : `FAIL: the plan is not safe as is; ${plan.replay.problems.length} flow(s) would not be allowed after it`,
      ...plan.replay.problems.map((p) => `${p.kind}: ${p.flow} (${p.detail})`),
    ],
  });
  out.push({
    title: 'Confidence',
    lines:
      plan.confidence.length === 0
        ? ['no flags']
        : plan.confidence.map((f) => `${f.code}: ${f.message}`),
  });
  out.push({
    title: 'Changes (apply in this order: authorizations first, then revokes)',
    lines:
      plan.changes.length === 0
        ? ['none: every rule is already as narrow as the evidence allows']
        : plan.changes.map((c, i) => `${i + 1}. ${changeText(c)}: ${c.reason}`),
  });
  out.push({
    title: 'Rules between the control plane and the nodes and pods',
    lines: plan.decisions.flatMap((d) => [
      `${d.decision.toUpperCase()} ${ruleText(d.rule)}: ${d.reason}`,
      ...d.evidence.slice(0, EVIDENCE_SHOWN).map((e) => `  evidence: ${e}`),
      ...(d.evidence.length > EVIDENCE_SHOWN
        ? [`  ... and ${moreFlows(d.evidence)} more flows`]
        : []),
      ...d.flags.map((f) => `  flag ${f.code}: ${f.message}`),
    ]),
  });
  if (plan.heldBack.length > 0)
    out.push({ title: 'Held back by the replay check', lines: plan.heldBack });
  out.push({
    title: 'Other rules (usage only, not changed)',
    lines: plan.usage.map(
      (u) =>
        `${ruleText(u.rule)}: ${u.why}; ${u.flows} flow(s) in the window${u.ports.length > 0 ? ` (${u.ports.join(', ')})` : ''}`,
    ),
  });
  if (plan.notes.length > 0) out.push({ title: 'Notes', lines: plan.notes });
  return out;
}

function headline(plan: Plan): string[] {
  const window = plan.window.start
    ? `${plan.window.start} to ${plan.window.end} (${plan.window.days} days)`
    : 'no flow logs';
  return [
    `Cluster ${plan.cluster}, plan ${planId(plan)}`,
    `Window: ${window}; flows: ${plan.flows.required} required, ${plan.flows.observed} observed, ${plan.flows.rejected} rejected`,
    `Control-plane group: ${plan.controlPlaneGroup.groupId ?? 'none'} (${plan.controlPlaneGroup.why})`,
  ];
}

/**
 * The plan for a terminal: the replay check, the confidence flags, the changes in order, every
 * rule's decision with its evidence, the usage report of the other rules. Control characters
 * from the inputs are blanked.
 *
 * @example
 * renderPlanText(plan); // 'Cluster vault-prod, plan p-…\n...'
 */
export function renderPlanText(plan: Plan): string {
  const parts = [headline(plan).map(plainText).join('\n')];
  for (const s of sections(plan)) {
    parts.push(`${s.title}\n${s.lines.map((l) => `  ${plainText(l)}`).join('\n')}`);
  }
  return `${parts.join('\n\n')}\n`;
}

/**
 * The plan in Markdown, with a Mermaid diagram (control plane → groups, one edge per rule: kept,
 * narrowed, added, revoked) and the same sections as the text. Text from the inputs is escaped.
 *
 * @example
 * renderPlanMarkdown(plan); // '# Least-privilege plan for vault-prod\n...```mermaid\nflowchart LR...'
 */
export function renderPlanMarkdown(plan: Plan): string {
  const parts = [
    `# Least-privilege plan for ${markdownText(plan.cluster)}`,
    headline(plan)
      .map((l) => `- ${markdownText(l)}`)
      .join('\n'),
    mermaid(plan),
  ];
  for (const s of sections(plan)) {
    parts.push(
      `## ${markdownText(s.title)}\n\n${s.lines.map((l) => `- ${markdownText(l)}`).join('\n')}`,
    );
  }
  return `${parts.join('\n\n')}\n`;
}

function mermaid(plan: Plan): string {
  const nodes = new Map<string, string>();
  const node = (label: string): string => {
    const clean = mermaidLabel(label);
    let id = nodes.get(clean);
    if (!id) {
      id = `n${nodes.size}`;
      nodes.set(clean, id);
    }
    return id;
  };
  const cp = plan.controlPlaneGroup.groupId;
  const label = (groupId: string) => (groupId === cp ? `control plane ${groupId}` : groupId);
  const edges: string[] = [];
  const edge = (from: string, to: string, text: string, dashed: boolean) => {
    const a = node(from);
    const b = node(to);
    const clean = mermaidLabel(text);
    edges.push(`  ${a} ${dashed ? '-.->' : '-->'}|"${clean}"| ${b}`);
  };
  for (const d of plan.decisions) {
    const r = d.rule;
    const peer =
      r.peer.kind === 'group'
        ? r.peer.groupId
        : r.peer.kind === 'cidr'
          ? r.peer.cidr.text
          : r.peer.prefixListId;
    const [from, to] =
      r.direction === 'ingress' ? [label(peer), label(r.groupId)] : [label(r.groupId), label(peer)];
    const ports =
      r.protocol === '-1'
        ? 'all'
        : r.fromPort === null
          ? r.protocol
          : `${r.protocol}/${portRangeText(r.fromPort, r.toPort ?? r.fromPort)}`;
    const status =
      d.decision === 'keep'
        ? 'used: keep'
        : d.decision === 'narrow'
          ? 'broad: narrow'
          : 'unused: revoke';
    edge(from, to, `${ports} ${status}`, d.decision !== 'keep');
  }
  for (const c of plan.changes.filter((c) => c.action.startsWith('authorize'))) {
    const peer =
      'groupId' in c.peer ? c.peer.groupId : 'cidr' in c.peer ? c.peer.cidr : c.peer.prefixListId;
    const [from, to] = c.action.endsWith('ingress')
      ? [label(peer), label(c.groupId)]
      : [label(c.groupId), label(peer)];
    const ports = `${c.protocol}/${portRangeText(c.fromPort ?? 0, c.toPort ?? 0)}`;
    edge(from, to, `${ports} ${c.change === 'add' ? 'required: add' : 'used: narrowed'}`, false);
  }
  const declared = [...nodes].map(([text, id]) => `  ${id}["${text}"]`);
  return ['```mermaid', 'flowchart LR', ...declared, ...edges, '```'].join('\n');
}
