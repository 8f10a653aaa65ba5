import { describe, expect, it } from 'vitest';
import { type AnalysisPolicy, analyzeLogEvents } from '#core/build-report.ts';
import { DEFAULT_QUOTA_LIMITS } from '#core/recommend/quotas.ts';
import { renderCloudFormation } from '#render/fixes/cloudformation.ts';
import { REFERENCE_TIME, webhookDialLine } from '#test/helpers/apiserver-lines.ts';
import {
  ACL,
  ALLOW_ALL_ENTRIES,
  clusterSgDefaults,
  type RuleSpec,
  SG,
  SUBNET,
  SUBNETS,
  snapshotOf,
  xenisInSubnets,
} from '#test/helpers/network-fixture.ts';
import { ingressRule, reportWith } from '#test/helpers/report-fixture.ts';

const LBC = ['vingress.elbv2.k8s.aws', 'aws-load-balancer-webhook-service.kube-system'] as const;
const GATEKEEPER = [
  'check-ignore-label.gatekeeper.sh',
  'gatekeeper-webhook-service.gatekeeper-system',
] as const;

/** `n` ingress rules on the node group from the cluster group, on ports 1000, 1001... */
function filler(n: number): RuleSpec[] {
  return Array.from({ length: n }, (_, i) => ({ group: SG.node, from: 1000 + i, ref: SG.cluster }));
}

// Two webhooks fail on a node of the cluster: TCP 9443 and TCP 8443 both need an ingress rule on
// the node group, and (behind the endpoint ACL that denies everything) ACL entries.
function analyze(rules: readonly RuleSpec[], policy: AnalysisPolicy = {}) {
  const snapshot = snapshotOf({
    enis: [
      ...xenisInSubnets(),
      {
        id: 'eni-0f1e2d3c4b5a60303',
        groups: [SG.node],
        ips: ['10.0.3.50'],
        instanceId: 'i-0a1b2c3d4e5f60003',
        subnet: SUBNET.c,
        tags: { 'kubernetes.io/cluster/demo': 'owned' },
      },
    ],
    rules: [...clusterSgDefaults(), ...rules],
    subnets: SUBNETS,
    networkAcls: [
      { id: ACL.a, subnets: [SUBNET.a, SUBNET.b], entries: ALLOW_ALL_ENTRIES },
      { id: ACL.c, subnets: [SUBNET.c], entries: [{ n: 100, egress: true, protocol: '-1' }] },
    ],
  });
  const lines = [
    webhookDialLine(0, ...LBC, '10.0.3.50', 9443),
    webhookDialLine(1, ...GATEKEEPER, '10.0.3.50', 8443),
  ];
  return analyzeLogEvents(
    lines.map((message) => ({ message })),
    snapshot,
    { referenceTime: REFERENCE_TIME, ...policy },
  );
}

describe('quotas checked before they bite', () => {
  it('proposes the rules that fit in a group with 59 inbound rules and refuses the rest with a reason', () => {
    // Act
    const report = analyze(filler(59));

    // Assess
    expect(report.recommendations.map((r) => [r.groupId, r.fromPort])).toEqual([[SG.node, 8443]]);
    const refused = report.findings.find((f) => f.port === 9443);
    expect(refused?.reason).toContain(
      `The ingress rule for TCP 9443 on ${SG.node} is not proposed: the group would exceed the quota of 60 ingress rules.`,
    );
    expect(report.notes).toContainEqual({
      code: 'quota-rules-per-group',
      message: expect.stringContaining(
        `1 ingress rule(s) on ${SG.node} not proposed: the group has 59 ingress rules and the quota is 60 per direction`,
      ),
    });
  });

  it('proposes both rules when the group has room', () => {
    // Act
    const report = analyze(filler(58));

    // Assess
    expect(report.recommendations.map((r) => r.fromPort).sort()).toEqual([8443, 9443]);
    expect(report.notes.map((n) => n.code)).not.toContain('quota-rules-per-group');
  });

  it('takes the rules-per-group quota from the policy (a raised or lowered quota)', () => {
    // Act
    const report = analyze(filler(59), {
      limits: { ...DEFAULT_QUOTA_LIMITS, rulesPerGroup: 100 },
    });

    // Assess
    expect(report.recommendations).toHaveLength(2);
  });

  it('refuses the ACL entries that would take a direction of the ACL past its quota, the * entry counted', () => {
    // Act: ACL c has only its IPv4 * entry inbound; four entries are needed (two ports, two
    // X-ENI subnets): with a quota of 2, one fits.
    const report = analyze([], { limits: { ...DEFAULT_QUOTA_LIMITS, aclEntriesPerDirection: 2 } });

    // Assess
    const inbound = report.networkAclEntries?.filter(
      (e) => e.networkAclId === ACL.c && e.direction === 'ingress',
    );
    expect(inbound).toHaveLength(1);
    expect(report.notes).toContainEqual({
      code: 'quota-acl-entries',
      message: expect.stringContaining(
        `3 ingress entries for IPv4 in ${ACL.c} not proposed: the quota is 2 ingress entries per network ACL and address family, the * entry included`,
      ),
    });
    expect(report.findings.map((f) => f.reason).join(' ')).toContain(
      `ACL entry for 10.0.2.0/24 in ${ACL.c} is not proposed: the ACL would exceed the quota of 2 ingress entries.`,
    );
  });

  it('says when the fixes need more CloudFormation resources than one template holds', () => {
    // Act
    const report = analyze([], { limits: { ...DEFAULT_QUOTA_LIMITS, templateResources: 3 } });

    // Assess
    expect(report.notes).toContainEqual({
      code: 'quota-template-resources',
      message: expect.stringMatching(
        /^The fixes need \d+ CloudFormation resources, more than the 3/,
      ),
    });
  });
});

describe('renderCloudFormation and the 500-resource limit', () => {
  it('splits 510 rules into two complete templates of at most 500 resources', () => {
    // Prepare
    const rules = Array.from({ length: 510 }, (_, i) =>
      ingressRule({ fromPort: 2000 + i, toPort: 2000 + i }),
    );

    // Act
    const text = renderCloudFormation(reportWith(rules));

    // Assess
    const templates = text
      .split(/\n(?=\{)/)
      .map((doc) => JSON.parse(doc) as { Description: string; Resources: object });
    expect(templates.map((t) => Object.keys(t.Resources).length)).toEqual([500, 10]);
    expect(templates.map((t) => t.Description)).toEqual([
      expect.stringContaining('(part 1 of 2)'),
      expect.stringContaining('(part 2 of 2)'),
    ]);
  });

  it('keeps one template, with no part number, for 500 resources', () => {
    // Prepare
    const rules = Array.from({ length: 500 }, (_, i) =>
      ingressRule({ fromPort: 2000 + i, toPort: 2000 + i }),
    );

    // Act
    const template = JSON.parse(renderCloudFormation(reportWith(rules)));

    // Assess
    expect(Object.keys(template.Resources)).toHaveLength(500);
    expect(template.Description).not.toContain('part');
  });
});
