import { planId } from '#core/plan/plan-id.ts';
import type { Plan } from '#core/plan/plan-types.ts';
import { rulePortsText } from '#core/port-names/port-range.ts';
import { hclString, shellQuote } from '#render/escape.ts';
import { safeClusterName, safeRegion } from '#render/fixes/safe-values.ts';
import { type SafeChange, safeChange } from '#render/plan/safe-change.ts';

/**
 * The plan as AWS CLI commands: every authorization first (tagged with the plan ID), then every
 * revoke by rule ID, every argument single-quoted. Held if the replay check failed: the script
 * then exits before any call.
 *
 * @throws InputError when a change carries an invalid ID, port or CIDR.
 * @example
 * renderPlanAwsCli(plan, { region: 'eu-west-1' }); // '#!/bin/sh\n...aws ec2 authorize-security-group-ingress ...'
 */
export function renderPlanAwsCli(plan: Plan, options: { region?: string | null } = {}): string {
  const changes = plan.changes.map(safeChange);
  const cluster = safeClusterName(plan.cluster);
  const region = safeRegion(options.region);
  const id = planId(plan);
  const header = [
    '#!/bin/sh',
    `# Least-privilege plan ${id} by eks-sg-advisor${cluster ? ` for EKS cluster ${cluster}` : ''}.`,
    '# Authorizations come first, revokes last. Revoking does not cut connections already tracked:',
    '# check again with the next scheduled run, not right after.',
    'set -eu',
    ...(plan.replay.status === 'fail'
      ? [
          "echo 'the replay check failed: this plan would leave a required or observed flow denied' >&2",
          'exit 1',
        ]
      : []),
  ];
  if (changes.length === 0) return `${header.join('\n')}\n# Nothing to change.\n`;
  const regionArg = region ? [`  --region ${shellQuote(region)}`] : [];
  const commands = changes.map((c, i) => {
    const title = `# ${i + 1}. ${c.revoke ? 'revoke' : 'authorize'} ${c.direction} ${ruleLabel(c)}`;
    if (c.revoke) {
      const lines = [
        `aws ec2 revoke-security-group-${c.direction}`,
        ...regionArg,
        `  --group-id ${shellQuote(c.groupId)}`,
        c.ruleId
          ? `  --security-group-rule-ids ${shellQuote(c.ruleId)}`
          : `  --ip-permissions ${shellQuote(JSON.stringify([permission(c)]))}`,
      ];
      return `${title}\n${lines.join(' \\\n')}`;
    }
    const tags = [
      { Key: 'managed-by', Value: 'eks-sg-advisor' },
      { Key: 'eks-sg-advisor:plan', Value: id },
      ...(cluster ? [{ Key: 'eks-sg-advisor:cluster', Value: cluster }] : []),
    ];
    const lines = [
      `aws ec2 authorize-security-group-${c.direction}`,
      ...regionArg,
      `  --group-id ${shellQuote(c.groupId)}`,
      `  --ip-permissions ${shellQuote(JSON.stringify([permission(c)]))}`,
      `  --tag-specifications ${shellQuote(JSON.stringify([{ ResourceType: 'security-group-rule', Tags: tags }]))}`,
    ];
    return `${title}\n${lines.join(' \\\n')}`;
  });
  return `${header.join('\n')}\n\n${commands.join('\n\n')}\n`;
}

/**
 * The plan as Terraform: one `aws_vpc_security_group_ingress_rule` / `_egress_rule` per
 * authorization; each revoke as a comment naming the rule to delete from the configuration that
 * owns it (Terraform removes a rule by removing its resource).
 *
 * @throws InputError when a change carries an invalid ID, port or CIDR.
 * @example
 * renderPlanTerraform(plan); // 'resource "aws_vpc_security_group_ingress_rule" "plan_1" {...'
 */
export function renderPlanTerraform(plan: Plan): string {
  const changes = plan.changes.map(safeChange);
  const cluster = safeClusterName(plan.cluster);
  const id = planId(plan);
  const out = [
    `# Least-privilege plan ${id} by eks-sg-advisor${cluster ? ` for EKS cluster ${cluster}` : ''}.`,
  ];
  if (plan.replay.status === 'fail')
    out.push('# WARNING: the replay check failed; see the plan report before applying.');
  let n = 0;
  for (const c of changes) {
    if (c.revoke) {
      out.push(`# Remove ${c.ruleId ?? 'the rule'}: ${c.direction} ${ruleLabel(c)}`);
      continue;
    }
    n++;
    const type =
      c.direction === 'ingress'
        ? 'aws_vpc_security_group_ingress_rule'
        : 'aws_vpc_security_group_egress_rule';
    const peer =
      c.peer.kind === 'group'
        ? ['referenced_security_group_id', hclString(c.peer.groupId)]
        : c.peer.kind === 'cidr'
          ? [c.peer.family === 4 ? 'cidr_ipv4' : 'cidr_ipv6', hclString(c.peer.cidr)]
          : ['prefix_list_id', hclString(c.peer.prefixListId)];
    const attrs: [string, string][] = [
      ['security_group_id', hclString(c.groupId)],
      [peer[0] ?? '', peer[1] ?? ''],
      ['ip_protocol', hclString(c.protocol)],
      ...(c.fromPort !== null && c.toPort !== null
        ? ([
            ['from_port', String(c.fromPort)],
            ['to_port', String(c.toPort)],
          ] as [string, string][])
        : []),
      ['description', hclString(c.description)],
    ];
    const width = Math.max(...attrs.map(([k]) => k.length));
    const tags = `  tags = {\n    "managed-by"          = "eks-sg-advisor"\n    "eks-sg-advisor:plan" = ${hclString(id)}\n  }`;
    out.push(
      `\nresource "${type}" "plan_${n}" {\n${attrs.map(([k, v]) => `  ${k.padEnd(width)} = ${v}`).join('\n')}\n\n${tags}\n}`,
    );
  }
  return `${out.join('\n')}\n`;
}

/**
 * The plan as a CloudFormation template (JSON) of its authorizations
 * (`AWS::EC2::SecurityGroupIngress` / `Egress`); the revokes are listed in the Description, since
 * a template cannot delete a rule it does not own.
 *
 * @throws InputError when a change carries an invalid ID, port or CIDR.
 * @example
 * JSON.parse(renderPlanCloudFormation(plan)).Resources.PlanRule1.Type; // 'AWS::EC2::SecurityGroupIngress'
 */
export function renderPlanCloudFormation(plan: Plan): string {
  const changes = plan.changes.map(safeChange);
  const cluster = safeClusterName(plan.cluster);
  const resources: Record<string, unknown> = {};
  const revokes: string[] = [];
  let n = 0;
  for (const c of changes) {
    if (c.revoke) {
      revokes.push(c.ruleId ?? `${c.groupId} ${c.direction} ${ruleLabel(c)}`);
      continue;
    }
    n++;
    const ingress = c.direction === 'ingress';
    const peer =
      c.peer.kind === 'group'
        ? { [ingress ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId']: c.peer.groupId }
        : c.peer.kind === 'cidr'
          ? { [c.peer.family === 4 ? 'CidrIp' : 'CidrIpv6']: c.peer.cidr }
          : { [ingress ? 'SourcePrefixListId' : 'DestinationPrefixListId']: c.peer.prefixListId };
    resources[`PlanRule${n}`] = {
      Type: ingress ? 'AWS::EC2::SecurityGroupIngress' : 'AWS::EC2::SecurityGroupEgress',
      Properties: {
        GroupId: c.groupId,
        IpProtocol: c.protocol,
        ...(c.fromPort !== null && c.toPort !== null
          ? { FromPort: c.fromPort, ToPort: c.toPort }
          : {}),
        ...peer,
        Description: c.description,
      },
    };
  }
  const left = revokes.length > 0 ? `; then revoke ${revokes.join(', ')}` : '';
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Least-privilege plan ${planId(plan)} by eks-sg-advisor${cluster ? ` for EKS cluster ${cluster}` : ''}${left}`,
    Resources:
      n > 0 ? resources : { NothingToAdd: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
  };
  return `${JSON.stringify(template, null, 2)}\n`;
}

function ruleLabel(c: SafeChange): string {
  const ports = rulePortsText(c);
  const peer =
    c.peer.kind === 'group'
      ? c.peer.groupId
      : c.peer.kind === 'cidr'
        ? c.peer.cidr
        : c.peer.prefixListId;
  return `${ports} ${c.direction === 'ingress' ? 'from' : 'to'} ${peer} on ${c.groupId}`;
}

function permission(c: SafeChange): Record<string, unknown> {
  const base = {
    IpProtocol: c.protocol,
    ...(c.fromPort !== null && c.toPort !== null ? { FromPort: c.fromPort, ToPort: c.toPort } : {}),
  };
  const Description = c.description;
  if (c.peer.kind === 'group')
    return { ...base, UserIdGroupPairs: [{ GroupId: c.peer.groupId, Description }] };
  if (c.peer.kind === 'prefix-list')
    return { ...base, PrefixListIds: [{ PrefixListId: c.peer.prefixListId, Description }] };
  return c.peer.family === 4
    ? { ...base, IpRanges: [{ CidrIp: c.peer.cidr, Description }] }
    : { ...base, Ipv6Ranges: [{ CidrIpv6: c.peer.cidr, Description }] };
}
