import { describe, expect, it } from 'vitest';
import { InputError } from '#core/errors.ts';
import { buildNetworkModel } from '#core/network/build-model.ts';
import { parseStrictCidr, parseStrictIp } from '#core/network/ip.ts';
import { parseNetworkSnapshot } from '#core/network/parse-snapshot.ts';
import {
  ACL,
  ALLOW_ALL_ENTRIES,
  nodeEni,
  rawSnapshotOf,
  SG,
  SUBNET,
  xenis,
} from '#test/helpers/network-fixture.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests mutate raw JSON at any depth
type Json = Record<string, any>;

function valid(): Json {
  return rawSnapshotOf({
    enis: [...xenis(), nodeEni()],
    rules: [{ group: SG.node, from: 443, ref: SG.cluster }],
    networkAcls: [{ id: ACL.a, subnets: [SUBNET.a], entries: ALLOW_ALL_ENTRIES }],
  });
}

function problemOf(mutate: (raw: Json) => void): string {
  const raw = structuredClone(valid());
  mutate(raw);
  try {
    parseNetworkSnapshot(raw, 'net.json');
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('expected an InputError');
}

const rule = (r: Json): Json => r.securityGroupRules.SecurityGroupRules[0];
const eni = (r: Json, i: number): Json => r.networkInterfaces.NetworkInterfaces[i];

describe('strict snapshot validation', () => {
  it.each([
    [
      'an IPv6 CIDR with a zone id',
      (r: Json) => {
        delete rule(r).ReferencedGroupInfo;
        rule(r).CidrIpv6 = 'fe80::1%eth0/64';
      },
      'securityGroupRules.SecurityGroupRules[0].CidrIpv6: expected a CIDR block, got "fe80::1%eth0/64"',
    ],
    [
      'a prefix length with a leading zero',
      (r: Json) => {
        delete rule(r).ReferencedGroupInfo;
        rule(r).CidrIpv4 = '10.42.0.0/016';
      },
      'securityGroupRules.SecurityGroupRules[0].CidrIpv4: expected a CIDR block, got "10.42.0.0/016"',
    ],
    [
      'an IPv6 block in the IPv4 field of a rule',
      (r: Json) => {
        delete rule(r).ReferencedGroupInfo;
        rule(r).CidrIpv4 = '::ffff:10.0.0.0/104';
      },
      'securityGroupRules.SecurityGroupRules[0].CidrIpv4: expected an IPv4 CIDR block, got "::ffff:10.0.0.0/104"',
    ],
    [
      'an IPv4 block in the IPv6 field of a rule',
      (r: Json) => {
        delete rule(r).ReferencedGroupInfo;
        rule(r).CidrIpv6 = '0.0.0.0/0';
      },
      'securityGroupRules.SecurityGroupRules[0].CidrIpv6: expected an IPv6 CIDR block, got "0.0.0.0/0"',
    ],
    [
      'an IPv6 block in the IPv4 field of a network ACL entry',
      (r: Json) => {
        r.networkAcls.NetworkAcls[0].Entries[0].CidrBlock = '::/0';
      },
      'networkAcls.NetworkAcls[0].Entries[0].CidrBlock: expected an IPv4 CIDR block, got "::/0"',
    ],
    [
      'an IPv4 entry numbered 32768 (the number AWS gives only the IPv6 * entry)',
      (r: Json) => {
        const entry = r.networkAcls.NetworkAcls[0].Entries[3];
        delete entry.Ipv6CidrBlock;
        entry.CidrBlock = '0.0.0.0/0';
      },
      'networkAcls.NetworkAcls[0].Entries[3].RuleNumber: 32768 is the number of the IPv6 * entry, not of an IPv4 entry',
    ],
    [
      'an IPv4 address with a leading zero',
      (r: Json) => {
        eni(r, 2).PrivateIpAddress = '10.0.1.050';
      },
      'networkInterfaces.NetworkInterfaces[2].PrivateIpAddress: expected an IP address, got "10.0.1.050"',
    ],
    [
      'a bracketed IPv6 address',
      (r: Json) => {
        eni(r, 2).Ipv6Addresses = [{ Ipv6Address: '[fd00:1::50]' }];
      },
      'networkInterfaces.NetworkInterfaces[2].Ipv6Addresses[0].Ipv6Address: expected an IP address, got "[fd00:1::50]"',
    ],
    [
      'a rule ID carrying a command substitution',
      (r: Json) => {
        rule(r).SecurityGroupRuleId = 'sgr-$(touch /tmp/x)';
      },
      'securityGroupRules.SecurityGroupRules[0].SecurityGroupRuleId: expected a security group rule ID (sgr-<hex>), got "sgr-$(touch /tmp/x)"',
    ],
    [
      'a rule ID carrying a newline',
      (r: Json) => {
        rule(r).SecurityGroupRuleId = 'sgr-0123456789abcdef0\nBLOCKED';
      },
      'securityGroupRules.SecurityGroupRules[0].SecurityGroupRuleId: expected a security group rule ID (sgr-<hex>), got "sgr-0123456789abcdef0\\nBLOCKED"',
    ],
    [
      'a rule description with a newline',
      (r: Json) => {
        rule(r).Description = 'ok\nBLOCKED 10.0.0.1:22';
      },
      'securityGroupRules.SecurityGroupRules[0].Description: expected a rule description (up to 255 of a-z A-Z 0-9 space ._-:/()#,@[]+=&;{}!$*), got "ok\\nBLOCKED 10.0.0.1:22"',
    ],
    [
      'a port above 65535',
      (r: Json) => {
        rule(r).ToPort = 70000;
      },
      'securityGroupRules.SecurityGroupRules[0].ToPort: expected a port (-1 or 0-65535), got "70000"',
    ],
    [
      'a reversed port range',
      (r: Json) => {
        rule(r).FromPort = 9443;
        rule(r).ToPort = 443;
      },
      'securityGroupRules.SecurityGroupRules[0]: FromPort 9443 is above ToPort 443',
    ],
    [
      'a TCP rule with port -1',
      (r: Json) => {
        rule(r).FromPort = -1;
      },
      'securityGroupRules.SecurityGroupRules[0]: protocol tcp needs a port range of 0-65535, got FromPort -1, ToPort 443',
    ],
    [
      'ports on an all-protocols rule',
      (r: Json) => {
        rule(r).IpProtocol = '-1';
      },
      'securityGroupRules.SecurityGroupRules[0]: protocol -1 has no ports (-1), got FromPort 443, ToPort 443',
    ],
    [
      'an impossible protocol',
      (r: Json) => {
        rule(r).IpProtocol = '300';
      },
      'securityGroupRules.SecurityGroupRules[0].IpProtocol: expected a protocol (-1, tcp, udp, icmp, icmpv6 or 0-255), got "300"',
    ],
    [
      'a rule with two peers',
      (r: Json) => {
        rule(r).CidrIpv4 = '10.0.0.0/16';
      },
      'securityGroupRules.SecurityGroupRules[0]: has 2 peers (CidrIpv4, CidrIpv6, PrefixListId, ReferencedGroupInfo), AWS gives exactly one',
    ],
    [
      'an interface listed twice',
      (r: Json) => {
        r.networkInterfaces.NetworkInterfaces.push(structuredClone(eni(r, 2)));
      },
      'networkInterfaces.NetworkInterfaces[3].NetworkInterfaceId: eni-0f1e2d3c4b5a60101 is listed twice (also at [2])',
    ],
    [
      'one address on two interfaces',
      (r: Json) => {
        eni(r, 2).PrivateIpAddress = '10.0.1.10';
        eni(r, 2).PrivateIpAddresses = [{ PrivateIpAddress: '10.0.1.10', Primary: true }];
      },
      'networkInterfaces.NetworkInterfaces[2]: address 10.0.1.10 is also on eni-0e7a1c2b3d4f50611 (one address, two interfaces)',
    ],
    [
      'a malformed instance ID',
      (r: Json) => {
        eni(r, 2).Attachment.InstanceId = 'i-$(id)';
      },
      'networkInterfaces.NetworkInterfaces[2].Attachment.InstanceId: expected an instance ID (i-<hex>), got "i-$(id)"',
    ],
    [
      'a cluster ARN with a malformed region',
      (r: Json) => {
        r.cluster.cluster.arn = 'arn:aws:eks:eu west 1:111122223333:cluster/demo';
      },
      'cluster.cluster.arn: expected an EKS cluster ARN (arn:aws:eks:<region>:<account>:cluster/<name>), got "arn:aws:eks:eu west 1:111122223333:cluster/demo"',
    ],
    [
      'a cluster ARN with an empty region',
      (r: Json) => {
        r.cluster.cluster.arn = 'arn:aws:eks::111122223333:cluster/demo';
      },
      'cluster.cluster.arn: expected an EKS cluster ARN (arn:aws:eks:<region>:<account>:cluster/<name>), got "arn:aws:eks::111122223333:cluster/demo"',
    ],
    [
      'a cluster ARN of another cluster',
      (r: Json) => {
        r.cluster.cluster.arn = 'arn:aws:eks:eu-west-1:111122223333:cluster/other';
      },
      'cluster.cluster.arn: names cluster "other", not "demo"',
    ],
    [
      'a network ACL rule number used twice in one direction',
      (r: Json) => {
        const entries = r.networkAcls.NetworkAcls[0].Entries;
        entries.push({ ...entries[0], CidrBlock: '10.0.0.0/8' });
      },
      'networkAcls.NetworkAcls[0].Entries[6].RuleNumber: ingress 100 is used twice in acl-0a0a0a0a0a0a0a0a1',
    ],
    [
      'a TCP network ACL entry without its port range',
      (r: Json) => {
        r.networkAcls.NetworkAcls[0].Entries.push({
          RuleNumber: 200,
          Protocol: '6',
          RuleAction: 'allow',
          Egress: false,
          CidrBlock: '10.0.0.0/8',
        });
      },
      'networkAcls.NetworkAcls[0].Entries[6].PortRange: protocol 6 needs a port range (AWS lists one for every TCP and UDP entry)',
    ],
    [
      'a reversed network ACL port range',
      (r: Json) => {
        const entries = r.networkAcls.NetworkAcls[0].Entries;
        entries.push({
          RuleNumber: 200,
          Protocol: '6',
          RuleAction: 'allow',
          Egress: false,
          CidrBlock: '10.0.0.0/8',
          PortRange: { From: 9443, To: 443 },
        });
      },
      'networkAcls.NetworkAcls[0].Entries[6].PortRange: From 9443 is above To 443',
    ],
    [
      'a rule ID listed twice',
      (r: Json) => {
        r.securityGroupRules.SecurityGroupRules.push({ ...rule(r), FromPort: 80, ToPort: 80 });
      },
      'securityGroupRules.SecurityGroupRules[1].SecurityGroupRuleId: sgr-00000000000000001 is listed twice (also at [0])',
    ],
    [
      'a subnet associated with two network ACLs',
      (r: Json) => {
        r.networkAcls.NetworkAcls.push({
          NetworkAclId: 'acl-0b0b0b0b0b0b0b0b2',
          Associations: [{ SubnetId: SUBNET.a }],
          Entries: [],
        });
      },
      `networkAcls.NetworkAcls[1].Associations[0].SubnetId: ${SUBNET.a} is also associated with acl-0a0a0a0a0a0a0a0a1 (a subnet has one network ACL)`,
    ],
  ] as const)('refuses %s with one line naming it', (_what, mutate, message) => {
    // Act
    const problem = problemOf(mutate);

    // Assess
    expect(problem).toBe(`network snapshot net.json: ${message}`);
    expect(problem).not.toMatch(/[\n\r]/);
  });

  it('accepts free text as EC2 returns it (any character in descriptions, names and tags): outputs neutralise it', () => {
    // Prepare
    const raw = valid();
    eni(raw, 2).Description = 'node\u001b[2J\npayroll\u202eexe\u2028';
    eni(raw, 2).TagSet = [{ Key: 'team\nops', Value: 'a\u0007b' }];

    // Act
    const snapshot = parseNetworkSnapshot(raw, 'net.json');

    // Assess
    expect(snapshot.networkInterfaces.NetworkInterfaces[2]?.Description).toBe(
      'node\u001b[2J\npayroll\u202eexe\u2028',
    );
  });

  it('accepts the IPv6 default entries of a dual-stack network ACL, numbered 32768 as AWS lists them', () => {
    // Prepare
    const raw = valid();
    const entries: Json[] = raw.networkAcls.NetworkAcls[0].Entries;

    // Act
    const model = buildNetworkModel(parseNetworkSnapshot(raw, 'net.json'));

    // Assess
    expect(entries.filter((e) => e.RuleNumber === 32768).map((e) => e.Ipv6CidrBlock)).toEqual([
      '::/0',
      '::/0',
    ]);
    expect(model.networkAcls?.bySubnet.get(SUBNET.a)?.entries.at(-1)?.ruleNumber).toBe(32768);
  });

  it.each([
    ['arn:aws:eks:us-gov-west-1:111122223333:cluster/demo', 'us-gov-west-1'],
    ['arn:aws-cn:eks:cn-north-1:111122223333:cluster/demo', 'cn-north-1'],
    ['arn:aws:eks:ap-southeast-3:111122223333:cluster/demo', 'ap-southeast-3'],
    ['arn:aws-iso-b:eks:us-isob-east-1:111122223333:cluster/demo', 'us-isob-east-1'],
    ['arn:aws-eusc:eks:eusc-de-east-1:111122223333:cluster/demo', 'eusc-de-east-1'],
  ])('accepts the cluster ARN %s and reads its region', (arn, region) => {
    // Prepare
    const raw = valid();
    raw.cluster.cluster.arn = arn;

    // Act
    const model = buildNetworkModel(parseNetworkSnapshot(raw, 'net.json'));

    // Assess
    expect(model.cluster.region).toBe(region);
  });
});

describe('parseStrictIp and parseStrictCidr', () => {
  it.each([
    ['10.0.1.2', true],
    ['fd00::1', true],
    ['fe80::1%eth0', false],
    ['[fd00::1]', false],
    ['010.0.1.2', false],
  ])('reads the address %s strictly: %s', (text, ok) => {
    // Act / Assess
    expect(parseStrictIp(text) !== null).toBe(ok);
  });

  it.each([
    ['10.42.0.0/16', true],
    ['fd00:ec2::/56', true],
    ['0.0.0.0/0', true],
    ['10.42.0.0/016', false],
    ['10.42.0.0/+16', false],
    ['10.42.0.0', false],
    ['fe80::1%eth0/64', false],
    ['10.42.0.0/33', false],
  ])('reads the CIDR %s strictly: %s', (text, ok) => {
    // Act / Assess
    expect(parseStrictCidr(text) !== null).toBe(ok);
  });
});
