import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  type EC2Client,
  type IpPermission,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { awsErrorMessage, awsErrorName } from '#adapters/aws/aws-error.ts';
import type { ChangeOutcome, RuleChangePort, RuleSpec } from '#app/plan/apply-plan.ts';
import { AwsCallError } from '#core/errors.ts';

/**
 * {@link RuleChangePort} over EC2: Authorize/RevokeSecurityGroupIngress/Egress with one
 * `IpPermission` each. `DryRunOperation` answers a dry run that would succeed; a duplicate
 * authorization or a revoke of a rule already gone is `already` (idempotent re-runs).
 *
 * @example
 * const rules = new Ec2RuleChanges(new EC2Client({}));
 */
export class Ec2RuleChanges implements RuleChangePort {
  constructor(private readonly client: EC2Client) {}

  async authorize(
    rule: RuleSpec,
    options: { dryRun: boolean; tags: Record<string, string> },
  ): Promise<ChangeOutcome> {
    const input = {
      GroupId: rule.groupId,
      IpPermissions: [permissionOf(rule, true)],
      DryRun: options.dryRun,
      TagSpecifications: [
        {
          ResourceType: 'security-group-rule' as const,
          Tags: Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value })),
        },
      ],
    };
    const operation = `AuthorizeSecurityGroup${rule.direction === 'ingress' ? 'Ingress' : 'Egress'}`;
    try {
      const response =
        rule.direction === 'ingress'
          ? await this.client.send(new AuthorizeSecurityGroupIngressCommand(input))
          : await this.client.send(new AuthorizeSecurityGroupEgressCommand(input));
      return {
        outcome: 'done',
        ruleIds: (response.SecurityGroupRules ?? []).flatMap((r) =>
          r.SecurityGroupRuleId ? [r.SecurityGroupRuleId] : [],
        ),
      };
    } catch (error) {
      const name = awsErrorName(error);
      if (name === 'DryRunOperation') return { outcome: 'done', ruleIds: [] };
      if (name === 'InvalidPermission.Duplicate') return { outcome: 'already' };
      throw new AwsCallError(operation, `${rule.groupId}: ${name}: ${awsErrorMessage(error)}`, {
        cause: error,
      });
    }
  }

  async revoke(rule: RuleSpec, options: { dryRun: boolean }): Promise<ChangeOutcome> {
    const input = {
      GroupId: rule.groupId,
      IpPermissions: [permissionOf(rule, false)],
      DryRun: options.dryRun,
    };
    const operation = `RevokeSecurityGroup${rule.direction === 'ingress' ? 'Ingress' : 'Egress'}`;
    try {
      const response =
        rule.direction === 'ingress'
          ? await this.client.send(new RevokeSecurityGroupIngressCommand(input))
          : await this.client.send(new RevokeSecurityGroupEgressCommand(input));
      return (response.UnknownIpPermissions ?? []).length > 0
        ? { outcome: 'already' }
        : { outcome: 'done', ruleIds: [] };
    } catch (error) {
      const name = awsErrorName(error);
      if (name === 'DryRunOperation') return { outcome: 'done', ruleIds: [] };
      if (name === 'InvalidPermission.NotFound' || name === 'InvalidSecurityGroupRuleId.NotFound') {
        return { outcome: 'already' };
      }
      throw new AwsCallError(operation, `${rule.groupId}: ${name}: ${awsErrorMessage(error)}`, {
        cause: error,
      });
    }
  }
}

function permissionOf(rule: RuleSpec, withDescription: boolean): IpPermission {
  const Description = withDescription && rule.description !== '' ? rule.description : undefined;
  const ports =
    rule.protocol !== '-1' && rule.fromPort !== null && rule.toPort !== null
      ? { FromPort: rule.fromPort, ToPort: rule.toPort }
      : {};
  const base = { IpProtocol: rule.protocol, ...ports };
  const peer = rule.peer;
  if ('groupId' in peer)
    return { ...base, UserIdGroupPairs: [{ GroupId: peer.groupId, Description }] };
  if ('prefixListId' in peer)
    return { ...base, PrefixListIds: [{ PrefixListId: peer.prefixListId, Description }] };
  return peer.cidr.includes(':')
    ? { ...base, Ipv6Ranges: [{ CidrIpv6: peer.cidr, Description }] }
    : { ...base, IpRanges: [{ CidrIp: peer.cidr, Description }] };
}
