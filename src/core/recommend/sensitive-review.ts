import type { FindingGroup } from '#core/recommend/aggregate.ts';
import type { Judgement } from '#core/recommend/judgement.ts';
import {
  registeredEvidence,
  type SensitivePort,
  sensitivePortOf,
} from '#core/recommend/sensitive-ports.ts';
import { endpointText, occurrences, subjectOf } from '#core/recommend/wording.ts';

/**
 * Withholds a fix on a sensitive port that no registration names: the judgement becomes
 * `needs-review`, without its rules and ACL denials, and its reason gives the evidence (what
 * named the port, how often) and what the network says. Null when the port is not sensitive or
 * is registered (Kubernetes API endpoints, or the add-on catalogue's port for the add-on).
 *
 * @example
 * reviewSensitive(group, DEFAULT_SENSITIVE_PORTS, blocked)?.verdict; // 'needs-review'
 */
export function reviewSensitive(
  group: FindingGroup,
  sensitivePorts: readonly SensitivePort[],
  judgement: Judgement,
): Judgement | null {
  const { target, finding } = group;
  if (target.port === null) return null;
  const sensitive = sensitivePortOf(target.port, sensitivePorts);
  if (sensitive === null || registeredEvidence(target) !== null) return null;
  const said = SOURCE_TEXT[target.source ?? 'url'];
  const acls = [...new Set(judgement.naclDenials.map((d) => d.acl.id))];
  const aclText = acls.length > 0 ? `; network ACL ${acls.join(', ')} denies it too` : '';
  const found = `${judgement.reason.replace(/^Blocked: /, '').replace(/\.$/, '')}${aclText}`;
  return {
    ...judgement,
    verdict: 'needs-review',
    needs: [],
    naclDenials: [],
    reason: `Needs review, no rule or ACL entry proposed: TCP ${target.port} is a sensitive port (${sensitive.name}) and no registered APIService or webhook targets it (neither the Kubernetes API nor the add-on catalogue names it for ${subjectOf(finding)}). Evidence: ${said} ${endpointText(target.ip ?? '?', target.port)}, ${occurrences(group)}. What the network says: ${found}. If this port is right, confirm it through the Kubernetes API (--kubernetes) or remove it from the sensitive ports (--sensitive-ports).`,
  };
}

const SOURCE_TEXT: Readonly<Record<NonNullable<FindingGroup['target']['source']>, string>> = {
  url: 'the log line names',
  'dial-tail': "the log line's dial error names",
  dialer: 'the EKS dialer line names',
  kubernetes: 'the Kubernetes API names',
  catalogue: 'the add-on catalogue suggests',
};
