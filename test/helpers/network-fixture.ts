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

/** Subnets of the network ACL tests: the X-ENIs sit in `a` and `b`, endpoints in `c`. */
export const SUBNET = {
  a: 'subnet-0a0a0a0a0a0a0a0a1',
  b: 'subnet-0b0b0b0b0b0b0b0b2',
  c: 'subnet-0c0c0c0c0c0c0c0c3',
} as const;

/** Their CIDRs, as the `subnets` section of a snapshot lists them. */
export const SUBNETS = [
  { id: SUBNET.a, cidr: '10.0.1.0/24' },
  { id: SUBNET.b, cidr: '10.0.2.0/24' },
  { id: SUBNET.c, cidr: '10.0.3.0/24' },
] as const;

/** Network ACL IDs of the tests. */
export const ACL = {
  a: 'acl-0a0a0a0a0a0a0a0a1',
  b: 'acl-0b0b0b0b0b0b0b0b2',
  c: 'acl-0c0c0c0c0c0c0c0c3',
  vpcDefault: 'acl-0d0d0d0d0d0d0d0d4',
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
  readonly subnet?: string;
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
  /** The `networkAcls` section; omitted when absent. */
  readonly networkAcls?: readonly NaclSpec[];
  /** The `subnets` section; omitted when absent. */
  readonly subnets?: readonly { id: string; cidr: string; ipv6?: string }[];
}

/** One network ACL entry in a few words (defaults: ingress, allow, TCP, 0.0.0.0/0, all ports). */
export interface NaclEntrySpec {
  readonly n: number;
  readonly egress?: boolean;
  readonly deny?: boolean;
  /** A DescribeNetworkAcls protocol: `6` (TCP, the default), `17`, `1`, `-1`... */
  readonly protocol?: string;
  readonly cidr?: string;
  readonly cidrV6?: string;
  readonly from?: number;
  readonly to?: number;
}

/** Entries that allow every protocol both ways (before the final `*` entries). */
export const ALLOW_ALL_ENTRIES: readonly NaclEntrySpec[] = [
  { n: 100, protocol: '-1' },
  { n: 100, egress: true, protocol: '-1' },
];

/** The X-ENIs of {@link xenis}, placed in subnets `a` and `b`. */
export function xenisInSubnets(cluster = 'demo'): EniSpec[] {
  const [first, second] = xenis(cluster);
  return [
    { ...(first as EniSpec), subnet: SUBNET.a },
    { ...(second as EniSpec), subnet: SUBNET.b },
  ];
}

/** One network ACL: its subnets and entries (the final `*` entries are added, as AWS lists them). */
export interface NaclSpec {
  readonly id: string;
  readonly isDefault?: boolean;
  readonly subnets: readonly string[];
  readonly entries: readonly NaclEntrySpec[];
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
    ...(spec.networkAcls ? { networkAcls: { NetworkAcls: spec.networkAcls.map(naclJson) } } : {}),
    ...(spec.subnets
      ? {
          subnets: {
            Subnets: spec.subnets.map((sn) => ({
              SubnetId: sn.id,
              CidrBlock: sn.cidr,
              ...(sn.ipv6 ? { Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: sn.ipv6 }] } : {}),
            })),
          },
        }
      : {}),
  };
}

function naclJson(acl: NaclSpec): Record<string, unknown> {
  const finals: NaclEntrySpec[] = [false, true].flatMap((egress) => [
    { n: 32767, egress, deny: true, protocol: '-1', cidr: '0.0.0.0/0' },
    // DescribeNetworkAcls numbers the IPv6 `*` entry of a dual-stack ACL 32768.
    { n: 32768, egress, deny: true, protocol: '-1', cidrV6: '::/0' },
  ]);
  return {
    NetworkAclId: acl.id,
    IsDefault: acl.isDefault ?? false,
    VpcId: 'vpc-0a1b2c3d4e5f60718',
    Associations: acl.subnets.map((SubnetId, i) => ({
      NetworkAclAssociationId: `aclassoc-0${String(i).padStart(16, '0')}`,
      NetworkAclId: acl.id,
      SubnetId,
    })),
    Entries: [...acl.entries, ...finals].map((e) => {
      const protocol = e.protocol ?? '6';
      const cidr = e.cidrV6 ? { Ipv6CidrBlock: e.cidrV6 } : { CidrBlock: e.cidr ?? '0.0.0.0/0' };
      return {
        RuleNumber: e.n,
        Protocol: protocol,
        RuleAction: e.deny ? 'deny' : 'allow',
        Egress: e.egress ?? false,
        ...cidr,
        ...(protocol === '6' || protocol === '17'
          ? { PortRange: { From: e.from ?? 0, To: e.to ?? e.from ?? 65535 } }
          : {}),
      };
    }),
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
    ...(e.subnet ? { SubnetId: e.subnet } : {}),
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
