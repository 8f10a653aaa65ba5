import type { ControlPlaneTarget } from '#core/k8s/targets.ts';
import type { NetworkModel, SgRule } from '#core/network/model.ts';
import { addedRules, addReason } from '#core/plan/add-rules.ts';
import { planConfidence } from '#core/plan/confidence.ts';
import { connectionsOf, type FlowSummary } from '#core/plan/connections.ts';
import { type DecisionDraft, decideRule, ruleText } from '#core/plan/decide.ts';
import { withRules } from '#core/plan/evaluate-flow.ts';
import { flowText } from '#core/plan/flow-ends.ts';
import type { FlowRecord } from '#core/plan/flow-record.ts';
import { mergeFlows, mustAllow } from '#core/plan/merge-flows.ts';
import type { Plan, RuleDecision, RuleUsage } from '#core/plan/plan-types.ts';
import { replayFlows } from '#core/plan/replay.ts';
import { type FailedCall, requiredFlows } from '#core/plan/required-flows.ts';
import { changeOf } from '#core/plan/rule-change.ts';
import { flowsAdmittedBy } from '#core/plan/rule-usage.ts';
import { ruleScope, sidesOf } from '#core/plan/scope.ts';
import { chooseControlPlaneGroup } from '#core/recommend/choose-group.ts';

/** What {@link computePlan} reads. */
export interface PlanInputs {
  readonly model: NetworkModel;
  /** The registrations resolved to endpoints; null when none were given. */
  readonly targets: readonly ControlPlaneTarget[] | null;
  /** Flow-log records, read once (an array or a generator such as `flowRecords`). */
  readonly records: Iterable<FlowRecord>;
  /** Calls the API-server logs show timing out. */
  readonly failures: readonly FailedCall[];
  /** `--control-plane-group`, or null to follow the existing rules' convention. */
  readonly controlPlaneGroup: string | null;
  /** The shortest window whose evidence is trusted without a flag (milliseconds). */
  readonly minWindowMs: number;
}

const MAX_ROUNDS = 8;

/**
 * The least-privilege plan: every rule between the control plane and the nodes and pods is kept
 * (required or used, with its evidence), narrowed (a broad rule replaced by the ports its flows
 * use, same peer), or revoked (admits nothing required or observed); missing required rules are
 * added on the right group with the control-plane group as peer. Rules outside that scope get a
 * usage report, the cluster group's self rules are never touched. The replay check then evaluates
 * every required and observed flow on the result; a revoke that would break one is held back (the
 * rule kept, the flow named), and the final replay is reported. Pure.
 *
 * @example
 * const plan = computePlan({ model, targets, records, failures: [], controlPlaneGroup: null, minWindowMs: 7 * 86_400_000 });
 * plan.changes.map((c) => c.action); // ['authorize-ingress', ..., 'revoke-ingress']
 */
export function computePlan(inputs: PlanInputs): Plan {
  const { model } = inputs;
  const sides = sidesOf(model);
  const cpGroup = chooseControlPlaneGroup(model, inputs.controlPlaneGroup);
  const required = requiredFlows(model, inputs.targets, inputs.failures);
  const summary = connectionsOf(model, inputs.records);
  const flows = mergeFlows([...required.flows, ...summary.flows]);
  const needed = mustAllow(flows);
  const covered = coveredInterfaces(model, summary);
  const inScope: SgRule[] = [];
  const usage: RuleUsage[] = [];
  for (const rules of model.rulesByGroup.values()) {
    for (const rule of rules) {
      const scope = ruleScope(model, sides, rule);
      if (scope.kind === 'in-scope') inScope.push(rule);
      else usage.push(usageOf(model, rule, needed, scope.why));
    }
  }
  const held = new Map<SgRule, string>();
  let round = 0;
  for (;;) {
    round++;
    const drafts = inScope.map((rule) => draftOf(model, rule, needed, covered, held));
    const revoked = new Set(
      drafts.filter((d) => d.decision.decision !== 'keep').map((d) => d.decision.rule),
    );
    const replacements = uniqueRules(
      model,
      revoked,
      drafts.flatMap((d) => d.replacements),
    );
    const narrowed = withRules(
      model,
      revoked,
      replacements.map((r) => r.rule),
    );
    const { added, unaddable } = addedRules(model, narrowed, needed, cpGroup.groupId);
    const after = withRules(
      narrowed,
      new Set(),
      added.map((a) => a.rule),
    );
    const replay = replayFlows(model, after, needed);
    const broken = replay.problems.filter((p) => p.kind === 'broken');
    let more = false;
    if (broken.length > 0 && round < MAX_ROUNDS) {
      for (const flow of needed) {
        for (const rule of revoked) {
          if (held.has(rule) || flowsAdmittedBy(model, rule, [flow]).length === 0) continue;
          const stillOk = replay.problems.every(
            (p) => p.kind !== 'broken' || !p.flow.startsWith(flowText(flow)),
          );
          if (stillOk) continue;
          held.set(rule, flowText(flow));
          more = true;
        }
      }
    }
    if (more) continue;
    const decisions = drafts.map((d) => d.decision).sort(byRule);
    return {
      cluster: model.cluster.name,
      window: windowOf(summary.start, summary.end),
      controlPlaneGroup: cpGroup,
      changes: [
        ...added.map((a) => changeOf(a.rule, 'add', addReason(a), a.flows)),
        ...replacements.map((r) => changeOf(r.rule, 'narrow', r.reason, [])),
        ...decisions
          .filter((d) => d.decision !== 'keep')
          .map((d) =>
            changeOf(
              d.rule,
              d.decision === 'narrow' ? 'narrow' : 'revoke',
              d.reason,
              [],
              true,
              d.evidence,
            ),
          ),
      ],
      decisions,
      usage,
      replay,
      heldBack: [...held].map(
        ([rule, flow]) => `${ruleText(rule)}: revoking it would break ${flow}`,
      ),
      confidence: planConfidence(summary, flows, inputs.minWindowMs, covered),
      flows: {
        required: required.flows.length,
        observed: flows.filter((f) => f.observed).length,
        rejected: flows.filter((f) => f.rejected).length,
      },
      notes: [
        ...required.notes,
        ...unaddable.map((u) => `no rule proposed for ${flowText(u.flow)}: ${u.why}`),
        ...(summary.rejectedReplies > 0
          ? [
              `${summary.rejectedReplies} rejected SYN-ACK record(s): replies dropped, which points to a network ACL, not a security group`,
            ]
          : []),
        'DNS between pods and CoreDNS and other node ↔ node traffic is outside the plan: those rules get a usage report only',
      ],
    };
  }
}

function draftOf(
  model: NetworkModel,
  rule: SgRule,
  flows: Parameters<typeof decideRule>[2],
  covered: ReadonlySet<string>,
  held: ReadonlyMap<SgRule, string>,
): DecisionDraft {
  const draft = decideRule(model, rule, flows, observable(model, rule, covered));
  const flow = held.get(rule);
  if (flow === undefined || draft.decision.decision === 'keep') return draft;
  const decision: RuleDecision = {
    ...draft.decision,
    decision: 'keep',
    reason: `kept (held back by the replay check): changing it would break ${flow}`,
  };
  return { decision, replacements: [] };
}

/**
 * Interfaces the flow logs cover: those with records; without interface IDs, the X-ENIs and the
 * interfaces seen in flows that do not involve the control plane.
 */
function coveredInterfaces(model: NetworkModel, summary: FlowSummary): Set<string> {
  const ids = new Set(summary.interfaces);
  if (ids.size === 0 && summary.records > 0) {
    for (const eni of model.controlPlaneEnis) ids.add(eni.id);
    // Records without interface IDs: a flow with no control-plane end shows that the logs cover
    // more than the X-ENIs (a subnet or VPC flow log); both its interfaces are then covered.
    for (const flow of summary.flows) {
      if (flow.source.role === 'control-plane' || flow.destination.role === 'control-plane')
        continue;
      for (const end of [flow.source, flow.destination]) if (end.eni) ids.add(end.eni.id);
    }
  }
  return ids;
}

/**
 * Whether everything a rule admits would show in the flow logs: every interface carrying its
 * peer group is covered, or every interface carrying its own group is.
 */
function observable(model: NetworkModel, rule: SgRule, covered: ReadonlySet<string>): boolean {
  const carriers = (groupId: string) => model.enis.filter((e) => e.groupIds.includes(groupId));
  const all = (enis: readonly { id: string }[]) =>
    enis.length > 0 && enis.every((e) => covered.has(e.id));
  if (rule.peer.kind === 'group' && all(carriers(rule.peer.groupId))) return true;
  return all(carriers(rule.groupId));
}

function uniqueRules(
  model: NetworkModel,
  revoked: ReadonlySet<SgRule>,
  rules: readonly SgRule[],
): { rule: SgRule; reason: string }[] {
  const key = (r: SgRule) =>
    `${r.groupId}|${r.direction}|${r.protocol}|${r.fromPort}|${r.toPort}|${r.peer.kind}|${r.peer.kind === 'group' ? r.peer.groupId : r.peer.kind === 'cidr' ? r.peer.cidr.text : r.peer.prefixListId}`;
  const existing = new Set<string>();
  for (const list of model.rulesByGroup.values()) {
    for (const rule of list) if (!revoked.has(rule)) existing.add(key(rule));
  }
  const out: { rule: SgRule; reason: string }[] = [];
  for (const rule of rules) {
    const k = key(rule);
    if (existing.has(k)) continue;
    existing.add(k);
    out.push({
      rule,
      reason: `replaces ${rule.description?.replace('eks-sg-advisor plan: narrowed from ', '') ?? 'a broad rule'}: the ports its required and observed flows use`,
    });
  }
  return out;
}

function usageOf(
  model: NetworkModel,
  rule: SgRule,
  flows: Parameters<typeof flowsAdmittedBy>[2],
  why: string,
): RuleUsage {
  const used = flowsAdmittedBy(model, rule, flows);
  const ports = [
    ...new Set(
      used.map((f) => (f.protocol.startsWith('icmp') ? f.protocol : `${f.protocol}/${f.port}`)),
    ),
  ].sort();
  return { rule, flows: used.length, ports, why };
}

function windowOf(start: number | null, end: number | null): Plan['window'] {
  const iso = (s: number | null) =>
    s === null ? null : new Date(s * 1000).toISOString().replace('.000Z', 'Z');
  const days = start !== null && end !== null ? Math.round(((end - start) / 86_400) * 10) / 10 : 0;
  return { start: iso(start), end: iso(end), days };
}

function byRule(a: RuleDecision, b: RuleDecision): number {
  const ka = `${a.rule.groupId}|${a.rule.direction}|${a.rule.id ?? ''}`;
  const kb = `${b.rule.groupId}|${b.rule.direction}|${b.rule.id ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
