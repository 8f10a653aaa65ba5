import {
  AssignPrivateIpAddressesCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  EC2Client,
  RevokeSecurityGroupEgressCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateClusterCommand, EKSClient, type EKSClientConfig } from '@aws-sdk/client-eks';
import { testClientConfig } from '#test/helpers/aws.ts';

/** What {@link createMotoCluster} made. */
export interface MotoCluster {
  readonly name: string;
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  readonly clusterSg: string;
  readonly extraSg: string;
  readonly nodeSg: string;
  readonly nodeEniId: string;
  /** A pod IP: a secondary address of the node interface. */
  readonly podIp: string;
  readonly xeniIps: readonly string[];
}

/** Options of {@link createMotoCluster}. */
export interface MotoClusterOptions {
  /** Remove the cluster group's default all-traffic egress rule. */
  readonly withoutClusterEgress?: boolean;
  /**
   * Settings of the EKS client that creates the cluster (default: the test account in
   * us-east-1); give another account's credentials and Region to create it there.
   */
  readonly eksConfig?: EKSClientConfig;
}

/**
 * An EKS client whose CreateCluster request carries `resourcesVpcConfig.clusterSecurityGroupId`
 * and `vpcId`: moto stores the raw request body but the SDK drops members it does not know in
 * requests, and moto never generates them (stack.md §5). Test set-up only.
 */
export function eksClientInjecting(
  clusterSecurityGroupId: string,
  vpcId: string,
  clientConfig: EKSClientConfig = testClientConfig,
): EKSClient {
  const client = new EKSClient(clientConfig);
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { body?: unknown; headers?: Record<string, string> };
      const text =
        typeof request.body === 'string'
          ? request.body
          : request.body instanceof Uint8Array
            ? new TextDecoder().decode(request.body)
            : null;
      if (text !== null) {
        const body = JSON.parse(text) as { resourcesVpcConfig?: Record<string, unknown> };
        if (body.resourcesVpcConfig) {
          body.resourcesVpcConfig.clusterSecurityGroupId = clusterSecurityGroupId;
          body.resourcesVpcConfig.vpcId = vpcId;
          request.body = JSON.stringify(body);
          if (request.headers) {
            request.headers['content-length'] = String(Buffer.byteLength(request.body as string));
          }
        }
      }
      return next(args);
    },
    { step: 'build', name: 'injectClusterSecurityGroup', priority: 'high' },
  );
  return client;
}

/**
 * Creates in moto what an EKS cluster with self-managed nodes looks like in EC2: a VPC with two
 * subnets, the cluster group (all in from itself, all out), an additional control-plane group, a
 * node group (tagged for the cluster) admitting TCP 443 and 10250 from the cluster group, two
 * X-ENIs described `Amazon EKS <name>`, a self-managed node (an instance) whose interface holds a
 * pod IP as secondary address, and the EKS cluster.
 *
 * @example
 * const cluster = await createMotoCluster(ec2, 'demo');
 */
export async function createMotoCluster(
  ec2: EC2Client,
  name: string,
  options: MotoClusterOptions = {},
): Promise<MotoCluster> {
  const vpcId =
    (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc?.VpcId ?? '';
  const subnet = async (cidr: string): Promise<string> =>
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr }))).Subnet?.SubnetId ??
    '';
  const subnetA = await subnet('10.0.1.0/24');
  const subnetB = await subnet('10.0.2.0/24');
  const group = async (groupName: string): Promise<string> =>
    (
      await ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: groupName,
          Description: groupName,
          VpcId: vpcId,
        }),
      )
    ).GroupId ?? '';
  const clusterSg = await group(`eks-cluster-sg-${name}-1234`);
  const extraSg = await group(`${name}-cluster`);
  const nodeSg = await group(`${name}-node`);
  await ec2.send(
    new CreateTagsCommand({
      Resources: [nodeSg],
      Tags: [{ Key: `kubernetes.io/cluster/${name}`, Value: 'owned' }],
    }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: clusterSg,
      IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: clusterSg }] }],
    }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: nodeSg,
      IpPermissions: [443, 10250].map((port) => ({
        IpProtocol: 'tcp',
        FromPort: port,
        ToPort: port,
        UserIdGroupPairs: [{ GroupId: clusterSg, Description: 'Cluster API to nodes' }],
      })),
    }),
  );
  if (options.withoutClusterEgress) {
    for (const groupId of [clusterSg, extraSg]) {
      await ec2.send(
        new RevokeSecurityGroupEgressCommand({
          GroupId: groupId,
          IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        }),
      );
    }
  }
  const xeniIps = ['10.0.1.10', '10.0.2.10'];
  for (const [i, ip] of xeniIps.entries()) {
    await ec2.send(
      new CreateNetworkInterfaceCommand({
        SubnetId: i === 0 ? subnetA : subnetB,
        Groups: [clusterSg, extraSg],
        Description: `Amazon EKS ${name}`,
        PrivateIpAddress: ip,
      }),
    );
  }
  const podIp = '10.0.1.77';
  const instance = await ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-12345678',
      InstanceType: 't3.medium',
      MinCount: 1,
      MaxCount: 1,
      SubnetId: subnetA,
      SecurityGroupIds: [nodeSg],
      PrivateIpAddress: '10.0.1.50',
    }),
  );
  const nodeEniId = instance.Instances?.[0]?.NetworkInterfaces?.[0]?.NetworkInterfaceId ?? '';
  await ec2.send(
    new AssignPrivateIpAddressesCommand({
      NetworkInterfaceId: nodeEniId,
      PrivateIpAddresses: [podIp],
    }),
  );
  const eks = eksClientInjecting(clusterSg, vpcId, options.eksConfig);
  try {
    await eks.send(
      new CreateClusterCommand({
        name,
        roleArn: 'arn:aws:iam::123456789012:role/eks-cluster',
        resourcesVpcConfig: { subnetIds: [subnetA, subnetB], securityGroupIds: [extraSg] },
      }),
    );
  } finally {
    eks.destroy();
  }
  return {
    name,
    vpcId,
    subnetIds: [subnetA, subnetB],
    clusterSg,
    extraSg,
    nodeSg,
    nodeEniId,
    podIp,
    xeniIps,
  };
}

/** A new EC2 client against moto. */
export function motoEc2(): EC2Client {
  return new EC2Client(testClientConfig);
}

/** A new EKS client against moto. */
export function motoEks(): EKSClient {
  return new EKSClient(testClientConfig);
}
