import type { NetworkModel } from '#core/network/model.ts';
import { evaluateFlow } from '#core/plan/evaluate-flow.ts';
import { flowEvidence } from '#core/plan/evidence.ts';
import type { PlanFlow, ReplayProblem, ReplayResult } from '#core/plan/plan-types.ts';

/**
 * The replay check: evaluates every flow on the network as it is and as the plan leaves it, with
 * the evaluator's AWS semantics (allow-only union of groups, stateful replies, network ACLs both
 * ways). A flow allowed today and denied after is `broken`; one denied both times
 * `still-blocked`; one an ACL denies `nacl-denied` (a plan of group rules cannot fix it); one the
 * snapshot cannot decide `unknown` (also one denied today and after whose end is on no interface
 * of the snapshot, such as a replaced X-ENI). The plan passes when no flow is broken, still
 * blocked or denied by an ACL; `unknown` flows are listed without failing it.
 *
 * @example
 * replayFlows(model, withRules(model, revoked, added), flows).status; // 'pass'
 */
export function replayFlows(
  before: NetworkModel,
  after: NetworkModel,
  flows: readonly PlanFlow[],
): ReplayResult {
  const problems: ReplayProblem[] = [];
  for (const flow of flows) {
    const then = evaluateFlow(after, flow);
    if (then.groups === 'denied') {
      const now = evaluateFlow(before, flow, { acls: false });
      const broken = now.groups === 'allowed';
      const stranger = [flow.source, flow.destination].find((end) => !end.eni && end.ip);
      if (!broken && stranger) {
        // Denied today too, from an address no interface of the snapshot holds: typically an
        // X-ENI EKS has replaced since (upgrades replace them); its groups cannot be known.
        problems.push({
          flow: flowEvidence(flow),
          kind: 'unknown',
          detail: `${stranger.ip?.text} is on no interface of the snapshot (a replaced control-plane interface?): its groups are unknown`,
        });
        continue;
      }
      problems.push({
        flow: flowEvidence(flow),
        kind: broken ? 'broken' : 'still-blocked',
        detail: broken
          ? `allowed today by ${[now.egress, now.ingress].flatMap((d) => (d.outcome === 'allow' ? [d.rule.id ?? `a rule on ${d.rule.groupId}`] : [])).join(' and ')}, denied after the plan`
          : 'denied today and after the plan: no rule could be proposed for it',
      });
    } else if (then.groups === 'unknown') {
      const why = [then.egress, then.ingress].flatMap((d) =>
        d.outcome === 'unknown' ? d.why : [],
      );
      problems.push({ flow: flowEvidence(flow), kind: 'unknown', detail: why.join('; ') });
    }
    if (then.acls === 'denied') {
      problems.push({
        flow: flowEvidence(flow),
        kind: 'nacl-denied',
        detail: `a network ACL denies it (the plan changes no ACL): ${then.aclDetail}`,
      });
    }
  }
  // A flow the snapshot cannot decide is listed, but does not fail the check: it was not decided
  // before the plan either.
  const failing = problems.some((p) => p.kind !== 'unknown');
  return { status: failing ? 'fail' : 'pass', checked: flows.length, problems };
}
