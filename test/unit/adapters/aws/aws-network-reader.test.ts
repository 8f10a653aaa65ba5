import {
  DescribeManagedPrefixListsCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
} from '@aws-sdk/client-ec2';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsNetworkReader } from '#adapters/aws/aws-network-reader.ts';
import { AwsCallError } from '#core/errors.ts';
import { SG } from '#test/helpers/network-fixture.ts';

const eksMock = mockClient(EKSClient);
const ec2Mock = mockClient(EC2Client);
const reader = new AwsNetworkReader({
  eks: new EKSClient({ region: 'eu-west-1' }),
  ec2: new EC2Client({ region: 'eu-west-1' }),
});

const eni = (id: string, ip: string) => ({
  NetworkInterfaceId: id,
  PrivateIpAddress: ip,
  Groups: [{ GroupId: SG.node }],
});

afterEach(() => {
  eksMock.reset();
  ec2Mock.reset();
});

function describeCluster(): void {
  eksMock.on(DescribeClusterCommand).resolves({
    cluster: {
      name: 'demo',
      createdAt: new Date(Date.UTC(2026, 0, 1)),
      resourcesVpcConfig: {
        vpcId: 'vpc-0a1b2c3d4e5f60718',
        clusterSecurityGroupId: SG.cluster,
        securityGroupIds: [],
      },
    },
  });
}

describe('AwsNetworkReader', () => {
  it('follows NextToken on every paginated call (mocked: moto ignores MaxResults and never pages)', async () => {
    // Prepare
    describeCluster();
    ec2Mock
      .on(DescribeNetworkInterfacesCommand, { NextToken: undefined })
      .resolves({
        NetworkInterfaces: [eni('eni-0000000000000000a', '10.0.1.1')],
        NextToken: 'page-2',
      })
      .on(DescribeNetworkInterfacesCommand, { NextToken: 'page-2' })
      .resolves({ NetworkInterfaces: [eni('eni-0000000000000000b', '10.0.1.2')] });
    ec2Mock
      .on(DescribeNetworkAclsCommand, { NextToken: undefined })
      .resolves({ NetworkAcls: [{ NetworkAclId: 'acl-0000000000000000a' }], NextToken: 'a2' })
      .on(DescribeNetworkAclsCommand, { NextToken: 'a2' })
      .resolves({ NetworkAcls: [{ NetworkAclId: 'acl-0000000000000000b', IsDefault: true }] });
    ec2Mock
      .on(DescribeSubnetsCommand, { NextToken: undefined })
      .resolves({
        Subnets: [{ SubnetId: 'subnet-0000000000000000a', CidrBlock: '10.0.1.0/24' }],
        NextToken: 's2',
      })
      .on(DescribeSubnetsCommand, { NextToken: 's2' })
      .resolves({ Subnets: [{ SubnetId: 'subnet-0000000000000000b', CidrBlock: '10.0.2.0/24' }] });
    ec2Mock
      .on(DescribeSecurityGroupRulesCommand, { NextToken: undefined })
      .resolves({
        SecurityGroupRules: [
          {
            GroupId: SG.node,
            IsEgress: false,
            IpProtocol: 'tcp',
            FromPort: 1,
            ToPort: 1,
            PrefixListId: 'pl-0a1b2c3d4e5f60718',
          },
        ],
        NextToken: 'r2',
      })
      .on(DescribeSecurityGroupRulesCommand, { NextToken: 'r2' })
      .resolves({
        SecurityGroupRules: [
          { GroupId: SG.cluster, IsEgress: true, IpProtocol: '-1', CidrIpv4: '0.0.0.0/0' },
        ],
      });
    ec2Mock
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupId: SG.node, GroupName: 'node' }] });
    ec2Mock
      .on(DescribeManagedPrefixListsCommand)
      .resolves({ PrefixLists: [{ PrefixListId: 'pl-0a1b2c3d4e5f60718' }] });
    ec2Mock
      .on(GetManagedPrefixListEntriesCommand, { NextToken: undefined })
      .resolves({ Entries: [{ Cidr: '10.0.1.0/24' }], NextToken: 'e2' })
      .on(GetManagedPrefixListEntriesCommand, { NextToken: 'e2' })
      .resolves({ Entries: [{ Cidr: '10.0.2.0/24' }] });

    // Act
    const snapshot = await reader.readSnapshot('demo');

    // Assess
    expect(snapshot.networkInterfaces.NetworkInterfaces.map((e) => e.NetworkInterfaceId)).toEqual([
      'eni-0000000000000000a',
      'eni-0000000000000000b',
    ]);
    expect(snapshot.networkAcls?.NetworkAcls.map((a) => a.NetworkAclId)).toEqual([
      'acl-0000000000000000a',
      'acl-0000000000000000b',
    ]);
    expect(snapshot.subnets?.Subnets.map((s) => s.CidrBlock)).toEqual([
      '10.0.1.0/24',
      '10.0.2.0/24',
    ]);
    expect(ec2Mock.commandCalls(DescribeSubnetsCommand)[0]?.args[0].input.Filters).toEqual([
      { Name: 'vpc-id', Values: ['vpc-0a1b2c3d4e5f60718'] },
    ]);
    expect(snapshot.securityGroupRules.SecurityGroupRules).toHaveLength(2);
    expect(snapshot.managedPrefixLists?.Entries?.['pl-0a1b2c3d4e5f60718']).toEqual([
      { Cidr: '10.0.1.0/24' },
      { Cidr: '10.0.2.0/24' },
    ]);
    expect(
      ec2Mock.commandCalls(DescribeSecurityGroupRulesCommand)[0]?.args[0].input.Filters,
    ).toEqual([{ Name: 'group-id', Values: [SG.node, SG.cluster].sort() }]);
    expect((snapshot.cluster.cluster as Record<string, unknown>).createdAt).toBe(
      '2026-01-01T00:00:00.000Z',
    );
  });

  it('stops on a NextToken that comes back twice (mocked: a misbehaving endpoint)', async () => {
    // Prepare
    describeCluster();
    ec2Mock
      .on(DescribeNetworkInterfacesCommand)
      .resolves({ NetworkInterfaces: [], NextToken: 'again' });

    // Act
    const failure = reader.readSnapshot('demo').catch((error: unknown) => error);

    // Assess
    expect(await failure).toEqual(
      new AwsCallError(
        'DescribeNetworkInterfaces',
        'VPC vpc-0a1b2c3d4e5f60718: the same NextToken came back twice',
      ),
    );
  });

  it('names the operation and resource when EC2 refuses (mocked: moto grants every call)', async () => {
    // Prepare
    describeCluster();
    const denied = Object.assign(new Error('You are not authorized to perform this operation.'), {
      name: 'UnauthorizedOperation',
    });
    ec2Mock.on(DescribeNetworkInterfacesCommand).rejects(denied);

    // Act
    const failure = reader.readSnapshot('demo').catch((error: unknown) => error);

    // Assess
    const error = await failure;
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as Error).message).toBe(
      'DescribeNetworkInterfaces: VPC vpc-0a1b2c3d4e5f60718: UnauthorizedOperation: You are not authorized to perform this operation.',
    );
  });
});
