import type { Recommendation } from '#core/model/report.ts';
import type { NetworkModel } from '#core/network/model.ts';
import type { FindingGroup } from '#core/recommend/aggregate.ts';
import type { Judgement, RuleNeed } from '#core/recommend/judgement.ts';
import { sanitizeRuleDescription } from '#core/recommend/rule-description.ts';
import {
  endpointText,
  listText,
  occurrences,
  portPhrase,
  subjectOf,
} from '#core/recommend/wording.ts';

/** One judged group, at its index in the report's findings. */
export interface JudgedGroup {
  readonly group: FindingGroup;
  readonly judgement: Judgement;
}

/** The merged rules, and the needs dropped because the rule already exists. */
export interface MergedRules {
  readonly recommendations: Recommendation[];
  readonly existing: RuleNeed[];
}

/**
 * Merges the rules the judged groups need: one rule per (action, group, port, peer) with every
 * finding that needs it, never one that already exists in the snapshot (EC2 would refuse it with
 * `InvalidPermission.Duplicate`), ordered ingress first, then by group, port and peer.
 *
 * @example
 * mergeRules(model, judged).recommendations[0]?.findings; // [0, 3]
 */
export function mergeRules(model: NetworkModel, judged: readonly JudgedGroup[]): MergedRules {
  const merged = new Map<string, { need: RuleNeed; indices: number[] }>();
  judged.forEach(({ judgement }, index) => {
    for (const need of judgement.needs) {
      const key = `${need.action}|${need.groupId}|${need.port}|${need.peerGroupId}`;
      const entry = merged.get(key) ?? { need, indices: [] };
      if (!entry.indices.includes(index)) entry.indices.push(index);
      merged.set(key, entry);
    }
  });
  const recommendations: Recommendation[] = [];
  const existing: RuleNeed[] = [];
  for (const { need, indices } of merged.values()) {
    if (ruleExists(model, need)) {
      existing.push(need);
      continue;
    }
    const groups = indices.map((i) => judged[i]?.group).filter((g) => g !== undefined);
    recommendations.push({
      action: need.action,
      groupId: need.groupId,
      protocol: 'tcp',
      fromPort: need.port,
      toPort: need.port,
      peer: { groupId: need.peerGroupId },
      description: descriptionOf(need, groups),
      reason: reasonOf(need, groups),
      findings: indices,
    });
  }
  recommendations.sort(compareRecommendations);
  return { recommendations, existing };
}

/**
 * Whether the snapshot already has exactly this rule (same direction, group, TCP, port range and
 * referenced group).
 *
 * @example
 * ruleExists(model, { action: 'authorize-ingress', groupId: 'sg-0b0d...', port: 443, peerGroupId: 'sg-0c1a...' }); // true
 */
export function ruleExists(model: NetworkModel, need: RuleNeed): boolean {
  const direction = need.action === 'authorize-ingress' ? 'ingress' : 'egress';
  return (model.rulesByGroup.get(need.groupId) ?? []).some(
    (rule) =>
      rule.direction === direction &&
      rule.protocol === 'tcp' &&
      rule.fromPort === need.port &&
      rule.toPort === need.port &&
      rule.peer.kind === 'group' &&
      rule.peer.groupId === need.peerGroupId,
  );
}

function descriptionOf(need: RuleNeed, groups: readonly FindingGroup[]): string {
  const subjects = listText(unique(groups.map((g) => subjectOf(g.finding))), 2);
  const text =
    need.action === 'authorize-ingress'
      ? `eks-sg-advisor: EKS control plane to ${subjects} tcp/${need.port}`
      : `eks-sg-advisor: EKS control plane out to ${need.peerGroupId} tcp/${need.port} for ${subjects}`;
  return sanitizeRuleDescription(text);
}

function reasonOf(need: RuleNeed, groups: readonly FindingGroup[]): string {
  const subjects = listText(unique(groups.map((g) => subjectOf(g.finding))));
  const endpoints = listText(
    unique(
      groups.flatMap((g) =>
        g.target.ip !== null && g.target.port !== null
          ? [endpointText(g.target.ip, g.target.port)]
          : [],
      ),
    ),
  );
  const failed = groups.filter((g) => g.count > 0);
  const port = portPhrase(need.port, groups[0]?.target.addons ?? []);
  const verb =
    need.action === 'authorize-ingress'
      ? `Lets ${need.peerGroupId} (the control plane) in on ${port} to ${need.groupId}`
      : `Lets the control plane (${need.groupId}) out on ${port} to ${need.peerGroupId}`;
  // Groups built by the audit from the Kubernetes API have no failure (count 0) yet.
  if (failed.length === 0) {
    return `${verb} for ${subjects} at ${endpoints}, which the control plane calls (found by the audit before any failure was logged).`;
  }
  const errors = listText(unique(failed.map((g) => g.finding.error ?? 'slow dial')));
  const firsts = failed.map((g) => g.firstAt).filter((t) => t !== null);
  const lasts = failed.map((g) => g.lastAt).filter((t) => t !== null);
  const seen = occurrences({
    count: failed.reduce((sum, g) => sum + g.count, 0),
    firstAt: firsts.length > 0 ? Math.min(...firsts) : null,
    lastAt: lasts.length > 0 ? Math.max(...lasts) : null,
  });
  return `${verb} for ${subjects} at ${endpoints}, which failed with ${errors} ${seen}.`;
}

function compareRecommendations(a: Recommendation, b: Recommendation): number {
  if (a.action !== b.action) return a.action === 'authorize-ingress' ? -1 : 1;
  if (a.groupId !== b.groupId) return a.groupId < b.groupId ? -1 : 1;
  if (a.fromPort !== b.fromPort) return a.fromPort - b.fromPort;
  const peerA = 'groupId' in a.peer ? a.peer.groupId : a.peer.cidr;
  const peerB = 'groupId' in b.peer ? b.peer.groupId : b.peer.cidr;
  return peerA < peerB ? -1 : peerA > peerB ? 1 : 0;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
