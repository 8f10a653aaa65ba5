import { describe, expect, it } from 'vitest';
import { buildNetworkModel } from '#core/network/build-model.ts';
import { aclDecision, evaluateNaclPath, REPLY_PORTS } from '#core/network/evaluate-nacl.ts';
import { controlPlaneSources } from '#core/network/evaluate-path.ts';
import { type IpAddress, parseIp } from '#core/network/ip.ts';
import type { NetworkAcl, NetworkModel } from '#core/network/model.ts';
import {
  ACL,
  ALLOW_ALL_ENTRIES,
  clusterSgDefaults,
  type EniSpec,
  type NaclEntrySpec,
  type NaclSpec,
  SG,
  SUBNET,
  SUBNETS,
  snapshotOf,
  xenisInSubnets,
} from '#test/helpers/network-fixture.ts';

// Control plane: X-ENIs 10.0.1.10 (subnet A) and 10.0.2.10 (subnet B). Endpoint: 10.0.3.50
// (subnet C). Each subnet has its own ACL unless a case says otherwise.
const ALLOW_ALL = ALLOW_ALL_ENTRIES;

function ip(text: string): IpAddress {
  const parsed = parseIp(text);
  if (!parsed) throw new Error(`bad test address ${text}`);
  return parsed;
}

function endpoint(overrides: Partial<EniSpec> = {}): EniSpec {
  return {
    id: 'eni-0f1e2d3c4b5a60303',
    groups: [SG.node],
    ips: ['10.0.3.50'],
    instanceId: 'i-0a1b2c3d4e5f60003',
    subnet: SUBNET.c,
    ...overrides,
  };
}

function modelOf(acls: readonly NaclSpec[], dest: EniSpec = endpoint()): NetworkModel {
  return buildNetworkModel(
    snapshotOf({
      enis: [...xenisInSubnets(), dest],
      rules: clusterSgDefaults(),
      networkAcls: acls,
      subnets: SUBNETS,
    }),
  );
}

function aclOf(entries: readonly NaclEntrySpec[]): NetworkAcl {
  const acl = modelOf([{ id: ACL.c, subnets: [SUBNET.c], entries }]).networkAcls?.bySubnet.get(
    SUBNET.c,
  );
  if (!acl) throw new Error('ACL not built');
  return acl;
}

function evaluate(model: NetworkModel, port = 9443) {
  const acls = model.networkAcls;
  if (!acls) throw new Error('no ACLs in the model');
  return evaluateNaclPath(
    acls,
    controlPlaneSources(model),
    { ip: ip('10.0.3.50'), subnetId: SUBNET.c },
    { protocol: 'tcp', port, family: 4 },
  );
}

const PORT_9443 = { from: 9443, to: 9443 };
const FROM_CP = ip('10.0.1.10');

describe('aclDecision (first matching entry in rule-number order decides)', () => {
  it('an allow numbered before a deny admits the port', () => {
    const acl = aclOf([
      { n: 200, deny: true, from: 9443 },
      { n: 100, from: 9443 },
    ]);
    expect(aclDecision(acl, 'ingress', FROM_CP, 'tcp', PORT_9443)).toEqual([]);
  });

  it('a deny numbered before an allow denies it, naming the deny', () => {
    const acl = aclOf([
      { n: 100, deny: true, from: 9443 },
      { n: 200, from: 9443 },
    ]);
    const denied = aclDecision(acl, 'ingress', FROM_CP, 'tcp', PORT_9443);
    expect(denied.map((d) => [d.ports, d.entry?.ruleNumber, d.entry?.action])).toEqual([
      [PORT_9443, 100, 'deny'],
    ]);
  });

  it('what no entry but the final * matches is denied by it', () => {
    const acl = aclOf([{ n: 100, from: 443 }]);
    const denied = aclDecision(acl, 'ingress', FROM_CP, 'tcp', PORT_9443);
    expect(denied.map((d) => d.entry?.ruleNumber)).toEqual([32767]);
  });

  it('with no entry at all (not even *), the port is denied by no entry', () => {
    const acl: NetworkAcl = { id: ACL.c, isDefault: false, entries: [] };
    expect(aclDecision(acl, 'ingress', FROM_CP, 'tcp', PORT_9443)).toEqual([
      { ports: PORT_9443, entry: null },
    ]);
  });

  it('decides each port of a range on its own: the Linux reply ports against a 49152-65535 allow', () => {
    const acl = aclOf([{ n: 100, egress: true, from: 49152, to: 65535 }]);
    const denied = aclDecision(acl, 'egress', FROM_CP, 'tcp', { from: 32768, to: 60999 });
    expect(denied.map((d) => [d.ports, d.entry?.ruleNumber])).toEqual([
      [{ from: 32768, to: 49151 }, 32767],
    ]);
  });

  it('a deny in the middle of an allowed range splits it', () => {
    const acl = aclOf([
      { n: 90, egress: true, deny: true, from: 40000, to: 40010 },
      { n: 100, egress: true, from: 1024, to: 65535 },
    ]);
    const denied = aclDecision(acl, 'egress', FROM_CP, 'tcp', REPLY_PORTS);
    expect(denied.map((d) => [d.ports, d.entry?.ruleNumber])).toEqual([
      [{ from: 40000, to: 40010 }, 90],
    ]);
  });

  it('matches protocol, address family, CIDR and direction', () => {
    const cases: ReadonlyArray<readonly [string, NaclEntrySpec, boolean]> = [
      ['all protocols (-1)', { n: 100, protocol: '-1' }, true],
      ['UDP only', { n: 100, protocol: '17', from: 9443 }, false],
      ['ICMP', { n: 100, protocol: '1' }, false],
      ['a CIDR holding the peer', { n: 100, cidr: '10.0.0.0/16', from: 9443 }, true],
      ['a CIDR not holding it', { n: 100, cidr: '10.1.0.0/16', from: 9443 }, false],
      ['an IPv6 CIDR for an IPv4 peer', { n: 100, cidrV6: '::/0', from: 9443 }, false],
      ['an egress entry for ingress', { n: 100, egress: true, from: 9443 }, false],
      ['another port range', { n: 100, from: 8443, to: 9442 }, false],
    ];
    for (const [label, entry, admits] of cases) {
      const denied = aclDecision(aclOf([entry]), 'ingress', FROM_CP, 'tcp', PORT_9443);
      expect(denied.length === 0, label).toBe(admits);
    }
  });
});

describe('evaluateNaclPath (stateless: request and reply, on both subnets)', () => {
  const own = (entries: readonly NaclEntrySpec[]): NaclSpec[] => [
    { id: ACL.a, subnets: [SUBNET.a], entries: ALLOW_ALL },
    { id: ACL.b, subnets: [SUBNET.b], entries: ALLOW_ALL },
    { id: ACL.c, subnets: [SUBNET.c], entries },
  ];

  it('allows a path whose four crossings are allowed', () => {
    expect(evaluate(modelOf(own(ALLOW_ALL)))).toEqual({
      verdict: 'allowed',
      denials: [],
      unknownWhy: [],
    });
  });

  it("denies the request when the endpoint's ACL admits only 443 in", () => {
    const result = evaluate(modelOf(own([{ n: 100, from: 443 }, ALLOW_ALL[1] as NaclEntrySpec])));
    expect(result.verdict).toBe('denied');
    expect(
      result.denials.map((d) => [
        d.acl.id,
        d.side,
        d.direction,
        d.leg,
        d.peer.text,
        d.peerSubnetId,
      ]),
    ).toEqual([
      [ACL.c, 'endpoint', 'ingress', 'request', '10.0.1.10', SUBNET.a],
      [ACL.c, 'endpoint', 'ingress', 'request', '10.0.2.10', SUBNET.b],
    ]);
  });

  it("denies the replies when the endpoint's ACL lets out only 443", () => {
    const result = evaluate(
      modelOf(
        own([
          { n: 100, protocol: '-1' },
          { n: 100, egress: true, from: 443 },
        ]),
      ),
    );
    expect(result.denials.map((d) => [d.direction, d.leg, d.ports])).toEqual([
      ['egress', 'reply', REPLY_PORTS],
      ['egress', 'reply', REPLY_PORTS],
    ]);
  });

  it("checks the control plane's side too: out to the port, replies back in", () => {
    const acls: NaclSpec[] = [
      { id: ACL.a, subnets: [SUBNET.a, SUBNET.b], entries: [{ n: 100, egress: true, from: 443 }] },
      { id: ACL.c, subnets: [SUBNET.c], entries: ALLOW_ALL },
    ];
    const result = evaluate(modelOf(acls));
    expect(result.denials.map((d) => [d.acl.id, d.side, d.direction, d.leg])).toEqual([
      [ACL.a, 'control-plane', 'egress', 'request'],
      [ACL.a, 'control-plane', 'ingress', 'reply'],
      [ACL.a, 'control-plane', 'egress', 'request'],
      [ACL.a, 'control-plane', 'ingress', 'reply'],
    ]);
  });

  it('does not apply ACLs within one subnet', () => {
    const denyAll: NaclSpec[] = [
      { id: ACL.a, subnets: [SUBNET.a, SUBNET.b, SUBNET.c], entries: [] },
    ];
    const sameSubnet = modelOf(denyAll, endpoint({ subnet: SUBNET.a, ips: ['10.0.1.50'] }));
    const acls = sameSubnet.networkAcls;
    if (!acls) throw new Error('no ACLs');
    const onlyA = controlPlaneSources(sameSubnet).filter((s) => s.subnetId === SUBNET.a);
    expect(
      evaluateNaclPath(
        acls,
        onlyA,
        { ip: ip('10.0.1.50'), subnetId: SUBNET.a },
        {
          protocol: 'tcp',
          port: 9443,
          family: 4,
        },
      ).verdict,
    ).toBe('allowed');
  });

  it("uses the VPC's default ACL for a subnet no association names", () => {
    const acls: NaclSpec[] = [
      { id: ACL.vpcDefault, isDefault: true, subnets: [], entries: [{ n: 100, from: 443 }] },
    ];
    const result = evaluate(modelOf(acls));
    expect(result.verdict).toBe('denied');
    expect(new Set(result.denials.map((d) => d.acl.id))).toEqual(new Set([ACL.vpcDefault]));
  });

  it('is unknown when the control-plane sources have no subnet or address', () => {
    const model = modelOf(own(ALLOW_ALL));
    const acls = model.networkAcls;
    if (!acls) throw new Error('no ACLs');
    const result = evaluateNaclPath(
      acls,
      [{ id: 'cluster security groups', ips: [], groupIds: [SG.cluster], subnetId: null }],
      { ip: ip('10.0.3.50'), subnetId: SUBNET.c },
      { protocol: 'tcp', port: 9443, family: 4 },
    );
    expect(result.verdict).toBe('unknown');
    expect(result.unknownWhy[0]).toContain('control-plane interfaces');
  });

  it('is unknown when no ACL covers a subnet and the VPC default is not in the snapshot', () => {
    const result = evaluate(modelOf([{ id: ACL.c, subnets: [SUBNET.c], entries: ALLOW_ALL }]));
    expect(result.verdict).toBe('unknown');
    expect(result.unknownWhy).toContain(`no network ACL of subnet ${SUBNET.a} is in the snapshot`);
  });
});
