import type { Report } from '#core/model/report.ts';
import { jsonText } from '#render/escape.ts';
import { type FixOptions, fixesTitle } from '#render/fixes/aws-cli.ts';
import {
  type SafeNaclEntry,
  type SafeRule,
  safeClusterName,
  safeNaclEntry,
  safeRule,
} from '#render/fixes/safe-values.ts';

/** The most resources CloudFormation accepts in one template. */
export const TEMPLATE_RESOURCE_LIMIT = 500;

/**
 * The recommendations as a CloudFormation template in JSON (`AWS::EC2::SecurityGroupIngress` /
 * `AWS::EC2::SecurityGroupEgress`), so every value is a JSON string and nothing needs YAML
 * quoting, then the network ACL entries (`AWS::EC2::NetworkAclEntry`; one with no free rule
 * number is left out and named in the template's Description). IDs are validated first. (These
 * resource types take no Tags; the description says where the rule came from.) When the fixes
 * need more resources than one template may hold (500), they are split into several complete
 * templates, printed one after the other (a JSON stream: `jq -c .` prints one per line), each
 * Description saying `part k of n`: deploy each as its own stack.
 *
 * @throws InputError when a recommendation or an ACL entry carries an invalid ID, port or CIDR.
 * @example
 * JSON.parse(renderCloudFormation(report)).Resources; // { IngressSg0b0d...Tcp9443FromSg0c1a...: {...} }
 */
export function renderCloudFormation(report: Report, options: FixOptions = {}): string {
  const rules = report.recommendations.map(safeRule);
  const entries = (report.networkAclEntries ?? []).map(safeNaclEntry);
  const cluster = safeClusterName(report.cluster);
  const resources: Record<string, unknown> = {};
  const add = (base: string, resource: unknown): void => {
    let id = base;
    for (let n = 2; id in resources; n++) id = `${base}${n}`;
    resources[id] = resource;
  };
  for (const rule of rules) add(logicalIdOf(rule), resourceOf(rule));
  const unnumbered: string[] = [];
  for (const entry of entries) {
    if (entry.ruleNumber === null) unnumbered.push(`${entry.networkAclId} ${entry.direction}`);
    else add(naclLogicalIdOf(entry), naclResourceOf(entry, entry.ruleNumber));
  }
  const what = fixesTitle(entries.length > 0);
  const left =
    unnumbered.length > 0
      ? `; not included, no free rule number before the denying entry (renumber first): ${unnumbered.join(', ')}`
      : '';
  const limit = Math.max(1, options.templateResources ?? TEMPLATE_RESOURCE_LIMIT);
  const parts = chunks(Object.entries(resources), limit);
  return parts
    .map((part, i) => {
      const of = parts.length > 1 ? ` (part ${i + 1} of ${parts.length})` : '';
      const template = {
        AWSTemplateFormatVersion: '2010-09-09',
        Description: `${what} proposed by eks-sg-advisor${cluster ? ` for EKS cluster ${cluster}` : ''}${of}${left}`,
        Resources: Object.fromEntries(part),
      };
      return `${jsonText(template, 2)}\n`;
    })
    .join('');
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  if (items.length === 0) return [[]];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function resourceOf(rule: SafeRule): Record<string, unknown> {
  const ingress = rule.direction === 'ingress';
  const peer =
    rule.peer.kind === 'group'
      ? { [ingress ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId']: rule.peer.groupId }
      : { [rule.peer.family === 4 ? 'CidrIp' : 'CidrIpv6']: rule.peer.cidr };
  return {
    Type: ingress ? 'AWS::EC2::SecurityGroupIngress' : 'AWS::EC2::SecurityGroupEgress',
    Properties: {
      GroupId: rule.groupId,
      IpProtocol: rule.protocol,
      FromPort: rule.fromPort,
      ToPort: rule.toPort,
      ...peer,
      Description: rule.description,
    },
  };
}

function naclResourceOf(entry: SafeNaclEntry, ruleNumber: number): Record<string, unknown> {
  return {
    Type: 'AWS::EC2::NetworkAclEntry',
    Properties: {
      NetworkAclId: entry.networkAclId,
      RuleNumber: ruleNumber,
      Protocol: 6,
      RuleAction: 'allow',
      Egress: entry.direction === 'egress',
      [entry.family === 4 ? 'CidrBlock' : 'Ipv6CidrBlock']: entry.cidr,
      PortRange: { From: entry.fromPort, To: entry.toPort },
    },
  };
}

function naclLogicalIdOf(entry: SafeNaclEntry): string {
  const direction = entry.direction === 'ingress' ? 'Ingress' : 'Egress';
  return `NetworkAcl${direction}${entry.networkAclId.replace(/[^A-Za-z0-9]/g, '')}Rule${entry.ruleNumber ?? 0}`;
}

function logicalIdOf(rule: SafeRule): string {
  const camel = (text: string): string =>
    text
      .split(/[^A-Za-z0-9]+/)
      .filter((part) => part !== '')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('');
  const peer = rule.peer.kind === 'group' ? rule.peer.groupId : 'Cidr';
  const direction = rule.direction === 'ingress' ? 'Ingress' : 'Egress';
  const link = rule.direction === 'ingress' ? 'From' : 'To';
  return camel(`${direction} ${rule.groupId} ${rule.protocol} ${rule.fromPort} ${link} ${peer}`);
}
