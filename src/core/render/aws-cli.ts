import { shellQuote } from '#core/render/escape.ts';
import { type SafeRule, safeClusterName, safeRegion, safeRule } from '#core/render/safe-values.ts';
import type { Report } from '#core/report.ts';

/** Options of the fix renderers. */
export interface FixOptions {
  /** Region for `--region` (from the cluster ARN), when known. */
  readonly region?: string | null;
}

/**
 * The recommendations as AWS CLI commands (`aws ec2 authorize-security-group-ingress|egress`
 * with `--ip-permissions` JSON, the rule description and tags), one per rule, every argument
 * single-quoted. IDs are validated and descriptions sanitised first.
 *
 * @throws InputError when a recommendation carries an invalid ID, port or CIDR.
 * @example
 * renderAwsCli(report, { region: 'eu-west-1' }); // '#!/bin/sh\n...aws ec2 authorize-security-group-ingress ...'
 */
export function renderAwsCli(report: Report, options: FixOptions = {}): string {
  const rules = report.recommendations.map(safeRule);
  const cluster = safeClusterName(report.cluster);
  const region = safeRegion(options.region);
  const header = [
    '#!/bin/sh',
    `# Security-group rules proposed by eks-sg-advisor${cluster ? ` for EKS cluster ${cluster}` : ''}.`,
    '# Review each rule, then run this script with credentials allowed to call',
    '# ec2:AuthorizeSecurityGroupIngress/Egress and ec2:CreateTags.',
    'set -eu',
  ];
  if (rules.length === 0) return `${header.join('\n')}\n# Nothing to add.\n`;
  const commands = rules.map((rule, i) => commandOf(rule, i + 1, cluster, region));
  return `${header.join('\n')}\n\n${commands.join('\n\n')}\n`;
}

function commandOf(
  rule: SafeRule,
  n: number,
  cluster: string | null,
  region: string | null,
): string {
  const verb =
    rule.direction === 'ingress'
      ? 'authorize-security-group-ingress'
      : 'authorize-security-group-egress';
  const tags = [
    { Key: 'managed-by', Value: 'eks-sg-advisor' },
    ...(cluster ? [{ Key: 'eks-sg-advisor:cluster', Value: cluster }] : []),
  ];
  const lines = [
    `aws ec2 ${verb}`,
    ...(region ? [`  --region ${shellQuote(region)}`] : []),
    `  --group-id ${shellQuote(rule.groupId)}`,
    `  --ip-permissions ${shellQuote(JSON.stringify([ipPermission(rule)]))}`,
    `  --tag-specifications ${shellQuote(JSON.stringify([{ ResourceType: 'security-group-rule', Tags: tags }]))}`,
  ];
  return `# ${n}. ${rule.description}\n${lines.join(' \\\n')}`;
}

/**
 * The EC2 `IpPermission` of a rule, as the AWS CLI and the SDK take it.
 *
 * @example
 * ipPermission(rule); // { IpProtocol: 'tcp', FromPort: 9443, ToPort: 9443, UserIdGroupPairs: [{ GroupId: 'sg-...', Description: '...' }] }
 */
export function ipPermission(rule: SafeRule): Record<string, unknown> {
  const base = { IpProtocol: rule.protocol, FromPort: rule.fromPort, ToPort: rule.toPort };
  const Description = rule.description;
  if (rule.peer.kind === 'group') {
    return { ...base, UserIdGroupPairs: [{ GroupId: rule.peer.groupId, Description }] };
  }
  return rule.peer.family === 4
    ? { ...base, IpRanges: [{ CidrIp: rule.peer.cidr, Description }] }
    : { ...base, Ipv6Ranges: [{ CidrIpv6: rule.peer.cidr, Description }] };
}
