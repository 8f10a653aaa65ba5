import type { Report } from '#core/model/report.ts';
import { portRangeText } from '#core/port-names/port-range.ts';
import { hclString } from '#render/escape.ts';
import { type FixOptions, fixesTitle } from '#render/fixes/aws-cli.ts';
import {
  type SafeNaclEntry,
  type SafeRule,
  safeClusterName,
  safeNaclEntry,
  safeRule,
} from '#render/fixes/safe-values.ts';

/**
 * The recommendations as Terraform (`aws_vpc_security_group_ingress_rule` /
 * `aws_vpc_security_group_egress_rule`, AWS provider ≥ 5) and the network ACL entries
 * (`aws_network_acl_rule`; one with no free rule number is a comment), laid out as
 * `terraform fmt` writes it. Every string is an escaped HCL literal (`${` and `%{` doubled); IDs
 * are validated first.
 *
 * @throws InputError when a recommendation or an ACL entry carries an invalid ID, port or CIDR.
 * @example
 * renderTerraform(report); // 'resource "aws_vpc_security_group_ingress_rule" "sg_0b0d..._tcp_9443_from_sg_0c1a..." {\n...'
 */
export function renderTerraform(report: Report, _options: FixOptions = {}): string {
  const rules = report.recommendations.map(safeRule);
  const entries = (report.networkAclEntries ?? []).map(safeNaclEntry);
  const cluster = safeClusterName(report.cluster);
  const what = fixesTitle(entries.length > 0);
  const header = `# ${what} proposed by eks-sg-advisor${cluster ? ` for EKS cluster ${cluster}` : ''}.\n`;
  if (rules.length === 0 && entries.length === 0) return `${header}# Nothing to add.\n`;
  const used = new Set<string>();
  const blocks = [
    ...rules.map((rule) => blockOf(rule, uniqueName(nameOf(rule), used), cluster)),
    ...entries.map((entry) => naclBlockOf(entry, uniqueName(naclNameOf(entry), used))),
  ];
  return `${header}\n${blocks.join('\n')}`;
}

function blockOf(rule: SafeRule, name: string, cluster: string | null): string {
  const type =
    rule.direction === 'ingress'
      ? 'aws_vpc_security_group_ingress_rule'
      : 'aws_vpc_security_group_egress_rule';
  const peer: [string, string] =
    rule.peer.kind === 'group'
      ? ['referenced_security_group_id', hclString(rule.peer.groupId)]
      : [rule.peer.family === 4 ? 'cidr_ipv4' : 'cidr_ipv6', hclString(rule.peer.cidr)];
  const attributes = aligned([
    ['security_group_id', hclString(rule.groupId)],
    peer,
    ['ip_protocol', hclString(rule.protocol)],
    ['from_port', String(rule.fromPort)],
    ['to_port', String(rule.toPort)],
    ['description', hclString(rule.description)],
  ]);
  const tags = aligned(
    [
      [hclString('managed-by'), hclString('eks-sg-advisor')],
      ...(cluster
        ? [[hclString('eks-sg-advisor:cluster'), hclString(cluster)] as [string, string]]
        : []),
    ],
    '    ',
  );
  return `resource "${type}" "${name}" {\n${attributes}\n\n  tags = {\n${tags}\n  }\n}\n`;
}

function naclBlockOf(entry: SafeNaclEntry, name: string): string {
  const range = portRangeText(entry.fromPort, entry.toPort);
  const ports = `TCP ${range} ${entry.direction === 'ingress' ? 'from' : 'to'} ${entry.cidr}`;
  if (entry.ruleNumber === null) {
    return `# Not added: ${entry.networkAclId} (${entry.direction}, ${ports}) has no free rule number before\n# the entry that denies it. Renumber its ${entry.direction} entries first.\n`;
  }
  const attributes = aligned([
    ['network_acl_id', hclString(entry.networkAclId)],
    ['rule_number', String(entry.ruleNumber)],
    ['egress', String(entry.direction === 'egress')],
    ['protocol', hclString('tcp')],
    ['rule_action', hclString('allow')],
    [entry.family === 4 ? 'cidr_block' : 'ipv6_cidr_block', hclString(entry.cidr)],
    ['from_port', String(entry.fromPort)],
    ['to_port', String(entry.toPort)],
  ]);
  return `resource "aws_network_acl_rule" "${name}" {\n${attributes}\n}\n`;
}

function naclNameOf(entry: SafeNaclEntry): string {
  return `${entry.networkAclId}_${entry.direction}_${entry.ruleNumber ?? 'none'}`.replace(
    /[^A-Za-z0-9_]/g,
    '_',
  );
}

function aligned(pairs: readonly (readonly [string, string])[], indent = '  '): string {
  const width = Math.max(...pairs.map(([key]) => key.length));
  return pairs.map(([key, value]) => `${indent}${key.padEnd(width)} = ${value}`).join('\n');
}

function nameOf(rule: SafeRule): string {
  const peer =
    rule.peer.kind === 'group'
      ? `${rule.direction === 'ingress' ? 'from' : 'to'}_${rule.peer.groupId}`
      : `${rule.direction === 'ingress' ? 'from' : 'to'}_cidr`;
  const ports =
    rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}_${rule.toPort}`;
  return `${rule.groupId}_${rule.protocol}_${ports}_${peer}`.replace(/[^A-Za-z0-9_]/g, '_');
}

function uniqueName(base: string, used: Set<string>): string {
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
  used.add(name);
  return name;
}
