import type { FixOptions } from '#core/render/aws-cli.ts';
import { hclString } from '#core/render/escape.ts';
import { type SafeRule, safeClusterName, safeRule } from '#core/render/safe-values.ts';
import type { Report } from '#core/report.ts';

/**
 * The recommendations as Terraform (`aws_vpc_security_group_ingress_rule` /
 * `aws_vpc_security_group_egress_rule`, AWS provider ≥ 5), laid out as `terraform fmt` writes it.
 * Every string is an escaped HCL literal (`${` and `%{` doubled); IDs are validated first.
 *
 * @throws InputError when a recommendation carries an invalid ID, port or CIDR.
 * @example
 * renderTerraform(report); // 'resource "aws_vpc_security_group_ingress_rule" "sg_0b0d..._tcp_9443_from_sg_0c1a..." {\n...'
 */
export function renderTerraform(report: Report, _options: FixOptions = {}): string {
  const rules = report.recommendations.map(safeRule);
  const cluster = safeClusterName(report.cluster);
  const header = `# Security-group rules proposed by eks-sg-advisor${cluster ? ` for EKS cluster ${cluster}` : ''}.\n`;
  if (rules.length === 0) return `${header}# Nothing to add.\n`;
  const used = new Set<string>();
  const blocks = rules.map((rule) => blockOf(rule, uniqueName(nameOf(rule), used), cluster));
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
