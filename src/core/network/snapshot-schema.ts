import * as z from 'zod/mini';
import { lazy } from '#core/lazy.ts';
import {
  ACCOUNT_ID,
  CLUSTER_ARN,
  CLUSTER_NAME,
  INSTANCE_ID,
  NETWORK_ACL_ID,
  NETWORK_INTERFACE_ID,
  PREFIX_LIST_ID,
  RULE_DESCRIPTION,
  SECURITY_GROUP_ID,
  SECURITY_GROUP_RULE_ID,
  SUBNET_ID,
  VPC_ID,
} from '#core/model/aws-names.ts';
import { parseStrictCidr, parseStrictIp } from '#core/network/ip.ts';

/** IANA protocol numbers as EC2 lists them, `-1` for all, or the names EC2 also accepts. */
export const IP_PROTOCOL =
  /^(-1|tcp|udp|icmp|icmpv6|[0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$/;
/**
 * The highest rule number DescribeNetworkAcls lists: 32767 is the IPv4 `*` entry and 32768 the
 * IPv6 `*` entry of a dual-stack ACL (entries one creates are numbered 1-32766).
 */
export const MAX_LISTED_ACL_RULE = 32768;

function buildNetworkSnapshotSchema() {
  const sgId = z
    .string()
    .check(z.regex(SECURITY_GROUP_ID, 'expected a security group ID (sg-<hex>)'));
  const eniId = z
    .string()
    .check(z.regex(NETWORK_INTERFACE_ID, 'expected a network interface ID (eni-<hex>)'));
  const plId = z.string().check(z.regex(PREFIX_LIST_ID, 'expected a prefix list ID (pl-<hex>)'));
  const ip = z.string().check(z.refine((s) => parseStrictIp(s) !== null, 'expected an IP address'));
  const cidr = z
    .string()
    .check(z.refine((s) => parseStrictCidr(s) !== null, 'expected a CIDR block'));
  // The IPv4 and IPv6 fields of AWS responses each hold only their own family.
  const cidrOf = (family: 4 | 6) =>
    z.string().check(
      z.refine((s) => parseStrictCidr(s) !== null, { error: 'expected a CIDR block', abort: true }),
      z.refine((s) => parseStrictCidr(s)?.family === family, `expected an IPv${family} CIDR block`),
    );
  const cidr4 = cidrOf(4);
  const cidr6 = cidrOf(6);
  const vpcId = z.string().check(z.regex(VPC_ID, 'expected a VPC ID (vpc-<hex>)'));
  const subnetId = z.string().check(z.regex(SUBNET_ID, 'expected a subnet ID (subnet-<hex>)'));
  // Free text (descriptions, names, tags) as EC2 returns it: EC2 allows any character there, so
  // refusing some would let anyone who can tag an instance stop the analysis. It is kept raw and
  // neutralised by every output (render/escape.ts); nothing decides on it.
  const oneLine = z.string();
  const protocol = z
    .string()
    .check(z.regex(IP_PROTOCOL, 'expected a protocol (-1, tcp, udp, icmp, icmpv6 or 0-255)'));
  const tags = z.optional(z.array(z.looseObject({ Key: oneLine, Value: z.optional(oneLine) })));
  const rulePort = 'expected a port (-1 or 0-65535)';

  const cluster = z.looseObject({
    cluster: z.looseObject({
      name: z.string().check(z.regex(CLUSTER_NAME, 'expected an EKS cluster name')),
      arn: z.optional(
        z
          .string()
          .check(
            z.regex(
              CLUSTER_ARN,
              'expected an EKS cluster ARN (arn:aws:eks:<region>:<account>:cluster/<name>)',
            ),
          ),
      ),
      resourcesVpcConfig: z.looseObject({
        clusterSecurityGroupId: z.optional(sgId),
        securityGroupIds: z.optional(z.array(sgId)),
        vpcId: z.optional(vpcId),
      }),
    }),
  });

  const networkInterface = z.looseObject({
    NetworkInterfaceId: eniId,
    Description: z.optional(oneLine),
    InterfaceType: z.optional(
      // The EC2 model spells some types in camel case (`natGateway`), others in snake case.
      z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'expected an interface type')),
    ),
    Groups: z.optional(z.array(z.looseObject({ GroupId: sgId, GroupName: z.optional(oneLine) }))),
    PrivateIpAddress: z.optional(ip),
    PrivateIpAddresses: z.optional(
      z.array(z.looseObject({ PrivateIpAddress: ip, Primary: z.optional(z.boolean()) })),
    ),
    Ipv6Addresses: z.optional(z.array(z.looseObject({ Ipv6Address: ip }))),
    Ipv4Prefixes: z.optional(z.array(z.looseObject({ Ipv4Prefix: cidr4 }))),
    Ipv6Prefixes: z.optional(z.array(z.looseObject({ Ipv6Prefix: cidr6 }))),
    Attachment: z.optional(
      z.looseObject({
        InstanceId: z.optional(
          z.string().check(z.regex(INSTANCE_ID, 'expected an instance ID (i-<hex>)')),
        ),
        InstanceOwnerId: z.optional(oneLine),
        DeviceIndex: z.optional(z.number()),
      }),
    ),
    RequesterManaged: z.optional(z.boolean()),
    SubnetId: z.optional(subnetId),
    VpcId: z.optional(vpcId),
    TagSet: tags,
  });

  const securityGroupRule = z.looseObject({
    SecurityGroupRuleId: z.optional(
      z
        .string()
        .check(z.regex(SECURITY_GROUP_RULE_ID, 'expected a security group rule ID (sgr-<hex>)')),
    ),
    GroupId: sgId,
    IsEgress: z.boolean(),
    IpProtocol: protocol,
    FromPort: z.optional(z.int().check(z.gte(-1, rulePort), z.lte(65535, rulePort))),
    ToPort: z.optional(z.int().check(z.gte(-1, rulePort), z.lte(65535, rulePort))),
    CidrIpv4: z.optional(cidr4),
    CidrIpv6: z.optional(cidr6),
    PrefixListId: z.optional(plId),
    ReferencedGroupInfo: z.optional(
      z.looseObject({
        GroupId: z.optional(sgId),
        UserId: z.optional(
          z.string().check(z.regex(ACCOUNT_ID, 'expected an account ID (12 digits)')),
        ),
      }),
    ),
    Description: z.optional(
      z
        .string()
        .check(
          z.regex(
            RULE_DESCRIPTION,
            'expected a rule description (up to 255 of a-z A-Z 0-9 space ._-:/()#,@[]+=&;{}!$*)',
          ),
        ),
    ),
  });

  const securityGroup = z.looseObject({
    GroupId: sgId,
    GroupName: z.optional(oneLine),
    VpcId: z.optional(vpcId),
    Tags: tags,
  });

  const aclId = z.string().check(z.regex(NETWORK_ACL_ID, 'expected a network ACL ID (acl-<hex>)'));
  const port = z
    .int()
    .check(z.gte(0, 'expected a port (0-65535)'), z.lte(65535, 'expected a port (0-65535)'));
  const ruleNumber = `expected a rule number (1-${MAX_LISTED_ACL_RULE})`;
  const networkAclEntry = z.looseObject({
    RuleNumber: z.int().check(z.gte(1, ruleNumber), z.lte(MAX_LISTED_ACL_RULE, ruleNumber)),
    Protocol: protocol,
    RuleAction: z.enum(['allow', 'deny'], 'expected allow or deny'),
    Egress: z.boolean(),
    CidrBlock: z.optional(cidr4),
    Ipv6CidrBlock: z.optional(cidr6),
    PortRange: z.optional(z.looseObject({ From: z.optional(port), To: z.optional(port) })),
  });
  const networkAcl = z.looseObject({
    NetworkAclId: aclId,
    IsDefault: z.optional(z.boolean()),
    VpcId: z.optional(vpcId),
    Associations: z.optional(z.array(z.looseObject({ SubnetId: z.optional(subnetId) }))),
    Entries: z.optional(z.array(networkAclEntry)),
  });
  const subnet = z.looseObject({
    SubnetId: subnetId,
    CidrBlock: z.optional(cidr4),
    Ipv6CidrBlockAssociationSet: z.optional(
      z.array(z.looseObject({ Ipv6CidrBlock: z.optional(cidr6) })),
    ),
  });

  const prefixList = z.looseObject({
    PrefixListId: plId,
    PrefixListName: z.optional(oneLine),
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
