import {
  DescribeManagedPrefixListsCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  type EC2Client,
  GetManagedPrefixListEntriesCommand,
} from '@aws-sdk/client-ec2';
import { DescribeClusterCommand, type EKSClient } from '@aws-sdk/client-eks';
import { awsErrorName, awsErrorSummary } from '#adapters/aws/aws-error.ts';
import { AwsCallError } from '#core/errors.ts';
import type { NetworkReader } from '#core/gateways.ts';
import { parseNetworkSnapshot } from '#core/network/parse-snapshot.ts';
import type { NetworkSnapshot } from '#core/network/snapshot-schema.ts';

/** The SDK clients the reader calls (EKS DescribeCluster; EC2 Describe* and GetManagedPrefixListEntries). */
export interface NetworkReaderClients {
  readonly eks: EKSClient;
  readonly ec2: EC2Client;
}

const FILTER_VALUES = 100;

/**
 * Builds the network snapshot of a cluster from the live APIs: EKS DescribeCluster; EC2
 * DescribeNetworkInterfaces, DescribeNetworkAcls and DescribeSubnets for the cluster's VPC (every
 * page); DescribeSecurityGroupRules and DescribeSecurityGroups for every group seen on an
 * interface or in the cluster configuration; and the managed prefix lists the rules refer to,
 * with their entries. The result has the AWS CLI's output shapes and is validated like a
 * snapshot file.
 *
 * @example
 * const reader = new AwsNetworkReader({ eks: new EKSClient({}), ec2: new EC2Client({}) });
 * const snapshot = await reader.readSnapshot('prod');
 */
export class AwsNetworkReader implements NetworkReader {
  constructor(private readonly clients: NetworkReaderClients) {}

  /**
   * @throws AwsCallError naming the operation and the resource when a call fails (after the
   *   client's retries) or is cut short by `signal`.
   */
  async readSnapshot(clusterName: string, signal?: AbortSignal): Promise<NetworkSnapshot> {
    const { eks, ec2 } = this.clients;
    const options = signal ? { abortSignal: signal } : {};
    const described = await call('DescribeCluster', `cluster ${clusterName}`, () =>
      eks.send(new DescribeClusterCommand({ name: clusterName }), options),
    );
    const cluster = described.cluster;
    const vpcId = cluster?.resourcesVpcConfig?.vpcId;
    if (!cluster || !vpcId) {
      throw new AwsCallError(
        'DescribeCluster',
        `cluster ${clusterName} has no resourcesVpcConfig.vpcId`,
      );
    }
    const interfaces = await pages(
      'DescribeNetworkInterfaces',
      `VPC ${vpcId}`,
      async (NextToken) => {
        const out = await ec2.send(
          new DescribeNetworkInterfacesCommand({
            Filters: [{ Name: 'vpc-id', Values: [vpcId] }],
            MaxResults: 1000,
            NextToken,
          }),
          options,
        );
        return { items: out.NetworkInterfaces ?? [], next: out.NextToken };
      },
    );
    const vpcFilter = [{ Name: 'vpc-id', Values: [vpcId] }];
    const networkAcls = await pages('DescribeNetworkAcls', `VPC ${vpcId}`, async (NextToken) => {
      const out = await ec2.send(
        new DescribeNetworkAclsCommand({ Filters: vpcFilter, MaxResults: 1000, NextToken }),
        options,
      );
      return { items: out.NetworkAcls ?? [], next: out.NextToken };
    });
    const subnets = await pages('DescribeSubnets', `VPC ${vpcId}`, async (NextToken) => {
      const out = await ec2.send(
        new DescribeSubnetsCommand({ Filters: vpcFilter, MaxResults: 1000, NextToken }),
        options,
      );
      return { items: out.Subnets ?? [], next: out.NextToken };
    });
    const config = cluster.resourcesVpcConfig;
    const groupIds = [
      ...new Set([
        ...(config?.clusterSecurityGroupId ? [config.clusterSecurityGroupId] : []),
        ...(config?.securityGroupIds ?? []),
        ...interfaces.flatMap((eni) =>
          (eni.Groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
        ),
      ]),
    ].sort();
    const rules = [];
    const groups = [];
    for (const chunk of chunks(groupIds, FILTER_VALUES)) {
      const filter = [{ Name: 'group-id', Values: chunk }];
      rules.push(
        ...(await pages(
          'DescribeSecurityGroupRules',
          `groups ${chunk.join(',')}`,
          async (NextToken) => {
            const out = await ec2.send(
              new DescribeSecurityGroupRulesCommand({
                Filters: filter,
                MaxResults: 1000,
                NextToken,
              }),
              options,
            );
            return { items: out.SecurityGroupRules ?? [], next: out.NextToken };
          },
        )),
      );
      groups.push(
        ...(await pages(
          'DescribeSecurityGroups',
          `groups ${chunk.join(',')}`,
          async (NextToken) => {
            const out = await ec2.send(
              new DescribeSecurityGroupsCommand({ Filters: filter, NextToken }),
              options,
            );
            return { items: out.SecurityGroups ?? [], next: out.NextToken };
          },
        )),
      );
    }
    const prefixListIds = [
      ...new Set(rules.flatMap((r) => (r.PrefixListId ? [r.PrefixListId] : []))),
    ].sort();
    const managedPrefixLists = await this.prefixLists(prefixListIds, options);
    const raw = {
      cluster: { cluster },
      networkInterfaces: { NetworkInterfaces: interfaces },
      securityGroupRules: { SecurityGroupRules: rules },
      securityGroups: { SecurityGroups: groups },
      ...(managedPrefixLists ? { managedPrefixLists } : {}),
      networkAcls: { NetworkAcls: networkAcls },
      subnets: { Subnets: subnets },
    };
    return parseNetworkSnapshot(JSON.parse(JSON.stringify(raw)), `read for cluster ${clusterName}`);
  }

  private async prefixLists(
    ids: readonly string[],
    options: { abortSignal?: AbortSignal },
  ): Promise<{ PrefixLists: unknown[]; Entries: Record<string, unknown[]> } | null> {
    if (ids.length === 0) return null;
    const { ec2 } = this.clients;
    const lists = await pages(
      'DescribeManagedPrefixLists',
      `prefix lists ${ids.join(',')}`,
      async (NextToken) => {
        const out = await ec2.send(
          new DescribeManagedPrefixListsCommand({ PrefixListIds: [...ids], NextToken }),
          options,
        );
        return { items: out.PrefixLists ?? [], next: out.NextToken };
      },
    );
    const entries: Record<string, unknown[]> = {};
    for (const id of ids) {
      entries[id] = await pages(
        'GetManagedPrefixListEntries',
        `prefix list ${id}`,
        async (NextToken) => {
          const out = await ec2.send(
            new GetManagedPrefixListEntriesCommand({
              PrefixListId: id,
              MaxResults: 100,
              NextToken,
            }),
            options,
          );
          return { items: out.Entries ?? [], next: out.NextToken };
        },
      );
    }
    return { PrefixLists: lists, Entries: entries };
  }
}

async function call<T>(operation: string, resource: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AwsCallError) throw error;
    if (error instanceof Error && error.name === 'AbortError') {
      const why = awsErrorName(error.cause) === 'TimeoutError' ? 'the deadline passed' : 'aborted';
      throw new AwsCallError(operation, `${resource}: stopped before an answer came: ${why}`, {
        cause: error,
      });
    }
    throw new AwsCallError(operation, `${resource}: ${awsErrorSummary(error)}`, { cause: error });
  }
}

async function pages<T>(
  operation: string,
  resource: string,
  page: (token: string | undefined) => Promise<{ items: T[]; next: string | undefined }>,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const result = await call(operation, resource, () => page(token));
    items.push(...result.items);
    token = result.next || undefined;
    if (token !== undefined) {
      if (seen.has(token))
        throw new AwsCallError(operation, `${resource}: the same NextToken came back twice`);
      seen.add(token);
    }
  } while (token !== undefined);
  return items;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
