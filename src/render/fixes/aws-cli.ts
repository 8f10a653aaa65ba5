import type { Report } from '#core/model/report.ts';
import { portRangeText } from '#core/port-names/port-range.ts';
import { shellQuote } from '#render/escape.ts';
import {
  type SafeNaclEntry,
  type SafeRule,
  safeClusterName,
  safeNaclEntry,
  safeRegion,
  safeRule,
} from '#render/fixes/safe-values.ts';

/** Options of the fix renderers. */
export interface FixOptions {
  /** Region for `--region` (from the cluster ARN), when known. */
  readonly region?: string | null;
  /** Resources per CloudFormation template before the fixes are split (default 500). */
  readonly templateResources?: number;
}

/**
 * What the fix renderers call their output: the rules, and the ACL entries when there are some.
 *
 * @example
 * fixesTitle(true); // 'Security-group rules and network ACL entries'
 */
export function fixesTitle(hasAclEntries: boolean): string {
  return hasAclEntries ? 'Security-group rules and network ACL entries' : 'Security-group rules';
}

/**
 * The recommendations as AWS CLI commands (`aws ec2 authorize-security-group-ingress|egress`
 * with `--ip-permissions` JSON, the rule description and tags), one per rule, every argument
 * single-quoted, then the network ACL entries (`aws ec2 create-network-acl-entry`). IDs are
 * validated and descriptions sanitised first; an ACL entry with no free rule number is a comment.
 *
 * @throws InputError when a recommendation or an ACL entry carries an invalid ID, port or CIDR.
 * @example
 * renderAwsCli(report, { region: 'eu-west-1' }); // '#!/bin/sh\n...aws ec2 authorize-security-group-ingress ...'
 */
export function renderAwsCli(report: Report, options: FixOptions = {}): string {
  const rules = report.recommendations.map(safeRule);
  const entries = (report.networkAclEntries ?? []).map(safeNaclEntry);
  const cluster = safeClusterName(report.cluster);
  const region = safeRegion(options.region);
  const what = fixesTitle(entries.length > 0);
  const header = [
    '#!/bin/sh',
    `# ${what} proposed by eks-sg-advisor${cluster ? ` for EKS cluster ${cluster}` : ''}.`,
    '# Review each rule, then run this script with credentials allowed to call',
    `# ec2:AuthorizeSecurityGroupIngress/Egress and ec2:CreateTags${entries.length > 0 ? ', and ec2:CreateNetworkAclEntry' : ''}.`,
    'set -eu',
  ];
  if (rules.length === 0 && entries.length === 0)
    return `${header.join('\n')}\n# Nothing to add.\n`;
  const commands = [
    ...rules.map((rule, i) => commandOf(rule, i + 1, cluster, region)),
    ...entries.map((entry, i) => naclCommandOf(entry, rules.length + i + 1, region)),
  ];
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

function naclCommandOf(entry: SafeNaclEntry, n: number, region: string | null): string {
  const way = entry.direction === 'ingress' ? 'in from' : 'out to';
  const ports = portRangeText(entry.fromPort, entry.toPort);
  const title = `# ${n}. Network ACL ${entry.networkAclId} (subnet ${entry.subnetId}): allow TCP ${ports} ${way} ${entry.cidr}`;
  if (entry.ruleNumber === null) {
    return `${title}\n# Not added: no free rule number comes before the entry that denies it. Renumber the\n# ACL's ${entry.direction} entries, then add this one before that entry.`;
  }
  const lines = [
    'aws ec2 create-network-acl-entry',
    ...(region ? [`  --region ${shellQuote(region)}`] : []),
    `  --network-acl-id ${shellQuote(entry.networkAclId)}`,
    `  --${entry.direction}`,
    `  --rule-number ${entry.ruleNumber}`,
    '  --protocol tcp',
    `  --port-range ${shellQuote(`From=${entry.fromPort},To=${entry.toPort}`)}`,
    `  ${entry.family === 4 ? '--cidr-block' : '--ipv6-cidr-block'} ${shellQuote(entry.cidr)}`,
    '  --rule-action allow',
  ];
  return `${title}\n${lines.join(' \\\n')}`;
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
