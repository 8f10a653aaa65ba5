import type { ReportFinding, ReportNote } from '#core/model/report.ts';
import type { NetworkModel } from '#core/network/model.ts';
import { portName } from '#core/port-names/addon-match.ts';
import type { RuleNeed } from '#core/recommend/judgement.ts';
import type { JudgedGroup } from '#core/recommend/merge-rules.ts';
import { isoOf } from '#core/window/iso-time.ts';

/**
 * One line of the report from a judged group: the first finding's fields, the counts and times
 * of the group, the target with its port name, the verdict and its reason.
 *
 * @example
 * reportFindingOf({ group, judgement }).verdict; // 'blocked'
 */
export function reportFindingOf({ group, judgement }: JudgedGroup): ReportFinding {
  const { finding, target } = group;
  return {
    kind: finding.kind,
    name: finding.name,
    host: finding.host,
    ip: finding.ip,
    port: finding.port,
    error: finding.error,
    latencyMs: group.latencyMs,
    count: group.count,
    firstSeen: isoOf(group.firstAt),
    lastSeen: isoOf(group.lastAt),
    target:
      target.port === null || target.source === null
        ? null
        : {
            ip: target.ip,
            port: target.port,
            source: target.source,
            portName: portName(target.port, target.addons),
          },
    verdict: judgement.verdict,
    reason: judgement.reason,
    networkInterface: judgement.networkInterface,
    detail: finding.detail,
  };
}

/**
 * Notes about the snapshot itself: what it lacks and what the analysis assumed because of it.
 *
 * @example
 * modelNotes(model, []).map((n) => n.code); // ['no-control-plane-interfaces']
 */
export function modelNotes(model: NetworkModel, existing: readonly RuleNeed[]): ReportNote[] {
  const notes: ReportNote[] = [];
  const { name, clusterSecurityGroupId } = model.cluster;
  if (model.controlPlaneEnis.length === 0) {
    notes.push({
      code: 'no-control-plane-interfaces',
      message: `The snapshot has no interface described "Amazon EKS ${name}": the control plane was taken to carry the cluster security group and the additional groups, with unknown addresses (CIDR rules other than 0.0.0.0/0 and ::/0 cannot be checked).`,
    });
  }
  if (clusterSecurityGroupId === null) {
    notes.push({
      code: 'no-cluster-security-group',
      message:
        'The cluster has no clusterSecurityGroupId in the snapshot (a cluster created before platform eks.3, or a hand-made snapshot): rules name a group that every control-plane interface carries instead.',
    });
  }
  if (model.groups.size === 0) {
    notes.push({
      code: 'no-group-details',
      message:
        'The snapshot has no securityGroups section: the VPC default group and groups tagged for the cluster cannot be recognised when choosing where a rule goes.',
    });
  }
  const missingLists = unresolvedPrefixLists(model);
  if (missingLists.length > 0) {
    notes.push({
      code: 'unresolved-prefix-list',
      message: `Rules refer to prefix lists whose entries are not in the snapshot (${missingLists.join(', ')}); paths that depend on them are reported as unknown.`,
    });
  }
  if (model.skippedRules.length > 0) {
    notes.push({
      code: 'skipped-rules',
      message: `Ignored ${model.skippedRules.length} rule(s) with no CIDR, group or prefix list: ${model.skippedRules.slice(0, 5).join(', ')}.`,
    });
  }
  for (const need of existing) {
    notes.push({
      code: 'rule-exists',
      message: `The rule ${need.action === 'authorize-ingress' ? 'in' : 'out'} on ${need.groupId} for TCP ${need.port} with ${need.peerGroupId} already exists, yet the path is blocked: check which interfaces carry ${need.groupId} and ${need.peerGroupId}.`,
    });
  }
  return notes;
}

function unresolvedPrefixLists(model: NetworkModel): string[] {
  const ids = new Set<string>();
  for (const rules of model.rulesByGroup.values()) {
    for (const rule of rules) {
      if (rule.peer.kind === 'prefix-list' && !model.prefixLists.has(rule.peer.prefixListId)) {
        ids.add(rule.peer.prefixListId);
      }
    }
  }
  return [...ids].sort();
}
