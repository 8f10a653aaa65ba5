import { describe, expect, it } from 'vitest';
import { analyzeLogEvents } from '#core/build-report.ts';
import { REFERENCE_TIME, webhookDialLine } from '#test/helpers/apiserver-lines.ts';
import {
  ACL,
  ALLOW_ALL_ENTRIES,
  clusterSgDefaults,
  type NaclEntrySpec,
  type NaclSpec,
  type NetworkSpec,
  type RuleSpec,
  SG,
  SUBNET,
  SUBNETS,
  snapshotOf,
  xenisInSubnets,
} from '#test/helpers/network-fixture.ts';

// The AWS Load Balancer Controller's webhook dialled at 10.0.3.50:9443 (subnet c), from X-ENIs in
// subnets a and b. The ACLs of a and b allow everything unless a case says otherwise.
const LBC = ['vingress.elbv2.k8s.aws', 'aws-load-balancer-webhook-service.kube-system'] as const;
const SG_ALLOWS: RuleSpec[] = [
  ...clusterSgDefaults(),
  { group: SG.node, from: 9443, ref: SG.cluster },
];
const ENDPOINT = {
  id: 'eni-0f1e2d3c4b5a60303',
  groups: [SG.node],
  ips: ['10.0.3.50'],
  instanceId: 'i-0a1b2c3d4e5f60003',
  subnet: SUBNET.c,
  tags: { 'kubernetes.io/cluster/demo': 'owned' },
};
const OUT_ALL: NaclEntrySpec = { n: 100, egress: true, protocol: '-1' };

function endpointAcl(entries: readonly NaclEntrySpec[]): NaclSpec[] {
  return [
    { id: ACL.a, subnets: [SUBNET.a, SUBNET.b], entries: ALLOW_ALL_ENTRIES },
    { id: ACL.c, subnets: [SUBNET.c], entries },
  ];
}

function analyze(spec: Partial<NetworkSpec> & Pick<NetworkSpec, 'rules'>) {
  const snapshot = snapshotOf({ enis: [...xenisInSubnets(), ENDPOINT], subnets: SUBNETS, ...spec });
  const line = webhookDialLine(0, ...LBC, '10.0.3.50', 9443);
  return analyzeLogEvents([{ message: line }], snapshot, { referenceTime: REFERENCE_TIME });
}

describe('network ACLs in the verdict', () => {
  it('is nacl-blocked when the groups allow the call and the endpoint ACL denies it, with the entry that fixes it', () => {
    // Prepare
    const acls = endpointAcl([
      { n: 100, deny: true, from: 9443 },
      { n: 200, protocol: '-1' },
      OUT_ALL,
    ]);

    // Act
    const report = analyze({ rules: SG_ALLOWS, networkAcls: acls });

    // Assess
    const [finding] = report.findings;
    expect(finding?.verdict).toBe('nacl-blocked');
    expect(report.recommendations).toEqual([]);
    expect(finding?.reason).toContain(
      `Network ACL ${ACL.c} of subnet ${SUBNET.c} (the endpoint's) denies inbound TCP 9443 from 10.0.1.10, 10.0.2.10 (rule 100 denies it).`,
    );
    // The second subnet's entry takes the next free number: two fixes never share one.
    expect(finding?.reason).toContain(
      'Fix: allow TCP 9443 in from 10.0.1.0/24 as rule 99; allow TCP 9443 in from 10.0.2.0/24 as rule 98.',
    );
    expect(finding?.reason).toContain('The security groups allow TCP 9443');
    expect(
      report.networkAclEntries?.map((e) => [e.networkAclId, e.direction, e.ruleNumber, e.cidr]),
    ).toEqual([
      [ACL.c, 'ingress', 99, '10.0.1.0/24'],
      [ACL.c, 'ingress', 98, '10.0.2.0/24'],
    ]);
  });

  it('numbers the fix after the last entry when only the final * rule denies', () => {
    const acls = endpointAcl([{ n: 100, from: 443 }, { n: 110, from: 10250 }, OUT_ALL]);
    const [finding] = analyze({ rules: SG_ALLOWS, networkAcls: acls }).findings;
    expect(finding?.verdict).toBe('nacl-blocked');
    expect(finding?.reason).toContain('(the final * rule denies it)');
    expect(finding?.reason).toContain('Fix: allow TCP 9443 in from 10.0.1.0/24 as rule 200;');
  });

  it('names the reply ports when the endpoint ACL lets only some of them out', () => {
    const acls = endpointAcl([
      { n: 100, protocol: '-1' },
      { n: 100, egress: true, from: 49152, to: 65535 },
    ]);
    const [finding] = analyze({ rules: SG_ALLOWS, networkAcls: acls }).findings;
    expect(finding?.verdict).toBe('nacl-blocked');
    expect(finding?.reason).toContain(
      'denies outbound the replies on TCP 1024-49151 of the ephemeral ports 1024-65535 (so only some calls fail) to 10.0.1.10, 10.0.2.10 (the final * rule denies it)',
    );
    expect(finding?.reason).toContain(
      'Fix: allow TCP 1024-49151 out to 10.0.1.0/24 as rule 200; allow TCP 1024-49151 out to 10.0.2.0/24 as rule 300.',
    );
  });

  it('lets the replies back on 1024-65535 by default, the range AWS recommends for mixed clients, and says why', () => {
    // Act: the endpoint ACL lets the calls in and nothing out.
    const report = analyze({
      rules: SG_ALLOWS,
      networkAcls: endpointAcl([{ n: 100, protocol: '-1' }]),
    });

    // Assess
    const replies = report.networkAclEntries?.filter((e) => e.direction === 'egress');
    expect(replies?.map((e) => [e.fromPort, e.toPort, e.cidr])).toEqual([
      [1024, 65535, '10.0.1.0/24'],
      [1024, 65535, '10.0.2.0/24'],
    ]);
    expect(replies?.[0]?.reason).toContain(
      'EKS does not document the source ports its connections use, so the range is the one the Amazon VPC guide recommends for clients of any operating system (1024-65535; --reply-ports sets another)',
    );
  });

  it('uses the reply ports it is given (e.g. the Linux 32768-60999)', () => {
    // Prepare
    const snapshot = snapshotOf({
      enis: [...xenisInSubnets(), ENDPOINT],
      subnets: SUBNETS,
      rules: SG_ALLOWS,
      networkAcls: endpointAcl([{ n: 100, protocol: '-1' }]),
    });
    const line = webhookDialLine(0, ...LBC, '10.0.3.50', 9443);

    // Act
    const report = analyzeLogEvents([{ message: line }], snapshot, {
      referenceTime: REFERENCE_TIME,
      replyPorts: { from: 32768, to: 60999 },
    });

    // Assess
    expect(
      report.networkAclEntries
        ?.filter((e) => e.direction === 'egress')
        .map((e) => [e.fromPort, e.toPort]),
    ).toEqual([
      [32768, 60999],
      [32768, 60999],
    ]);
  });

  it('says when no rule number is free below the deny', () => {
    const acls = endpointAcl([{ n: 1, deny: true, protocol: '-1' }, OUT_ALL]);
    const [finding] = analyze({ rules: SG_ALLOWS, networkAcls: acls }).findings;
    expect(finding?.reason).toContain(
      `(rule 1 denies it). Fix: no free rule number comes before the denying entry in ${ACL.c}'s ingress entries: renumber them to make room for an allow entry. The security groups`,
    );
  });

  it('falls back to the address itself when the snapshot lists no subnets', () => {
    const acls = endpointAcl([{ n: 100, deny: true, from: 9443 }, OUT_ALL]);
    const [finding] = analyze({ rules: SG_ALLOWS, networkAcls: acls, subnets: [] }).findings;
    expect(finding?.reason).toContain(
      "Fix: allow TCP 9443 in from 10.0.1.10/32 as rule 99 (the snapshot lists no subnets: use the CIDR of the address's subnet instead",
    );
  });

  it('is allowed, saying the ACLs were checked, when groups and ACLs allow the path', () => {
    const [finding] = analyze({
      rules: SG_ALLOWS,
      networkAcls: endpointAcl(ALLOW_ALL_ENTRIES),
    }).findings;
    expect(finding?.verdict).toBe('allowed');
    expect(finding?.reason).toContain(
      'The security groups and network ACLs already allow TCP 9443',
    );
    expect(finding?.reason).toContain('check routes and the pod itself');
  });

  it('is allowed with the ACLs unchecked when the snapshot has none', () => {
    const [finding] = analyze({ rules: SG_ALLOWS }).findings;
    expect(finding?.verdict).toBe('allowed');
    expect(finding?.reason).toContain('The security groups already allow TCP 9443');
    expect(finding?.reason).toContain('check network ACLs, routes, and the pod itself');
  });

  it('says why the ACLs could not be checked when a subnet has no ACL in the snapshot', () => {
    const acls: NaclSpec[] = [{ id: ACL.c, subnets: [SUBNET.c], entries: ALLOW_ALL_ENTRIES }];
    const [finding] = analyze({ rules: SG_ALLOWS, networkAcls: acls }).findings;
    expect(finding?.verdict).toBe('allowed');
    expect(finding?.reason).toContain(
      `The network ACLs could not be checked: no network ACL of subnet ${SUBNET.a} is in the snapshot`,
    );
  });

  it('stays blocked with the group rule, and adds the ACL fix, when both are in the way', () => {
    const acls = endpointAcl([{ n: 100, deny: true, from: 9443 }, OUT_ALL]);
    const report = analyze({ rules: clusterSgDefaults(), networkAcls: acls });
    const [finding] = report.findings;
    expect(finding?.verdict).toBe('blocked');
    expect(report.recommendations).toEqual([
      expect.objectContaining({ action: 'authorize-ingress', groupId: SG.node, fromPort: 9443 }),
    ]);
    expect(finding?.reason).toContain('A network ACL is in the way too: Network ACL');
    expect(finding?.reason).toContain('Fix: allow TCP 9443 in from 10.0.1.0/24 as rule 99;');
  });

  it('proposes each ACL entry once for every finding that needs it, never two with one number', () => {
    // Prepare: rule 100 of the endpoint subnet's ACL denies all TCP in. The webhook is called at
    // two pods (one entry per X-ENI subnet serves both), cert-manager on 10250 at one.
    const second = { ...ENDPOINT, id: 'eni-0f1e2d3c4b5a60304', ips: ['10.0.3.60'] };
    const snapshot = snapshotOf({
      enis: [...xenisInSubnets(), ENDPOINT, second],
      subnets: SUBNETS,
      rules: [...SG_ALLOWS, { group: SG.node, from: 10250, ref: SG.cluster }],
      networkAcls: endpointAcl([
        { n: 100, deny: true, from: 0, to: 65535 },
        { n: 200, protocol: '-1' },
        OUT_ALL,
      ]),
    });
    const lines = [
      webhookDialLine(0, ...LBC, '10.0.3.50', 9443),
      webhookDialLine(
        1,
        'webhook.cert-manager.io',
        'cert-manager-webhook.cert-manager',
        '10.0.3.50',
        10250,
      ),
      webhookDialLine(2, ...LBC, '10.0.3.60', 9443),
    ];

    // Act
    const report = analyzeLogEvents(
      lines.map((message) => ({ message })),
      snapshot,
      { referenceTime: REFERENCE_TIME },
    );

    // Assess
    expect(report.findings.map((f) => f.verdict)).toEqual([
      'nacl-blocked',
      'nacl-blocked',
      'nacl-blocked',
    ]);
    expect(
      report.networkAclEntries?.map((e) => [
        e.networkAclId,
        e.direction,
        e.ruleNumber,
        e.fromPort,
        e.cidr,
        e.findings,
      ]),
    ).toEqual([
      [ACL.c, 'ingress', 99, 9443, '10.0.1.0/24', [0, 2]],
      [ACL.c, 'ingress', 98, 9443, '10.0.2.0/24', [0, 2]],
      [ACL.c, 'ingress', 97, 10250, '10.0.1.0/24', [1]],
      [ACL.c, 'ingress', 96, 10250, '10.0.2.0/24', [1]],
    ]);
    expect(report.networkAclEntries?.[0]).toMatchObject({
      subnetId: SUBNET.c,
      protocol: 'tcp',
      toPort: 9443,
      reason: `Lets TCP 9443 in from 10.0.1.0/24 (subnet ${SUBNET.a}) through ${ACL.c}, which rule 100 denies today.`,
    });
    expect(report.findings[2]?.reason).toContain('allow TCP 9443 in from 10.0.1.0/24 as rule 99;');
    expect(report.findings[1]?.reason).toContain('allow TCP 10250 in from 10.0.1.0/24 as rule 97;');
  });

  it('has no networkAclEntries when the snapshot has no ACLs', () => {
    expect(analyze({ rules: SG_ALLOWS }).networkAclEntries).toBeUndefined();
    expect(
      analyze({ rules: SG_ALLOWS, networkAcls: endpointAcl(ALLOW_ALL_ENTRIES) }).networkAclEntries,
    ).toEqual([]);
  });
});

describe('network ACLs of a dual-stack VPC', () => {
  it('numbers the IPv6 fix after the last entry when only the IPv6 * rule (32768) denies, and calls it the final * rule', () => {
    // Prepare: the endpoint's ACL allows IPv4 only; its IPv6 traffic meets the IPv6 `*` entry.
    const endpoint = { ...ENDPOINT, ipv6: ['fd00:3::50'] };
    const subnets = [
      { id: SUBNET.a, cidr: '10.0.1.0/24', ipv6: 'fd00:1::/64' },
      { id: SUBNET.b, cidr: '10.0.2.0/24', ipv6: 'fd00:2::/64' },
      { id: SUBNET.c, cidr: '10.0.3.0/24', ipv6: 'fd00:3::/64' },
    ];
    const snapshot = snapshotOf({
      enis: [...xenisInSubnets(), endpoint],
      subnets,
      rules: [...SG_ALLOWS, { group: SG.node, from: 9443, cidrV6: '::/0' }],
      networkAcls: endpointAcl([
        { n: 100, protocol: '-1' },
        { n: 100, egress: true, protocol: '-1' },
      ]),
    });
    const line = webhookDialLine(0, ...LBC, 'fd00:3::50', 9443);

    // Act
    const report = analyzeLogEvents([{ message: line }], snapshot, {
      referenceTime: REFERENCE_TIME,
    });

    // Assess
    const [finding] = report.findings;
    expect(finding?.verdict).toBe('nacl-blocked');
    expect(finding?.reason).toContain('the final * rule denies it');
    expect(finding?.reason).not.toContain('rule 32768');
    const ingress = report.networkAclEntries?.filter(
      (e) => e.networkAclId === ACL.c && e.direction === 'ingress',
    );
    expect(ingress?.map((e) => [e.ruleNumber, e.cidr])).toEqual([
      [200, 'fd00:1::/64'],
      [300, 'fd00:2::/64'],
    ]);
  });
});
