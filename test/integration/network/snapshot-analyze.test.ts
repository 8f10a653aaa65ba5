import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateManagedPrefixListCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  type EC2Client,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsNetworkReader } from '#adapters/aws/aws-network-reader.ts';
import { analyzeLogEvents } from '#core/build-report.ts';
import { AwsCallError } from '#core/errors.ts';
import type { Report } from '#core/model/report.ts';
import type { NetworkSnapshot } from '#core/network/snapshot-schema.ts';
import { ipPermission } from '#render/fixes/aws-cli.ts';
import { safeRule } from '#render/fixes/safe-values.ts';
import { REFERENCE_TIME, webhookDialLine } from '#test/helpers/apiserver-lines.ts';
import { createMotoCluster, motoEc2, motoEks } from '#test/helpers/moto-cluster.ts';
import { aclDenyingPort, allowNodePort } from '#test/helpers/moto-nacl.ts';

const LBC_TIMEOUT = (ip: string): string =>
  webhookDialLine(
    0,
    'vingress.elbv2.k8s.aws',
    'aws-load-balancer-webhook-service.kube-system',
    ip,
    9443,
  );

let ec2: EC2Client;
let reader: AwsNetworkReader;
const eks = motoEks();

beforeEach(() => {
  ec2 = motoEc2();
  reader = new AwsNetworkReader({ eks, ec2 });
});

afterEach(() => {
  ec2.destroy();
});

function analyze(lines: readonly string[], snapshot: NetworkSnapshot): Report {
  return analyzeLogEvents(
    lines.map((message) => ({ message })),
    snapshot,
    { referenceTime: REFERENCE_TIME },
  );
}

/** Applies the recommended rules to moto through the SDK, as the AWS CLI fixes would. */
async function apply(report: Report): Promise<void> {
  for (const recommendation of report.recommendations) {
    const rule = safeRule(recommendation);
    const input = {
      GroupId: rule.groupId,
      IpPermissions: [ipPermission(rule) as IpPermission],
      TagSpecifications: [
        {
          ResourceType: 'security-group-rule' as const,
          Tags: [{ Key: 'managed-by', Value: 'eks-sg-advisor' }],
        },
      ],
    };
    if (rule.direction === 'ingress')
      await ec2.send(new AuthorizeSecurityGroupIngressCommand(input));
    else await ec2.send(new AuthorizeSecurityGroupEgressCommand(input));
  }
}

describe('AwsNetworkReader against moto_server', () => {
  it('builds the snapshot from DescribeCluster, DescribeNetworkInterfaces and the rules of every group seen', async () => {
    // Prepare
    const cluster = await createMotoCluster(ec2, 'demo');

    // Act
    const snapshot = await reader.readSnapshot('demo');

    // Assess
    expect(snapshot.cluster.cluster).toMatchObject({
      name: 'demo',
      resourcesVpcConfig: {
        clusterSecurityGroupId: cluster.clusterSg,
        securityGroupIds: [cluster.extraSg],
        vpcId: cluster.vpcId,
      },
    });
    const enis = snapshot.networkInterfaces.NetworkInterfaces;
    expect(
      enis
        .filter((e) => e.Description === 'Amazon EKS demo')
        .map((e) => e.PrivateIpAddress)
        .sort(),
    ).toEqual(cluster.xeniIps);
    expect(
      enis
        .find((e) => e.NetworkInterfaceId === cluster.nodeEniId)
        ?.PrivateIpAddresses?.map((a) => a.PrivateIpAddress),
    ).toEqual(['10.0.1.50', cluster.podIp]);
    const groupsWithRules = new Set(
      snapshot.securityGroupRules.SecurityGroupRules.map((r) => r.GroupId),
    );
    expect([...groupsWithRules].sort()).toEqual(
      [cluster.clusterSg, cluster.extraSg, cluster.nodeSg].sort(),
    );
    expect(snapshot.securityGroups?.SecurityGroups.map((g) => g.GroupId).sort()).toEqual(
      [cluster.clusterSg, cluster.extraSg, cluster.nodeSg].sort(),
    );
    expect(snapshot.managedPrefixLists).toBeUndefined();
  });

  it('reads the entries of the prefix lists the rules refer to', async () => {
    // Prepare
    const cluster = await createMotoCluster(ec2, 'demo');
    const list = await ec2.send(
      new CreateManagedPrefixListCommand({
        PrefixListName: 'control-plane-subnets',
        AddressFamily: 'IPv4',
        MaxEntries: 5,
        Entries: [{ Cidr: '10.0.1.0/24' }, { Cidr: '10.0.2.0/24' }],
      }),
    );
    const listId = list.PrefixList?.PrefixListId ?? '';
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: cluster.nodeSg,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 9443,
            ToPort: 9443,
            PrefixListIds: [{ PrefixListId: listId }],
          },
        ],
      }),
    );

    // Act
    const snapshot = await reader.readSnapshot('demo');
    const report = analyze([LBC_TIMEOUT(cluster.podIp)], snapshot);

    // Assess
    expect(snapshot.managedPrefixLists?.Entries?.[listId]?.map((e) => e.Cidr)).toEqual([
      '10.0.1.0/24',
      '10.0.2.0/24',
    ]);
    expect(report.findings[0]?.verdict).toBe('allowed');
    expect(report.recommendations).toEqual([]);
  });

  it("reads the VPC's network ACLs and subnets, and reports an ACL that denies an allowed path with the entry that fixes it", async () => {
    // Prepare: the node group admits 9443 from the cluster group, but subnet A's ACL denies
    // 9443 in before allowing everything. The node is in subnet A with the first X-ENI; the
    // second X-ENI (subnet B) crosses the ACL.
    const cluster = await createMotoCluster(ec2, 'demo');
    await allowNodePort(ec2, cluster, 9443);
    const aclId = await aclDenyingPort(ec2, cluster, cluster.subnetIds[0] ?? '', 9443);

    // Act
    const snapshot = await reader.readSnapshot('demo');
    const report = analyze([LBC_TIMEOUT(cluster.podIp)], snapshot);

    // Assess
    expect(snapshot.subnets?.Subnets.map((s) => s.CidrBlock).sort()).toEqual([
      '10.0.1.0/24',
      '10.0.2.0/24',
    ]);
    expect(
      snapshot.networkAcls?.NetworkAcls.find((a) => a.NetworkAclId === aclId)?.Associations?.map(
        (a) => a.SubnetId,
      ),
    ).toEqual([cluster.subnetIds[0]]);
    const [finding] = report.findings;
    expect(finding?.verdict).toBe('nacl-blocked');
    expect(report.recommendations).toEqual([]);
    const crossing = cluster.xeniIps.find((ip) => ip.startsWith('10.0.2.'));
    expect(finding?.reason).toContain(
      `Network ACL ${aclId} of subnet ${cluster.subnetIds[0]} (the endpoint's) denies inbound TCP 9443 from ${crossing} (rule 100 denies it).`,
    );
    expect(finding?.reason).toContain('Fix: allow TCP 9443 in from 10.0.2.0/24 as rule 99.');
  });

  it('names the operation and the cluster when the cluster does not exist', async () => {
    // Act
    const failure = reader.readSnapshot('missing').catch((error: unknown) => error);

    // Assess
    const error = await failure;
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).message).toMatch(
      /^DescribeCluster: cluster missing: ResourceNotFoundException/,
    );
  });
});

describe('snapshot → analyze → apply → analyze against moto_server', () => {
  it('proposes the missing ingress rule, and once applied reports the path allowed and proposes nothing', async () => {
    // Prepare
    const cluster = await createMotoCluster(ec2, 'demo');
    const before = await reader.readSnapshot('demo');

    // Act
    const first = analyze([LBC_TIMEOUT(cluster.podIp)], before);
    await apply(first);
    const second = analyze([LBC_TIMEOUT(cluster.podIp)], await reader.readSnapshot('demo'));

    // Assess
    expect(first.findings[0]).toMatchObject({
      verdict: 'blocked',
      networkInterface: { id: cluster.nodeEniId, role: 'node', match: 'exact' },
    });
    expect(
      first.recommendations.map((r) => [r.action, r.groupId, r.fromPort, r.toPort, r.peer]),
    ).toEqual([['authorize-ingress', cluster.nodeSg, 9443, 9443, { groupId: cluster.clusterSg }]]);
    expect(first.notes).toEqual([]);
    expect(second.findings[0]?.verdict).toBe('allowed');
    expect(second.recommendations).toEqual([]);
  });

  it('proposes egress on the cluster group too when the control plane has no egress, and both fix the path', async () => {
    // Prepare
    const cluster = await createMotoCluster(ec2, 'demo', { withoutClusterEgress: true });

    // Act
    const first = analyze([LBC_TIMEOUT(cluster.podIp)], await reader.readSnapshot('demo'));
    await apply(first);
    const second = analyze([LBC_TIMEOUT(cluster.podIp)], await reader.readSnapshot('demo'));

    // Assess
    expect(first.recommendations.map((r) => [r.action, r.groupId, r.fromPort, r.peer])).toEqual([
      ['authorize-ingress', cluster.nodeSg, 9443, { groupId: cluster.clusterSg }],
      ['authorize-egress', cluster.clusterSg, 9443, { groupId: cluster.nodeSg }],
    ]);
    expect(first.notes.map((n) => n.code)).toEqual([
      'baseline-missing',
      'baseline-missing',
      'baseline-missing',
    ]);
    expect(second.findings[0]?.verdict).toBe('allowed');
    expect(second.recommendations).toEqual([]);
  });

  it('puts the rule on the pod group of a branch interface, and finds pods in delegated prefixes (InterfaceType and Ipv4Prefixes patched in: moto ignores them)', async () => {
    // Prepare
    const cluster = await createMotoCluster(ec2, 'demo');
    const podSg =
      (
        await ec2.send(
          new CreateSecurityGroupCommand({
            GroupName: 'payments-pods',
            Description: 'pods',
            VpcId: cluster.vpcId,
          }),
        )
      ).GroupId ?? '';
    const branch = await ec2.send(
      new CreateNetworkInterfaceCommand({
        SubnetId: cluster.subnetIds[0],
        Groups: [podSg],
        Description: 'aws-k8s-branch-eni',
        PrivateIpAddress: '10.0.1.154',
      }),
    );
    const snapshot = structuredClone(await reader.readSnapshot('demo'));
    for (const eni of snapshot.networkInterfaces.NetworkInterfaces) {
      if (eni.NetworkInterfaceId === cluster.nodeEniId)
        eni.Ipv4Prefixes = [{ Ipv4Prefix: '10.0.1.96/28' }];
      if (eni.NetworkInterfaceId === branch.NetworkInterface?.NetworkInterfaceId)
        eni.InterfaceType = 'branch';
    }

    // Act
    const report = analyze([LBC_TIMEOUT('10.0.1.100'), LBC_TIMEOUT('10.0.1.154')], snapshot);

    // Assess
    expect(
      report.findings.map((f) => [f.networkInterface?.role, f.networkInterface?.match]),
    ).toEqual([
      ['node', 'prefix'],
      ['branch', 'exact'],
    ]);
    expect(report.recommendations.map((r) => [r.groupId, r.fromPort, r.peer, r.findings])).toEqual(
      [
        [cluster.nodeSg, 9443, { groupId: cluster.clusterSg }, [0]],
        [podSg, 9443, { groupId: cluster.clusterSg }, [1]],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });
});
