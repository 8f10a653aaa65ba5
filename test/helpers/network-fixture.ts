import { parseNetworkSnapshot } from '#core/network/parse-snapshot.ts';
import type { NetworkSnapshot } from '#core/network/snapshot-schema.ts';

/** Security group IDs used across the network tests. */
export const SG = {
  cluster: 'sg-0c1a55e7c1a55e7c1',
  extra: 'sg-0adde7ca1adde7ca1',
  node: 'sg-0b0de5ec0de5ec0de',
  node2: 'sg-0b0de5ec0de5ec0d2',
  pod: 'sg-0fa7e5ec0fa7e5ec0',
  other: 'sg-0123456789abcdef0',
  vpcDefault: 'sg-0defa0170defa0170',
} as const;

/** One network interface, in a few words. */
export interface EniSpec {
  readonly id: string;
  readonly groups: readonly string[];
  readonly ips?: readonly string[];
  readonly ipv6?: readonly string[];
  readonly prefixes?: readonly string[];
  readonly ipv6Prefixes?: readonly string[];
  readonly description?: string;
  readonly type?: string;
  readonly instanceId?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** One rule, in a few words: `ref`, `cidr`, `cidrV6` or `pl` is the peer. */
export interface RuleSpec {
  readonly group: string;
  readonly egress?: boolean;
  readonly protocol?: string;
  readonly from?: number;
  readonly to?: number;
  readonly ref?: string;
  readonly cidr?: string;
  readonly cidrV6?: string;
  readonly pl?: string;
  readonly id?: string;
}

/** A snapshot in a few words; defaults: cluster `demo` with the cluster and extra groups. */
export interface NetworkSpec {
  readonly cluster?: string;
  readonly clusterSg?: string | null;
  readonly additional?: readonly string[];
  readonly enis: readonly EniSpec[];
  readonly rules: readonly RuleSpec[];
  /** Groups for the `securityGroups` section (name and tags); omitted when absent. */
  readonly groups?: readonly {
    id: string;
    name: string;
    tags?: Readonly<Record<string, string>>;
  }[];
  readonly prefixLists?: Readonly<Record<string, readonly string[]>>;
}

/** The two X-ENIs of cluster `demo` (IPv4 and IPv6 addresses), carrying the cluster and extra groups. */
export function xenis(cluster = 'demo'): EniSpec[] {
  return [
    {
      id: 'eni-0e7a1c2b3d4f50611',
      groups: [SG.cluster, SG.extra],
      ips: ['10.0.1.10'],
      ipv6: ['fd00:1::10'],
      description: `Amazon EKS ${cluster}`,
    },
    {
      id: 'eni-0e7a1c2b3d4f50622',
      groups: [SG.cluster, SG.extra],
      ips: ['10.0.2.10'],
      ipv6: ['fd00:2::10'],
      description: `Amazon EKS ${cluster}`,
    },
  ];
}

/** A node's primary interface with the node group, the IP 10.0.1.50 and a delegated /28. */
export function nodeEni(overrides: Partial<EniSpec> = {}): EniSpec {
  return {
    id: 'eni-0f1e2d3c4b5a60101',
    groups: [SG.node],
    ips: ['10.0.1.50'],
    ipv6: ['fd00:1::50'],
    prefixes: ['10.0.1.64/28'],
    ipv6Prefixes: ['fd00:1:0:0:1::/80'],
    instanceId: 'i-0a1b2c3d4e5f60001',
    ...overrides,
  };
}

/** The cluster security group's default rules: all in from itself, all out. */
export function clusterSgDefaults(): RuleSpec[] {
  return [
    { group: SG.cluster, protocol: '-1', ref: SG.cluster },
    { group: SG.cluster, egress: true, protocol: '-1', cidr: '0.0.0.0/0' },
    { group: SG.cluster, egress: true, protocol: '-1', cidrV6: '::/0' },
  ];
}

/**
 * Builds and validates a snapshot in the AWS CLI's shapes from a short description.
 *
 * @example
 * snapshotOf({ enis: [...xenis(), nodeEni()], rules: clusterSgDefaults() });
 */
export function snapshotOf(spec: NetworkSpec): NetworkSnapshot {
  return parseNetworkSnapshot(rawSnapshotOf(spec), 'test');
}

/** The same as {@link snapshotOf}, before validation (for negative tests). */
export function rawSnapshotOf(spec: NetworkSpec): Record<string, unknown> {
  const cluster = spec.cluster ?? 'demo';
  const clusterSg = spec.clusterSg === undefined ? SG.cluster : spec.clusterSg;
  let n = 0;
  return {
    cluster: {
      cluster: {
        name: cluster,
        arn: `arn:aws:eks:eu-west-1:111122223333:cluster/${cluster}`,
        resourcesVpcConfig: {
          ...(clusterSg ? { clusterSecurityGroupId: clusterSg } : {}),
          securityGroupIds: spec.additional ?? [SG.extra],
          vpcId: 'vpc-0a1b2c3d4e5f60718',
        },
      },
    },
    networkInterfaces: { NetworkInterfaces: spec.enis.map(eniJson) },
    securityGroupRules: {
      SecurityGroupRules: spec.rules.map((r) =>
        ruleJson(r, `sgr-0${String(++n).padStart(16, '0')}`),
      ),
    },
    ...(spec.groups
      ? {
          securityGroups: {
            SecurityGroups: spec.groups.map((g) => ({
              GroupId: g.id,
              GroupName: g.name,
              Tags: Object.entries(g.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
            })),
          },
        }
      : {}),
    ...(spec.prefixLists
      ? {
          managedPrefixLists: {
            PrefixLists: Object.keys(spec.prefixLists).map((id) => ({ PrefixListId: id })),
            Entries: Object.fromEntries(
              Object.entries(spec.prefixLists).map(([id, cidrs]) => [
                id,
                cidrs.map((Cidr) => ({ Cidr })),
              ]),
            ),
          },
        }
      : {}),
  };
}

function eniJson(e: EniSpec): Record<string, unknown> {
  const ips = e.ips ?? [];
  return {
    NetworkInterfaceId: e.id,
    Description: e.description ?? '',
    InterfaceType: e.type ?? 'interface',
    Groups: e.groups.map((GroupId) => ({ GroupId })),
    ...(ips[0] ? { PrivateIpAddress: ips[0] } : {}),
    PrivateIpAddresses: ips.map((PrivateIpAddress, i) => ({ PrivateIpAddress, Primary: i === 0 })),
    Ipv6Addresses: (e.ipv6 ?? []).map((Ipv6Address) => ({ Ipv6Address })),
    ...(e.prefixes ? { Ipv4Prefixes: e.prefixes.map((Ipv4Prefix) => ({ Ipv4Prefix })) } : {}),
    ...(e.ipv6Prefixes
      ? { Ipv6Prefixes: e.ipv6Prefixes.map((Ipv6Prefix) => ({ Ipv6Prefix })) }
      : {}),
    ...(e.instanceId ? { Attachment: { InstanceId: e.instanceId, DeviceIndex: 0 } } : {}),
    TagSet: Object.entries(e.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  };
}

function ruleJson(r: RuleSpec, id: string): Record<string, unknown> {
  const protocol = r.protocol ?? 'tcp';
  const ported = protocol === 'tcp' || protocol === 'udp' || protocol === '6' || protocol === '17';
  return {
    SecurityGroupRuleId: r.id ?? id,
    GroupId: r.group,
    IsEgress: r.egress ?? false,
    IpProtocol: protocol,
    FromPort: ported ? (r.from ?? 0) : -1,
    ToPort: ported ? (r.to ?? r.from ?? 65535) : -1,
    ...(r.ref ? { ReferencedGroupInfo: { GroupId: r.ref, UserId: '111122223333' } } : {}),
    ...(r.cidr ? { CidrIpv4: r.cidr } : {}),
    ...(r.cidrV6 ? { CidrIpv6: r.cidrV6 } : {}),
    ...(r.pl ? { PrefixListId: r.pl } : {}),
  };
}
