import { explainErrorClass, sgFixability } from '#core/model/error-class.ts';
import type { NetworkInterfaceSummary } from '#core/model/report.ts';
import { evaluateNaclPath, type NaclPathEvaluation } from '#core/network/evaluate-nacl.ts';
import { evaluatePath } from '#core/network/evaluate-path.ts';
import { parseIp } from '#core/network/ip.ts';
import {
  findInterfaceCommand,
  type ResolvedEndpoint,
  resolveEndpoint,
} from '#core/network/resolve-endpoint.ts';
import type { FindingGroup } from '#core/recommend/aggregate.ts';
import { blockedJudgement, pathDetail } from '#core/recommend/blocked.ts';
import type { JudgeContext, Judgement } from '#core/recommend/judgement.ts';
import { noTargetReason } from '#core/recommend/no-target.ts';
import { reviewSensitive } from '#core/recommend/sensitive-review.ts';
import { endpointText, portPhrase, subjectOf } from '#core/recommend/wording.ts';

/**
 * Judges one group of findings: no endpoint (`no-target`), an error no security group causes
 * (`not-network`), an IP no interface owns (`unknown-ip`), an interface that is not a node or
 * pod of this cluster (`not-cluster`), or the evaluation of control plane → endpoint (`allowed`,
 * `blocked` with the rules it needs, `unknown`). When the snapshot has the network ACLs, a path
 * the security groups allow but an ACL denies is `nacl-blocked`; the ACL denials of any verdict
 * are returned for the report to fix. A fix that would open a sensitive port no registered
 * APIService or webhook targets is withheld: `needs-review`, with the evidence.
 *
 * @example
 * judgeGroup(group, context).verdict; // 'blocked'
 */
export function judgeGroup(group: FindingGroup, context: JudgeContext): Judgement {
  const judgement = judgeEndpoint(group, context);
  if (judgement.needs.length === 0 && judgement.naclDenials.length === 0) return judgement;
  return reviewSensitive(group, context.sensitivePorts, judgement) ?? judgement;
}

function judgeEndpoint(group: FindingGroup, context: JudgeContext): Judgement {
  const { finding, target } = group;
  const base = { networkInterface: null, needs: [], unknownWhy: [], naclDenials: [] };
  if (target.port === null || target.ip === null) {
    return { ...base, verdict: 'no-target', reason: noTargetReason(group, context.peerGroupId) };
  }
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) {
    return {
      ...base,
      verdict: 'no-target',
      reason: `Port ${target.port} is not a TCP port (1-65535): nothing to check or open.`,
    };
  }
  const resolved = resolveEndpoint(context.model, target.ip);
  const networkInterface = resolved ? summaryOf(resolved) : null;
  const error = finding.error;
  const where = endpointText(target.ip, target.port);
  if (error !== null && sgFixability(error) === 'no') {
    return { ...base, networkInterface, verdict: 'not-network', reason: explainErrorClass(error) };
  }
  const ip = parseIp(target.ip);
  if (!resolved || !ip) {
    const find = ip ? ` Find its interface with: ${findInterfaceCommand(ip)}` : '';
    return {
      ...base,
      verdict: 'unknown-ip',
      reason: `${target.ip} matches no network interface in the snapshot (neither an address nor inside a delegated prefix): it may be a ClusterIP, an address outside the VPC, or an interface created after the snapshot.${find}`,
    };
  }
  const scope = resolved.eni.scope;
  if (scope.kind === 'out') {
    return {
      ...base,
      networkInterface,
      verdict: 'not-cluster',
      reason: `${target.ip} is on ${resolved.eni.id}, ${scope.why}. It is not a node or pod interface of cluster '${context.model.cluster.name}', so no security-group rule or network ACL entry is proposed for it. Check what the ${subjectOf(finding)} really points at (its service and endpoints).`,
    };
  }
  const flow = { protocol: 'tcp', port: target.port, family: ip.family } as const;
  const destination = { ip, groupIds: resolved.eni.groupIds };
  const evaluation = evaluatePath(context.model, context.sources, destination, flow);
  const acls = context.model.networkAcls;
  const nacl = acls
    ? evaluateNaclPath(
        acls,
        context.sources,
        { ip, subnetId: resolved.eni.subnetId },
        flow,
        context.replyPorts,
      )
    : null;
  const naclDenials = nacl?.denials ?? [];
  const port = portPhrase(target.port, target.addons);
  if (evaluation.verdict === 'allowed') {
    if (naclDenials.length > 0) {
      return {
        ...base,
        networkInterface,
        verdict: 'nacl-blocked',
        naclDenials,
        reason: `The security groups allow ${port} from the control plane to ${where} (${pathDetail(evaluation)}).`,
      };
    }
    // An audited flow (count 0) has not failed: an allowed path needs nothing more.
    const followUp =
      group.count === 0
        ? 'Nothing to change.'
        : error === 'no-route' || error === null
          ? explainErrorClass('no-route')
          : nacl?.verdict === 'allowed'
            ? 'No security-group or network ACL change will help: check routes and the pod itself (is it running and listening on this port?).'
            : 'No security-group change will help: check network ACLs, routes, and the pod itself (is it running and listening on this port?).';
    const allowedBy =
      nacl?.verdict === 'allowed' ? 'security groups and network ACLs' : 'security groups';
    return {
      ...base,
      networkInterface,
      verdict: 'allowed',
      reason: `The ${allowedBy} already allow ${port} from the control plane to ${where} (${pathDetail(evaluation)}). ${followUp}${naclUnknownNote(nacl)}`,
    };
  }
  if (evaluation.verdict === 'unknown') {
    return {
      ...base,
      networkInterface,
      verdict: 'unknown',
      unknownWhy: evaluation.unknownWhy,
      naclDenials,
      reason: `Cannot tell whether ${port} to ${where} is allowed: ${evaluation.unknownWhy.join('; ')}. Add the missing data to the snapshot and run the analysis again.`,
    };
  }
  const blocked = blockedJudgement({
    context,
    resolved,
    evaluation,
    port,
    portNumber: target.port,
    where,
    networkInterface,
  });
  return { ...blocked, naclDenials };
}

function naclUnknownNote(nacl: NaclPathEvaluation | null): string {
  return nacl?.verdict === 'unknown'
    ? ` The network ACLs could not be checked: ${nacl.unknownWhy.join('; ')}.`
    : '';
}

function summaryOf(resolved: ResolvedEndpoint): NetworkInterfaceSummary {
  const { eni } = resolved;
  return {
    id: eni.id,
    role: eni.role,
    groupIds: eni.groupIds,
    description: eni.description === '' ? null : eni.description,
    match: resolved.match,
    prefix: resolved.prefix,
  };
}
