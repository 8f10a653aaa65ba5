import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '#core/errors.ts';
import { buildNetworkModel } from '#core/network/build-model.ts';
import { parseNetworkSnapshot, readNetworkSnapshot } from '#core/network/parse-snapshot.ts';
import { nodeEni, rawSnapshotOf, SG, xenis } from '#test/helpers/network-fixture.ts';

const DEMO = new URL('../../../fixtures/demo/network.json', import.meta.url);

function valid(): Record<string, unknown> {
  return rawSnapshotOf({
    enis: [...xenis(), nodeEni()],
    rules: [{ group: SG.node, from: 443, ref: SG.cluster }],
  });
}

function problemOf(mutate: (raw: Record<string, unknown>) => void): string {
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

// biome-ignore lint/suspicious/noExplicitAny: the tests mutate raw JSON at any depth
type Json = Record<string, any>;

describe('parseNetworkSnapshot', () => {
  it('accepts the demo snapshot made of AWS CLI output', () => {
    // Prepare
    const text = readFileSync(DEMO, 'utf8');

    // Act
    const snapshot = readNetworkSnapshot(text, 'network.json');

    // Assess
    expect(snapshot.cluster.cluster.name).toBe('shop-prod');
    expect(snapshot.networkInterfaces.NetworkInterfaces.length).toBeGreaterThan(5);
  });

  it.each([
    [
      'a missing section',
      (r: Json) => delete r.networkInterfaces,
      'network snapshot net.json: missing section "networkInterfaces" (the output of aws ec2 describe-network-interfaces)',
    ],
    [
      'the rules section missing',
      (r: Json) => delete r.securityGroupRules,
      'network snapshot net.json: missing section "securityGroupRules" (the output of aws ec2 describe-security-group-rules)',
    ],
    [
      'a section of the wrong type',
      (r: Json) => {
        r.networkInterfaces = [];
      },
      'network snapshot net.json: networkInterfaces: expected object, got an array',
    ],
    [
      'a list missing inside its section',
      (r: Json) => {
        r.securityGroupRules = {};
      },
      'network snapshot net.json: securityGroupRules.SecurityGroupRules: missing',
    ],
    [
      'a group ID that is not sg-<hex>',
      (r: Json) => {
        r.networkInterfaces.NetworkInterfaces[2].Groups[0].GroupId = 'default';
      },
      'network snapshot net.json: networkInterfaces.NetworkInterfaces[2].Groups[0].GroupId: expected a security group ID (sg-<hex>), got "default"',
    ],
    [
      'a port that is a string',
      (r: Json) => {
        r.securityGroupRules.SecurityGroupRules[0].FromPort = '443';
      },
      'network snapshot net.json: securityGroupRules.SecurityGroupRules[0].FromPort: expected number, got a string "443"',
    ],
    [
      'IsEgress missing',
      (r: Json) => {
        delete r.securityGroupRules.SecurityGroupRules[0].IsEgress;
      },
      'network snapshot net.json: securityGroupRules.SecurityGroupRules[0].IsEgress: missing',
    ],
    [
      'a bad IP address',
      (r: Json) => {
        r.networkInterfaces.NetworkInterfaces[0].PrivateIpAddress = '10.0.1';
      },
      'network snapshot net.json: networkInterfaces.NetworkInterfaces[0].PrivateIpAddress: expected an IP address, got "10.0.1"',
    ],
    [
      'a bad delegated prefix',
      (r: Json) => {
        r.networkInterfaces.NetworkInterfaces[2].Ipv4Prefixes[0].Ipv4Prefix = '10.0.1.64/40';
      },
      'network snapshot net.json: networkInterfaces.NetworkInterfaces[2].Ipv4Prefixes[0].Ipv4Prefix: expected a CIDR block, got "10.0.1.64/40"',
    ],
    [
      'a cluster name with a shell metacharacter',
      (r: Json) => {
        r.cluster.cluster.name = 'x;rm';
      },
      'network snapshot net.json: cluster.cluster.name: expected an EKS cluster name, got "x;rm"',
    ],
    [
      'a network ACL ID that is not acl-<hex>',
      (r: Json) => {
        r.networkAcls = { NetworkAcls: [{ NetworkAclId: 'acl-x; reboot', Entries: [] }] };
      },
      'network snapshot net.json: networkAcls.NetworkAcls[0].NetworkAclId: expected a network ACL ID (acl-<hex>), got "acl-x; reboot"',
    ],
    [
      'a network ACL entry with an unknown action',
      (r: Json) => {
        r.networkAcls = {
          NetworkAcls: [
            {
              NetworkAclId: 'acl-0a0a0a0a0a0a0a0a1',
              Entries: [{ RuleNumber: 100, Protocol: '-1', RuleAction: 'permit', Egress: false }],
            },
          ],
        };
      },
      'network snapshot net.json: networkAcls.NetworkAcls[0].Entries[0].RuleAction: expected allow or deny, got "permit"',
    ],
    [
      'a network ACL rule number out of range',
      (r: Json) => {
        r.networkAcls = {
          NetworkAcls: [
            {
              NetworkAclId: 'acl-0a0a0a0a0a0a0a0a1',
              Entries: [{ RuleNumber: 40000, Protocol: '-1', RuleAction: 'allow', Egress: false }],
            },
          ],
        };
      },
      'network snapshot net.json: networkAcls.NetworkAcls[0].Entries[0].RuleNumber: expected a rule number (1-32768), got "40000"',
    ],
    [
      'a subnet with a bad CIDR',
      (r: Json) => {
        r.subnets = {
          Subnets: [{ SubnetId: 'subnet-0a0a0a0a0a0a0a0a1', CidrBlock: '10.0.1.0/33' }],
        };
      },
      'network snapshot net.json: subnets.Subnets[0].CidrBlock: expected a CIDR block, got "10.0.1.0/33"',
    ],
    [
      'the describe-cluster wrapper missing',
      (r: Json) => {
        r.cluster = r.cluster.cluster;
      },
      'network snapshot net.json: cluster.cluster: missing',
    ],
  ] as const)('rejects %s with a one-line message naming it', (_what, mutate, message) => {
    // Act
    const problem = problemOf(mutate);

    // Assess
    expect(problem).toBe(message);
    expect(problem).not.toContain('\n');
  });

  it('quotes a refused value as JSON, keeping it raw for the output to neutralise', () => {
    // Act
    const problem = problemOf((r: Json) => {
      r.subnets = {
        Subnets: [{ SubnetId: 'subnet-0a0a0a0a0a0a0a0a1', CidrBlock: '10.0.1.0/24\u202e\u2028x' }],
      };
    });

    // Assess
    expect(problem).toBe(
      'network snapshot net.json: subnets.Subnets[0].CidrBlock: expected a CIDR block, got "10.0.1.0/24\u202e\u2028x"',
    );
  });

  it('rejects JSON that is not an object', () => {
    // Act / Assess
    expect(() => parseNetworkSnapshot([], 'net.json')).toThrow(
      new InputError('network snapshot net.json: expected a JSON object, got an array'),
    );
  });

  it('rejects text that is not JSON, naming the file', () => {
    // Act / Assess
    expect(() => readNetworkSnapshot('{"cluster":', 'net.json')).toThrow(
      /^network snapshot net.json is not valid JSON: /,
    );
  });

  it('keeps fields it does not read', () => {
    // Prepare
    const raw = valid() as Json;
    raw.networkInterfaces.NetworkInterfaces[0].MacAddress = '02:00:00:00:00:01';

    // Act
    const snapshot = parseNetworkSnapshot(raw, 'net.json');

    // Assess
    expect(snapshot.networkInterfaces.NetworkInterfaces[0]).toHaveProperty(
      'MacAddress',
      '02:00:00:00:00:01',
    );
  });
});

describe('buildNetworkModel', () => {
  it('reads the region from the cluster ARN, the groups of the cluster and the X-ENIs', () => {
    // Prepare
    const snapshot = parseNetworkSnapshot(valid(), 'net.json');

    // Act
    const model = buildNetworkModel(snapshot);

    // Assess
    expect(model.cluster).toMatchObject({
      name: 'demo',
      region: 'eu-west-1',
      clusterSecurityGroupId: SG.cluster,
      additionalGroupIds: [SG.extra],
    });
    expect(model.controlPlaneEnis.map((e) => e.id)).toHaveLength(2);
  });

  it('normalises protocol numbers and drops ports of all-traffic rules', () => {
    // Prepare
    const raw = rawSnapshotOf({
      enis: [],
      rules: [
        { group: SG.node, protocol: '6', from: 80, to: 81, ref: SG.cluster },
        { group: SG.node, protocol: '-1', ref: SG.cluster },
      ],
    });

    // Act
    const model = buildNetworkModel(parseNetworkSnapshot(raw, 'x'));

    // Assess
    expect(model.rulesByGroup.get(SG.node)?.map((r) => [r.protocol, r.fromPort, r.toPort])).toEqual(
      [
        ['tcp', 80, 81],
        ['-1', null, null],
      ],
    );
  });

  it('skips a rule with no peer and remembers it', () => {
    // Prepare
    const raw = rawSnapshotOf({
      enis: [],
      rules: [{ group: SG.node, from: 80, id: 'sgr-0000000000000dead' }],
    });

    // Act
    const model = buildNetworkModel(parseNetworkSnapshot(raw, 'x'));

    // Assess
    expect(model.skippedRules).toEqual(['sgr-0000000000000dead']);
    expect(model.rulesByGroup.size).toBe(0);
  });
});
