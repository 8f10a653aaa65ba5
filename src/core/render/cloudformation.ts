import type { FixOptions } from '#core/render/aws-cli.ts';
import { type SafeRule, safeClusterName, safeRule } from '#core/render/safe-values.ts';
import type { Report } from '#core/report.ts';

/**
 * The recommendations as a CloudFormation template in JSON (`AWS::EC2::SecurityGroupIngress` /
 * `AWS::EC2::SecurityGroupEgress`), so every value is a JSON string and nothing needs YAML
 * quoting. IDs are validated first. (These resource types take no Tags; the description says
 * where the rule came from.)
 *
 * @throws InputError when a recommendation carries an invalid ID, port or CIDR.
 * @example
 * JSON.parse(renderCloudFormation(report)).Resources; // { IngressSg0b0d...Tcp9443FromSg0c1a...: {...} }
 */
export function renderCloudFormation(report: Report, _options: FixOptions = {}): string {
  const rules = report.recommendations.map(safeRule);
  const cluster = safeClusterName(report.cluster);
  const resources: Record<string, unknown> = {};
  for (const rule of rules) {
    let id = logicalIdOf(rule);
    for (let n = 2; id in resources; n++) id = `${logicalIdOf(rule)}${n}`;
    resources[id] = resourceOf(rule);
  }
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Security-group rules proposed by eks-sg-advisor${cluster ? ` for EKS cluster ${cluster}` : ''}`,
    Resources: resources,
  };
  return `${JSON.stringify(template, null, 2)}\n`;
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
