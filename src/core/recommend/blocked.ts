import type { NetworkInterfaceSummary } from '#core/model/report.ts';
import type { Decision, PathEvaluation } from '#core/network/evaluate-path.ts';
import type { ResolvedEndpoint } from '#core/network/resolve-endpoint.ts';
import { chooseIngressGroup } from '#core/recommend/choose-group.ts';
import type { JudgeContext, Judgement, RuleNeed } from '#core/recommend/judgement.ts';

/** What {@link blockedJudgement} needs from the judge. */
export interface BlockedInput {
  readonly context: JudgeContext;
  readonly resolved: ResolvedEndpoint;
  readonly evaluation: PathEvaluation;
  readonly portNumber: number;
  /** `TCP 9443 (AWS Load Balancer Controller)`. */
  readonly port: string;
  /** `10.0.1.2:9443`. */
  readonly where: string;
  readonly networkInterface: NetworkInterfaceSummary | null;
}

/**
 * The judgement of a blocked path: which side is missing (ingress on the destination interface,
 * egress on the control-plane interfaces), the minimal rules that fix it, and a reason that says
 * why, where the rule goes, and what could not be proposed.
 *
 * @example
 * blockedJudgement(input).needs; // [{ action: 'authorize-ingress', groupId: 'sg-0b0d...', port: 9443, peerGroupId: 'sg-0c1a...' }]
 */
export function blockedJudgement(input: BlockedInput): Judgement {
  const { context, resolved, evaluation, port, portNumber, where, networkInterface } = input;
  const { model, peerGroupId, egressGroupId } = context;
  const eni = resolved.eni;
  const choice = chooseIngressGroup(model, eni);
  const needs: RuleNeed[] = [];
  const problems: string[] = [];
  const fixes: string[] = [];
  if (evaluation.ingress === 'missing') {
    const groups = eni.groupIds.length > 0 ? eni.groupIds.join(', ') : 'no group';
    problems.push(`no group on ${eni.id} (${groups}) admits ${port} from the control plane`);
    if (choice.groupId === null) fixes.push(`no rule proposed: ${choice.why}`);
    else if (peerGroupId === null) fixes.push(NO_SOURCE_GROUP);
    else {
      needs.push({
        action: 'authorize-ingress',
        groupId: choice.groupId,
        port: portNumber,
        peerGroupId,
      });
      fixes.push(`allow it in on ${choice.groupId} (${choice.why}) from ${peerGroupId}`);
    }
  }
  if (evaluation.egress === 'missing') {
    problems.push(`no group on the control-plane interfaces allows ${port} out to ${where}`);
    const peer = choice.groupId ?? eni.groupIds[0] ?? null;
    if (egressGroupId === null) fixes.push(NO_SOURCE_GROUP);
    else if (peer === null)
      fixes.push(`no egress rule proposed: ${eni.id} carries no group to refer to`);
    else {
      needs.push({
        action: 'authorize-egress',
        groupId: egressGroupId,
        port: portNumber,
        peerGroupId: peer,
      });
      fixes.push(`allow it out on ${egressGroupId} to ${peer}`);
    }
  }
  const notes = [partialNote(evaluation), unknownNote(evaluation), branchNote(resolved)].filter(
    (n) => n !== '',
  );
  const reason = `Blocked: ${problems.join(', and ')}. Fix: ${fixes.join('; ')}.${notes.map((n) => ` ${n}`).join('')}`;
  return {
    verdict: 'blocked',
    reason,
    networkInterface,
    needs,
    unknownWhy: evaluation.unknownWhy,
    naclDenials: [],
  };
}

/**
 * Which rules allow each side of an allowed path, e.g. `egress by sgr-1 on sg-a, ingress by sgr-2 on sg-b`.
 *
 * @example
 * pathDetail(evaluation); // 'egress by sgr-0aa on sg-0c1a..., ingress by sgr-0bb on sg-0b0d...'
 */
export function pathDetail(evaluation: PathEvaluation): string {
  const first = evaluation.perSource[0];
  if (!first) return 'no sources';
  return `egress ${byRule(first.egress)}, ingress ${byRule(first.ingress)}`;
}

const NO_SOURCE_GROUP =
  'no rule proposed: no security group is on every control-plane interface (normally the cluster security group, resourcesVpcConfig.clusterSecurityGroupId)';

function byRule(decision: Decision): string {
  if (decision.outcome !== 'allow') return decision.outcome;
  const { rule } = decision;
  return `by ${rule.id ?? 'a rule'} on ${rule.groupId}`;
}

function partialNote(evaluation: PathEvaluation): string {
  const total = evaluation.perSource.length;
  const passing = evaluation.perSource.filter(
    (p) => p.egress.outcome === 'allow' && p.ingress.outcome === 'allow',
  ).length;
  if (passing === 0 || passing === total) return '';
  return `Only ${passing} of ${total} control-plane interfaces pass today, so calls fail intermittently.`;
}

function unknownNote(evaluation: PathEvaluation): string {
  return evaluation.unknownWhy.length > 0
    ? `Part of the path could not be checked: ${evaluation.unknownWhy.join('; ')}.`
    : '';
}

function branchNote(resolved: ResolvedEndpoint): string {
  if (resolved.eni.role !== 'branch') return '';
  return "The endpoint is a security-groups-for-pods branch interface, so the rule goes on the pod's group (in the default strict enforcing mode only the pod's groups apply; in standard mode the node's groups must also allow it).";
}
