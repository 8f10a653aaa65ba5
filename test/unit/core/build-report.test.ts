import { describe, expect, it } from 'vitest';
import { analyzeLogEvents } from '#core/build-report.ts';
import type { NetworkSnapshot } from '#core/network/snapshot-schema.ts';
import { isValidRuleDescription } from '#core/recommend/rule-description.ts';
import {
  apiServiceLine,
  dialingLine,
  REFERENCE_TIME,
  webhookDialLine,
  webhookServiceLine,
} from '#test/helpers/apiserver-lines.ts';
import {
  clusterSgDefaults,
  nodeEni,
  type RuleSpec,
  SG,
  snapshotOf,
  xenis,
} from '#test/helpers/network-fixture.ts';

const LBC = ['vingress.elbv2.k8s.aws', 'aws-load-balancer-webhook-service.kube-system'] as const;
const NODE_BASELINE: RuleSpec[] = [
  { group: SG.node, from: 443, ref: SG.cluster },
  { group: SG.node, from: 10250, ref: SG.cluster },
];
const BRANCH = {
  id: 'eni-0a9b8c7d6e5f40301',
  groups: [SG.pod],
  ips: ['10.0.2.154'],
  type: 'branch',
  description: 'aws-k8s-branch-eni',
};

function analyze(lines: readonly string[], snapshot: NetworkSnapshot) {
  return analyzeLogEvents(
    lines.map((message) => ({ message })),
    snapshot,
    { referenceTime: REFERENCE_TIME },
  );
}

const GROUPS: NonNullable<Parameters<typeof snapshotOf>[0]['groups']> = [
  { id: SG.cluster, name: 'eks-cluster-sg-demo-1', tags: { 'aws:eks:cluster-name': 'demo' } },
  { id: SG.extra, name: 'demo-cluster' },
  { id: SG.node, name: 'demo-node', tags: { 'kubernetes.io/cluster/demo': 'owned' } },
  { id: SG.pod, name: 'payments-pods' },
];

function network(rules: readonly RuleSpec[], extra: Parameters<typeof snapshotOf>[0]['enis'] = []) {
  return snapshotOf({ enis: [...xenis(), nodeEni(), ...extra], rules, groups: GROUPS });
}

describe('analyzeFindings: verdicts and minimal rules', () => {
  it('proposes ingress on the node group from the cluster group when only ingress is missing', () => {
    // Prepare
    const snapshot = network([...clusterSgDefaults(), ...NODE_BASELINE]);

    // Act
    const report = analyze([webhookDialLine(0, ...LBC, '10.0.1.50', 9443)], snapshot);

    // Assess
    expect(report.findings[0]).toMatchObject({
      verdict: 'blocked',
      target: {
        ip: '10.0.1.50',
        port: 9443,
        source: 'dial-tail',
        portName: 'AWS Load Balancer Controller',
      },
      networkInterface: { id: 'eni-0f1e2d3c4b5a60101', role: 'node', match: 'exact' },
    });
    expect(report.recommendations).toEqual([
      expect.objectContaining({
        action: 'authorize-ingress',
        groupId: SG.node,
        protocol: 'tcp',
        fromPort: 9443,
        toPort: 9443,
        peer: { groupId: SG.cluster },
        findings: [0],
      }),
    ]);
    expect(report.notes).toEqual([]);
  });

  it('proposes egress on the cluster group towards the destination group when only egress is missing', () => {
    // Prepare
    const snapshot = network([
      { group: SG.cluster, protocol: '-1', ref: SG.cluster },
      { group: SG.cluster, egress: true, from: 443, ref: SG.node },
      { group: SG.cluster, egress: true, from: 10250, ref: SG.node },
      { group: SG.cluster, egress: true, protocol: 'tcp', from: 53, ref: SG.cluster },
      { group: SG.cluster, egress: true, protocol: 'udp', from: 53, ref: SG.cluster },
      ...NODE_BASELINE,
      { group: SG.node, from: 9443, ref: SG.cluster },
    ]);

    // Act
    const report = analyze([webhookDialLine(0, ...LBC, '10.0.1.50', 9443)], snapshot);

    // Assess
    expect(report.findings[0]?.verdict).toBe('blocked');
    expect(report.findings[0]?.reason).toMatch(
      /no group on the control-plane interfaces allows TCP 9443/,
    );
    expect(report.recommendations.map((r) => [r.action, r.groupId, r.fromPort, r.peer])).toEqual([
      ['authorize-egress', SG.cluster, 9443, { groupId: SG.node }],
    ]);
  });

  it('proposes both rules when both sides are missing, ingress first', () => {
    // Prepare
    const snapshot = network([
      { group: SG.cluster, protocol: '-1', ref: SG.cluster },
      { group: SG.cluster, egress: true, from: 443, ref: SG.node },
      { group: SG.cluster, egress: true, from: 10250, ref: SG.node },
      ...NODE_BASELINE,
    ]);

    // Act
    const report = analyze([webhookDialLine(0, ...LBC, '10.0.1.50', 9443)], snapshot);

    // Assess
    expect(report.recommendations.map((r) => [r.action, r.groupId, r.fromPort, r.peer])).toEqual([
      ['authorize-ingress', SG.node, 9443, { groupId: SG.cluster }],
      ['authorize-egress', SG.cluster, 9443, { groupId: SG.node }],
    ]);
  });

  it('proposes nothing for a path that is already allowed, and says where to look instead', () => {
    // Prepare
    const snapshot = network([...clusterSgDefaults(), ...NODE_BASELINE]);

    // Act
    const report = analyze(
      [
        webhookDialLine(
          0,
          'webhook.cert-manager.io',
          'cert-manager-webhook.cert-manager',
          '10.0.1.50',
          10250,
        ),
      ],
      snapshot,
    );

    // Assess
    expect(report.findings[0]?.verdict).toBe('allowed');
    expect(report.findings[0]?.reason).toMatch(
      /already allow TCP 10250 \(cert-manager\).*network ACLs, routes, and the pod itself/,
    );
    expect(report.recommendations).toEqual([]);
  });

  it('proposes nothing for connection refused: the packet reached the pod', () => {
    // Prepare
    const snapshot = network(clusterSgDefaults());

    // Act
    const report = analyze(
      [
        webhookDialLine(
          0,
          'validate.kyverno.svc-fail',
          'kyverno-svc.kyverno',
          '10.0.1.50',
          9443,
          'connect: connection refused',
        ),
      ],
      snapshot,
    );

    // Assess
    expect(report.findings[0]).toMatchObject({ verdict: 'not-network', error: 'refused' });
    expect(report.findings[0]?.reason).toMatch(/packet reached the pod.*targetPort/);
    expect(report.recommendations).toEqual([]);
  });

  it("puts the rule on the pod's group for a security-groups-for-pods branch interface", () => {
    // Prepare
    const snapshot = network(
      [...clusterSgDefaults(), ...NODE_BASELINE, { group: SG.pod, from: 8443, ref: SG.node }],
      [BRANCH],
    );

    // Act
    const report = analyze(
      [
        webhookDialLine(
          0,
          'validate.payments.example.com',
          'payments-webhook.payments',
          '10.0.2.154',
          8443,
        ),
      ],
      snapshot,
    );

    // Assess
    expect(report.findings[0]?.networkInterface).toMatchObject({
      role: 'branch',
      groupIds: [SG.pod],
    });
    expect(report.findings[0]?.reason).toMatch(
      /branch interface, so the rule goes on the pod's group/,
    );
    expect(report.recommendations.map((r) => [r.action, r.groupId, r.fromPort, r.peer])).toEqual([
      ['authorize-ingress', SG.pod, 8443, { groupId: SG.cluster }],
    ]);
  });

  it('finds pods whose IP comes from a delegated prefix (prefix delegation)', () => {
    // Prepare
    const snapshot = network([...clusterSgDefaults(), ...NODE_BASELINE]);

    // Act
    const report = analyze(
      [apiServiceLine(0, 'v1beta1.metrics.k8s.io', '10.0.1.70', 10251)],
      snapshot,
    );

    // Assess
    expect(report.findings[0]).toMatchObject({
      verdict: 'blocked',
      target: { source: 'url', portName: 'metrics-server, EKS community add-on' },
      networkInterface: { id: 'eni-0f1e2d3c4b5a60101', match: 'prefix', prefix: '10.0.1.64/28' },
    });
    expect(report.recommendations.map((r) => [r.groupId, r.fromPort])).toEqual([[SG.node, 10251]]);
  });

  it('reports an IP no interface owns with the command that finds it', () => {
    // Prepare
    const snapshot = network(clusterSgDefaults());

    // Act
    const report = analyze(
      [apiServiceLine(0, 'v1beta1.metrics.k8s.io', '10.0.9.9', 4443)],
      snapshot,
    );

    // Assess
    expect(report.findings[0]?.verdict).toBe('unknown-ip');
    expect(report.findings[0]?.reason).toContain(
      "aws ec2 describe-network-interfaces --filters 'Name=addresses.private-ip-address,Values=10.0.9.9'",
    );
    expect(report.recommendations).toEqual([]);
  });

  it('evaluates IPv6 endpoints with IPv6 rules', () => {
    // Prepare
    const snapshot = network([
      ...clusterSgDefaults(),
      { group: SG.node, from: 9443, cidr: '10.0.0.0/16' },
    ]);

    // Act
    const report = analyze([webhookDialLine(0, ...LBC, 'fd00:1::50', 9443)], snapshot);

    // Assess
    expect(report.findings[0]).toMatchObject({ verdict: 'blocked', target: { ip: 'fd00:1::50' } });
    expect(report.recommendations.map((r) => [r.groupId, r.fromPort])).toEqual([[SG.node, 9443]]);
  });

  it('aggregates repeated findings and merges findings that need the same rule', () => {
    // Prepare
    const snapshot = network([...clusterSgDefaults(), ...NODE_BASELINE]);
    const lines = [
      webhookDialLine(0, ...LBC, '10.0.1.50', 9443),
      webhookDialLine(30, ...LBC, '10.0.1.50', 9443),
      webhookDialLine(61.5, ...LBC, '10.0.1.50', 9443),
      webhookDialLine(90, 'mpod.elbv2.k8s.aws', LBC[1], '10.0.1.71', 9443),
    ];

    // Act
    const report = analyze(lines, snapshot);

    // Assess
    expect(report.findings.map((f) => [f.name, f.count, f.firstSeen, f.lastSeen])).toEqual([
      ['vingress.elbv2.k8s.aws', 3, '2026-11-28T09:00:00.000Z', '2026-11-28T09:01:01.500Z'],
      ['mpod.elbv2.k8s.aws', 1, '2026-11-28T09:01:30.000Z', '2026-11-28T09:01:30.000Z'],
    ]);
    expect(report.recommendations).toHaveLength(1);
    expect(report.recommendations[0]?.findings).toEqual([0, 1]);
    expect(report.recommendations[0]?.reason).toBe(
      `Lets ${SG.cluster} (the control plane) in on TCP 9443 (AWS Load Balancer Controller) to ${SG.node} for webhook vingress.elbv2.k8s.aws and webhook mpod.elbv2.k8s.aws at 10.0.1.50:9443 and 10.0.1.71:9443, which failed with timeout 4 times from 2026-11-28T09:00:00.000Z to 2026-11-28T09:01:30.000Z.`,
    );
  });

  it('never proposes the VPC default group and prefers a group tagged for the cluster', () => {
    // Prepare
    const snapshot = snapshotOf({
      enis: [...xenis(), nodeEni({ groups: [SG.vpcDefault, SG.other, SG.node] })],
      rules: clusterSgDefaults(),
      groups: [
        { id: SG.vpcDefault, name: 'default' },
        { id: SG.other, name: 'ssh' },
        { id: SG.node, name: 'nodes', tags: { 'kubernetes.io/cluster/demo': 'owned' } },
      ],
    });

    // Act
    const report = analyze([webhookDialLine(0, ...LBC, '10.0.1.50', 9443)], snapshot);

    // Assess
    expect(report.recommendations.map((r) => r.groupId)).toEqual([SG.node]);
  });

  it('proposes no rule when the interface carries only the VPC default group, and says why', () => {
    // Prepare
    const snapshot = snapshotOf({
      enis: [
        ...xenis(),
        nodeEni({ groups: [SG.vpcDefault], tags: { 'kubernetes.io/cluster/demo': 'owned' } }),
      ],
      rules: clusterSgDefaults(),
      groups: [{ id: SG.vpcDefault, name: 'default' }],
    });

    // Act
    const report = analyze([webhookDialLine(0, ...LBC, '10.0.1.50', 9443)], snapshot);

    // Assess
    expect(report.findings[0]?.verdict).toBe('blocked');
    expect(report.findings[0]?.reason).toMatch(/carries only the VPC default group/);
    expect(report.recommendations).toEqual([]);
  });

  it('infers the target port from the add-on catalogue when a webhook names only its service', () => {
    // Prepare
    const snapshot = network(clusterSgDefaults());

    // Act
    const report = analyze(
      [
        webhookServiceLine(
          0,
          'check-ignore-label.gatekeeper.sh',
          'gatekeeper-webhook-service.gatekeeper-system',
        ),
      ],
      snapshot,
    );

    // Assess
    expect(report.findings[0]).toMatchObject({
      verdict: 'no-target',
      target: { ip: null, port: 8443, source: 'catalogue', portName: 'OPA Gatekeeper' },
    });
    expect(report.findings[0]?.reason).toContain(
      'kubectl get endpointslices -n gatekeeper-system -l kubernetes.io/service-name=gatekeeper-webhook-service',
    );
    expect(report.findings[0]?.reason).toContain('inferred');
    expect(report.recommendations).toEqual([]);
  });

  it('uses the EKS dialer line when a webhook failure names only its service', () => {
    // Prepare
    const snapshot = network([...clusterSgDefaults(), ...NODE_BASELINE]);
    const lines = [
      dialingLine(0, '5e1a9c3f0b2d4e61', '10.0.1.72', 9443),
      webhookServiceLine(10, ...LBC),
    ];

    // Act
    const report = analyze(lines, snapshot);

    // Assess
    expect(report.findings[0]?.target).toMatchObject({
      ip: '10.0.1.72',
      port: 9443,
      source: 'dialer',
    });
    expect(report.recommendations.map((r) => [r.groupId, r.fromPort])).toEqual([[SG.node, 9443]]);
  });

  it('reports a path it cannot decide as unknown and proposes nothing for it', () => {
    // Prepare
    const snapshot = network([
      ...clusterSgDefaults(),
      ...NODE_BASELINE,
      { group: SG.node, from: 9443, pl: 'pl-0a1b2c3d4e5f60718' },
    ]);

    // Act
    const report = analyze([webhookDialLine(0, ...LBC, '10.0.1.50', 9443)], snapshot);

    // Assess
    expect(report.findings[0]?.verdict).toBe('unknown');
    expect(report.findings[0]?.reason).toMatch(
      /prefix list pl-0a1b2c3d4e5f60718 .* is not in the snapshot/,
    );
    expect(report.notes.map((n) => n.code)).toContain('unresolved-prefix-list');
    expect(report.recommendations).toEqual([]);
  });

  it('orders rules ingress first, then by group and port, whatever the log order', () => {
    // Prepare
    const snapshot = network(
      [
        { group: SG.cluster, protocol: '-1', ref: SG.cluster },
        ...NODE_BASELINE,
        { group: SG.cluster, egress: true, from: 443, ref: SG.node },
        { group: SG.cluster, egress: true, from: 10250, ref: SG.node },
      ],
      [BRANCH],
    );
    const lines = [
      webhookDialLine(0, 'b.example.com', 'b.ns', '10.0.1.50', 9443),
      webhookDialLine(1, 'a.example.com', 'a.ns', '10.0.1.50', 8443),
      webhookDialLine(2, 'c.example.com', 'c.ns', '10.0.2.154', 7443),
    ];

    // Act
    const report = analyze(lines, snapshot);

    // Assess
    expect(report.recommendations.map((r) => `${r.action} ${r.groupId} ${r.fromPort}`)).toEqual([
      `authorize-ingress ${SG.node} 8443`,
      `authorize-ingress ${SG.node} 9443`,
      `authorize-ingress ${SG.pod} 7443`,
      `authorize-egress ${SG.cluster} 7443`,
      `authorize-egress ${SG.cluster} 8443`,
      `authorize-egress ${SG.cluster} 9443`,
    ]);
  });

  it('writes rule descriptions AWS accepts, whatever the webhook is called', () => {
    // Prepare
    const snapshot = network(clusterSgDefaults());
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell expansion is the point
    const name = 'x.example.com/$(touch${IFS}/tmp/pwned)`id`\'"<b>';

    // Act
    const report = analyze([webhookDialLine(0, name, 'x.ns', '10.0.1.50', 9443)], snapshot);

    // Assess
    const description = report.recommendations[0]?.description ?? '';
    expect(isValidRuleDescription(description)).toBe(true);
    expect(description).not.toMatch(/[`'"<>]/);
  });

  it('reports a webhook trace without an endpoint as no-target', () => {
    // Prepare
    const snapshot = network(clusterSgDefaults());
    const trace =
      'I1128 09:00:10.000000      10 trace.go:236] Trace[1122334455]: "Call validating webhook" configuration:x,webhook:slow.example.com,resource:apps/v1, Resource=deployments,subresource:,operation:CREATE,UID:1 (28-Nov-2026 09:00:00.000) (total time: 9990ms):';

    // Act
    const report = analyze([trace], snapshot);

    // Assess
    expect(report.findings[0]).toMatchObject({
      kind: 'webhook-admission',
      name: 'slow.example.com',
      error: null,
      verdict: 'no-target',
      target: null,
    });
    expect(report.recommendations).toEqual([]);
  });
});

describe('analyzeFindings: notes', () => {
  it('audits the documented control plane → node minimum even with no failure in the logs', () => {
    // Prepare
    const snapshot = network([
      ...clusterSgDefaults(),
      { group: SG.node, from: 443, ref: SG.cluster },
    ]);

    // Act
    const report = analyze([], snapshot);

    // Assess
    expect(report.findings).toEqual([]);
    expect(report.notes).toEqual([
      {
        code: 'baseline-missing',
        message: expect.stringMatching(
          /cannot open TCP 10250 to the kubelet .* on 1 node interface\(s\) with groups sg-0b0de5ec0de5ec0de: missing ingress on sg-0b0de5ec0de5ec0de\./,
        ),
      },
    ]);
  });

  it('notes a cluster security group without outbound DNS to itself', () => {
    // Prepare
    const snapshot = network([
      { group: SG.cluster, protocol: '-1', ref: SG.cluster },
      { group: SG.cluster, egress: true, from: 443, ref: SG.cluster },
      { group: SG.cluster, egress: true, from: 443, ref: SG.node },
      { group: SG.cluster, egress: true, from: 10250, ref: SG.node },
      ...NODE_BASELINE,
    ]);

    // Act
    const report = analyze([], snapshot);

    // Assess
    expect(report.notes.map((n) => n.message)).toEqual([
      expect.stringContaining(
        `${SG.cluster} does not allow outbound TCP and UDP 53 (DNS) to itself`,
      ),
    ]);
  });

  it('falls back to the cluster groups when the snapshot has no X-ENI, and says so', () => {
    // Prepare
    const snapshot = snapshotOf({
      enis: [nodeEni()],
      rules: [...clusterSgDefaults(), ...NODE_BASELINE],
    });

    // Act
    const report = analyze([webhookDialLine(0, ...LBC, '10.0.1.50', 9443)], snapshot);

    // Assess
    expect(report.notes.map((n) => n.code)).toContain('no-control-plane-interfaces');
    expect(report.recommendations.map((r) => [r.groupId, r.peer])).toEqual([
      [SG.node, { groupId: SG.cluster }],
    ]);
  });

  it('keeps the JSON contract names', () => {
    // Prepare
    const snapshot = network([...clusterSgDefaults(), ...NODE_BASELINE]);

    // Act
    const report = JSON.parse(
      JSON.stringify(analyze([webhookDialLine(0, ...LBC, '10.0.1.50', 9443)], snapshot)),
    );

    // Assess
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['cluster', 'findings', 'recommendations', 'notes']),
    );
    expect(report.cluster).toBe('demo');
    expect(Object.keys(report.recommendations[0])).toEqual(
      expect.arrayContaining([
        'action',
        'groupId',
        'protocol',
        'fromPort',
        'toPort',
        'peer',
        'description',
        'reason',
        'findings',
      ]),
    );
  });
});
