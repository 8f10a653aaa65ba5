import * as z from 'zod/mini';
import { lazy } from '#core/lazy.ts';
import { parseCidr, parseIp } from '#core/network/ip.ts';

/** `sg-` followed by 8 or 17 lowercase hex digits (the two lengths EC2 has used). */
export const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;
/** `eni-` followed by 8 to 17 lowercase hex digits. */
export const NETWORK_INTERFACE_ID = /^eni-[0-9a-f]{8,17}$/;
/** `pl-` followed by 8 to 17 lowercase hex digits. */
export const PREFIX_LIST_ID = /^pl-[0-9a-f]{8,17}$/;
/** `acl-` followed by 8 to 17 lowercase hex digits. */
export const NETWORK_ACL_ID = /^acl-[0-9a-f]{8,17}$/;
/** `subnet-` followed by 8 to 17 lowercase hex digits. */
export const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
/** EKS cluster names: 1–100 characters, a letter or digit first, then letters, digits, `-`, `_`. */
export const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

function buildNetworkSnapshotSchema() {
  const sgId = z
    .string()
    .check(z.regex(SECURITY_GROUP_ID, 'expected a security group ID (sg-<hex>)'));
  const eniId = z
    .string()
    .check(z.regex(NETWORK_INTERFACE_ID, 'expected a network interface ID (eni-<hex>)'));
  const plId = z.string().check(z.regex(PREFIX_LIST_ID, 'expected a prefix list ID (pl-<hex>)'));
  const ip = z.string().check(z.refine((s) => parseIp(s) !== null, 'expected an IP address'));
  const cidr = z.string().check(z.refine((s) => parseCidr(s) !== null, 'expected a CIDR block'));
  const tags = z.optional(
    z.array(z.looseObject({ Key: z.string(), Value: z.optional(z.string()) })),
  );

  const cluster = z.looseObject({
    cluster: z.looseObject({
      name: z.string().check(z.regex(CLUSTER_NAME, 'expected an EKS cluster name')),
      arn: z.optional(z.string()),
      resourcesVpcConfig: z.looseObject({
        clusterSecurityGroupId: z.optional(sgId),
        securityGroupIds: z.optional(z.array(sgId)),
        vpcId: z.optional(z.string()),
      }),
    }),
  });

  const networkInterface = z.looseObject({
    NetworkInterfaceId: eniId,
    Description: z.optional(z.string()),
    InterfaceType: z.optional(z.string()),
    Groups: z.optional(
      z.array(z.looseObject({ GroupId: sgId, GroupName: z.optional(z.string()) })),
    ),
    PrivateIpAddress: z.optional(ip),
    PrivateIpAddresses: z.optional(
      z.array(z.looseObject({ PrivateIpAddress: ip, Primary: z.optional(z.boolean()) })),
    ),
    Ipv6Addresses: z.optional(z.array(z.looseObject({ Ipv6Address: ip }))),
    Ipv4Prefixes: z.optional(z.array(z.looseObject({ Ipv4Prefix: cidr }))),
    Ipv6Prefixes: z.optional(z.array(z.looseObject({ Ipv6Prefix: cidr }))),
    Attachment: z.optional(
      z.looseObject({
        InstanceId: z.optional(z.string()),
        InstanceOwnerId: z.optional(z.string()),
        DeviceIndex: z.optional(z.number()),
      }),
    ),
    RequesterManaged: z.optional(z.boolean()),
    SubnetId: z.optional(z.string()),
    VpcId: z.optional(z.string()),
    TagSet: tags,
  });

  const securityGroupRule = z.looseObject({
    SecurityGroupRuleId: z.optional(z.string()),
    GroupId: sgId,
    IsEgress: z.boolean(),
    IpProtocol: z.string(),
    FromPort: z.optional(z.int()),
    ToPort: z.optional(z.int()),
    CidrIpv4: z.optional(cidr),
    CidrIpv6: z.optional(cidr),
    PrefixListId: z.optional(plId),
    ReferencedGroupInfo: z.optional(
      z.looseObject({ GroupId: z.optional(sgId), UserId: z.optional(z.string()) }),
    ),
    Description: z.optional(z.string()),
  });

  const securityGroup = z.looseObject({
    GroupId: sgId,
    GroupName: z.optional(z.string()),
    VpcId: z.optional(z.string()),
    Tags: tags,
  });

  const aclId = z.string().check(z.regex(NETWORK_ACL_ID, 'expected a network ACL ID (acl-<hex>)'));
  const subnetId = z.string().check(z.regex(SUBNET_ID, 'expected a subnet ID (subnet-<hex>)'));
  const port = z
    .int()
    .check(z.gte(0, 'expected a port (0-65535)'), z.lte(65535, 'expected a port (0-65535)'));
  const ruleNumber = 'expected a rule number (1-32767)';
  const networkAclEntry = z.looseObject({
    RuleNumber: z.int().check(z.gte(1, ruleNumber), z.lte(32767, ruleNumber)),
    Protocol: z.string(),
    RuleAction: z.enum(['allow', 'deny'], 'expected allow or deny'),
    Egress: z.boolean(),
    CidrBlock: z.optional(cidr),
    Ipv6CidrBlock: z.optional(cidr),
    PortRange: z.optional(z.looseObject({ From: z.optional(port), To: z.optional(port) })),
  });
  const networkAcl = z.looseObject({
    NetworkAclId: aclId,
    IsDefault: z.optional(z.boolean()),
    VpcId: z.optional(z.string()),
    Associations: z.optional(z.array(z.looseObject({ SubnetId: z.optional(subnetId) }))),
    Entries: z.optional(z.array(networkAclEntry)),
  });
  const subnet = z.looseObject({
    SubnetId: subnetId,
    CidrBlock: z.optional(cidr),
    Ipv6CidrBlockAssociationSet: z.optional(
      z.array(z.looseObject({ Ipv6CidrBlock: z.optional(cidr) })),
    ),
  });

  const prefixList = z.looseObject({
    PrefixListId: plId,
    PrefixListName: z.optional(z.string()),
  });

  return z.looseObject({
    cluster,
    networkInterfaces: z.looseObject({ NetworkInterfaces: z.array(networkInterface) }),
    securityGroupRules: z.looseObject({ SecurityGroupRules: z.array(securityGroupRule) }),
    securityGroups: z.optional(z.looseObject({ SecurityGroups: z.array(securityGroup) })),
    managedPrefixLists: z.optional(
      z.looseObject({
        PrefixLists: z.optional(z.array(prefixList)),
        Entries: z.optional(
          z.record(
            z.string(),
            z.array(z.looseObject({ Cidr: cidr, Description: z.optional(z.string()) })),
          ),
        ),
      }),
    ),
    networkAcls: z.optional(z.looseObject({ NetworkAcls: z.array(networkAcl) })),
    subnets: z.optional(z.looseObject({ Subnets: z.array(subnet) })),
  });
}

/**
 * The network snapshot file: the AWS CLI's own output shapes, so it can be made by hand.
 * Unknown fields are kept; the fields the analysis reads are checked. Built on first use (the
 * zod schema costs milliseconds at cold start, and the dispatcher never reads a snapshot).
 *
 * @example
 * z.safeParse(networkSnapshotSchema(), data);
 */
export const networkSnapshotSchema = lazy(buildNetworkSnapshotSchema);

/** A validated network snapshot (see {@link networkSnapshotSchema}). */
export type NetworkSnapshot = z.infer<ReturnType<typeof buildNetworkSnapshotSchema>>;
/** One `NetworkInterfaces[]` entry of a snapshot. */
export type SnapshotInterface = NetworkSnapshot['networkInterfaces']['NetworkInterfaces'][number];
/** One `NetworkAcls[]` entry of a snapshot. */
export type SnapshotNetworkAcl = NonNullable<NetworkSnapshot['networkAcls']>['NetworkAcls'][number];
/** One `SecurityGroupRules[]` entry of a snapshot. */
export type SnapshotRule = NetworkSnapshot['securityGroupRules']['SecurityGroupRules'][number];

/** What each top-level section is, for error messages. */
export const SECTION_SOURCES: Readonly<Record<string, string>> = {
  cluster: 'the output of aws eks describe-cluster',
  networkInterfaces: 'the output of aws ec2 describe-network-interfaces',
  securityGroupRules: 'the output of aws ec2 describe-security-group-rules',
  securityGroups: 'the output of aws ec2 describe-security-groups',
  managedPrefixLists: '{"PrefixLists": [...], "Entries": {"pl-...": [...]}}',
  networkAcls: 'the output of aws ec2 describe-network-acls',
  subnets: 'the output of aws ec2 describe-subnets',
};
