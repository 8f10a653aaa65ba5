import {
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  DescribeNetworkAclsCommand,
  type EC2Client,
  ReplaceNetworkAclAssociationCommand,
} from '@aws-sdk/client-ec2';
import type { MotoCluster } from '#test/helpers/moto-cluster.ts';

/** Lets TCP `port` into the node group from the cluster group, so only an ACL can stop it. */
export async function allowNodePort(ec2: EC2Client, cluster: MotoCluster, port: number) {
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: cluster.nodeSg,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: port,
          ToPort: port,
          UserIdGroupPairs: [{ GroupId: cluster.clusterSg }],
        },
      ],
    }),
  );
}

/**
 * A new network ACL, made the ACL of `subnetId`, that denies TCP `port` in (rule 100) and
 * allows everything else both ways (rule 200). Returns its ID.
 */
export async function aclDenyingPort(
  ec2: EC2Client,
  cluster: MotoCluster,
  subnetId: string,
  port: number,
): Promise<string> {
  const created = await ec2.send(new CreateNetworkAclCommand({ VpcId: cluster.vpcId }));
  const aclId = created.NetworkAcl?.NetworkAclId ?? '';
  const entry = (ruleNumber: number, egress: boolean, deny: boolean) =>
    ec2.send(
      new CreateNetworkAclEntryCommand({
        NetworkAclId: aclId,
        RuleNumber: ruleNumber,
        Egress: egress,
        RuleAction: deny ? 'deny' : 'allow',
        Protocol: deny ? '6' : '-1',
        CidrBlock: '0.0.0.0/0',
        ...(deny ? { PortRange: { From: port, To: port } } : {}),
      }),
    );
  await entry(100, false, true);
  await entry(200, false, false);
  await entry(200, true, false);
  const current = await ec2.send(
    new DescribeNetworkAclsCommand({
      Filters: [{ Name: 'association.subnet-id', Values: [subnetId] }],
    }),
  );
  const association = current.NetworkAcls?.[0]?.Associations?.find((a) => a.SubnetId === subnetId);
  await ec2.send(
    new ReplaceNetworkAclAssociationCommand({
      AssociationId: association?.NetworkAclAssociationId ?? '',
      NetworkAclId: aclId,
    }),
  );
  return aclId;
}
