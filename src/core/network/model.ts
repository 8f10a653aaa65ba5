import type { NetworkInterfaceSummary } from '#core/model/report.ts';
import type { Cidr, IpAddress } from '#core/network/ip.ts';

/**
 * What a network interface is, from its type, description and attachment:
 * - `control-plane`: an EKS cross-account ENI (X-ENI), description `Amazon EKS <cluster>`;
 * - `branch`: a security-groups-for-pods branch ENI (`aws-k8s-branch-eni`);
 * - `trunk`: the trunk ENI those hang from (`aws-k8s-trunk-eni`);
 * - `vpc-cni-secondary`: a VPC CNI secondary ENI (`aws-K8S-i-...`);
 * - `fargate`: a Fargate pod's ENI (description starting `fargate-`);
 * - `node`: an ENI attached to an EC2 instance that the snapshot ties to this cluster;
 * - `instance`: an ENI attached to an EC2 instance that nothing in the snapshot ties to it;
 * - `other-cluster`: another cluster's X-ENI (`Amazon EKS <other>`);
 * - `nat-gateway`, `load-balancer`, `vpc-endpoint`: interfaces of those AWS services;
 * - `other`: the rest.
 */
export type EniRole = NetworkInterfaceSummary['role'];

/** A network interface of the VPC, as the analysis needs it. */
export interface Eni {
  readonly id: string;
  readonly role: EniRole;
  /** Security groups on the interface, in the order EC2 lists them. */
  readonly groupIds: readonly string[];
  /** Private IPv4 addresses; the primary one first. */
  readonly privateIps: readonly IpAddress[];
  readonly ipv6: readonly IpAddress[];
  /** Delegated prefixes (VPC CNI prefix delegation: /28 for IPv4, /80 for IPv6). */
  readonly ipv4Prefixes: readonly Cidr[];
  readonly ipv6Prefixes: readonly Cidr[];
  readonly description: string;
  readonly interfaceType: string | null;
  readonly instanceId: string | null;
  readonly subnetId: string | null;
  readonly vpcId: string | null;
  readonly tags: Readonly<Record<string, string>>;
  /** Whether the interface is a node or pod interface of this cluster, and why (or why not). */
  readonly scope: ClusterScope;
}

/**
 * Whether an interface may receive a rule: only node, branch, trunk, VPC CNI secondary and
 * Fargate interfaces of this cluster are `in`; `why` is one clause a person can check.
 */
export type ClusterScope =
  | { readonly kind: 'in'; readonly why: string }
  | { readonly kind: 'out'; readonly why: string };

/** A security group, with what DescribeSecurityGroups said about it when the snapshot has it. */
export interface SecurityGroup {
  readonly id: string;
  readonly name: string | null;
  readonly tags: Readonly<Record<string, string>>;
  /** The VPC's `default` group: never proposed for a new rule. */
  readonly isVpcDefault: boolean;
}

/** The other side of a rule: a CIDR block, a security group, or a managed prefix list. */
export type RulePeer =
  | { readonly kind: 'cidr'; readonly cidr: Cidr }
  | { readonly kind: 'group'; readonly groupId: string }
  | { readonly kind: 'prefix-list'; readonly prefixListId: string };

/** One security group rule (the flat DescribeSecurityGroupRules shape). */
export interface SgRule {
  readonly id: string | null;
  readonly groupId: string;
  readonly direction: 'ingress' | 'egress';
  /** `-1` (all), `tcp`, `udp`, `icmp`, `icmpv6`, or another protocol number as text. */
  readonly protocol: string;
  /** Port range; null for `-1` rules and protocols without ports. */
  readonly fromPort: number | null;
  readonly toPort: number | null;
  readonly peer: RulePeer;
  readonly description: string | null;
}

/** A managed prefix list whose entries the snapshot holds. */
export interface PrefixList {
  readonly id: string;
  readonly name: string | null;
  readonly cidrs: readonly Cidr[];
}

/** A port range, both ends included. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** One network ACL entry (a DescribeNetworkAcls `Entries[]` item). */
export interface NaclEntry {
  /** 1–32766; 32767 (IPv4) and 32768 (IPv6) are the `*` rules AWS lists last (deny the rest). */
  readonly ruleNumber: number;
  readonly direction: 'ingress' | 'egress';
  readonly action: 'allow' | 'deny';
  /** `-1` (all), `tcp`, `udp`, `icmp`, `icmpv6`, or another protocol number as text. */
  readonly protocol: string;
  readonly cidr: Cidr;
  /** The ports of a TCP or UDP entry; null when the entry covers every port. */
  readonly ports: PortRange | null;
}

/** A network ACL: stateless, its entries read in rule-number order, the first match decides. */
export interface NetworkAcl {
  readonly id: string;
  readonly isDefault: boolean;
  /** Sorted by rule number. */
  readonly entries: readonly NaclEntry[];
}

/** The network ACLs of the VPC, when the snapshot has them. */
export interface NetworkAcls {
  /** Subnets with an association (explicit, or the default ACL's as AWS lists it). */
  readonly bySubnet: ReadonlyMap<string, NetworkAcl>;
  /** The VPC's default ACL: the one of every subnet with no association listed. */
  readonly defaultAcl: NetworkAcl | null;
  /** Subnet CIDR blocks (IPv4 and IPv6), when the snapshot lists the subnets. */
  readonly subnetCidrs: ReadonlyMap<string, readonly Cidr[]>;
}

/** The cluster side of the snapshot. */
export interface ClusterInfo {
  readonly name: string;
  readonly arn: string | null;
  /** The region from the cluster ARN, when it has one. */
  readonly region: string | null;
  readonly clusterSecurityGroupId: string | null;
  /** `resourcesVpcConfig.securityGroupIds`: the additional groups on the X-ENIs. */
  readonly additionalGroupIds: readonly string[];
  readonly vpcId: string | null;
}

/** Everything the evaluator and the recommender read, built once from a snapshot. */
export interface NetworkModel {
  readonly cluster: ClusterInfo;
  readonly enis: readonly Eni[];
  /** The cluster's X-ENIs (description exactly `Amazon EKS <cluster>`). */
  readonly controlPlaneEnis: readonly Eni[];
  readonly groups: ReadonlyMap<string, SecurityGroup>;
  readonly rulesByGroup: ReadonlyMap<string, readonly SgRule[]>;
  readonly prefixLists: ReadonlyMap<string, PrefixList>;
  /** Rules the model could not use (no peer), by rule ID, for notes. */
  readonly skippedRules: readonly string[];
  /** Null when the snapshot has no `networkAcls` section: ACLs are then not evaluated. */
  readonly networkAcls: NetworkAcls | null;
}
