import { describe, expect, it } from 'vitest';
import { analyzeFindings, analyzeLogEvents } from '#core/build-report.ts';
import type { Finding } from '#core/model/finding.ts';
import { REFERENCE_TIME, webhookDialLine } from '#test/helpers/apiserver-lines.ts';
import {
  ACL,
  ALLOW_ALL_ENTRIES,
  clusterSgDefaults,
  type EniSpec,
  type NetworkSpec,
  SG,
  SUBNET,
  SUBNETS,
  snapshotOf,
  xenisInSubnets,
} from '#test/helpers/network-fixture.ts';

// Every case: the AWS Load Balancer Controller's webhook "dialled" at 10.0.3.50:9443 (subnet c),
// no group admits it, and the ACL of subnet c denies everything: a pod of the cluster there would
// get a group rule and ACL entries. Only the interface that owns 10.0.3.50 changes.
const LBC = ['vingress.elbv2.k8s.aws', 'aws-load-balancer-webhook-service.kube-system'] as const;
const CLUSTER_TAG = { 'kubernetes.io/cluster/demo': 'owned' } as const;
const ACLS = [
  { id: ACL.a, subnets: [SUBNET.a, SUBNET.b], entries: ALLOW_ALL_ENTRIES },
  { id: ACL.c, subnets: [SUBNET.c], entries: [] },
];

function endpoint(overrides: Partial<EniSpec>): EniSpec {
  return {
    id: 'eni-0f1e2d3c4b5a60303',
    groups: [SG.node],
    ips: ['10.0.3.50'],
    subnet: SUBNET.c,
    ...overrides,
  };
}

function analyze(target: EniSpec, extra: Partial<NetworkSpec> = {}, ip = '10.0.3.50') {
  const snapshot = snapshotOf({
    enis: [...xenisInSubnets(), target],
    rules: clusterSgDefaults(),
    subnets: SUBNETS,
    networkAcls: ACLS,
    ...extra,
  });
  const line = webhookDialLine(0, ...LBC, ip, 9443);
  return analyzeLogEvents([{ message: line }], snapshot, { referenceTime: REFERENCE_TIME });
}

describe('only node and pod interfaces of this cluster get rules', () => {
  it.each([
    [
      'a NAT gateway',
      endpoint({ description: 'Interface for NAT Gateway nat-0a1b2c3d', type: 'nat_gateway' }),
      'nat-gateway',
      "a NAT gateway's interface",
    ],
    [
      'an application load balancer (type interface, described ELB app/...)',
      endpoint({ description: 'ELB app/web/50dc6c495c0c9188' }),
      'load-balancer',
      "a load balancer's interface",
    ],
    [
      'a VPC endpoint',
      endpoint({ description: 'VPC Endpoint Interface vpce-0a1b2c3d', type: 'vpc_endpoint' }),
      'vpc-endpoint',
      "a VPC endpoint's interface",
    ],
    [
      "another cluster's control-plane interface",
      endpoint({ description: 'Amazon EKS other' }),
      'other-cluster',
      "another EKS cluster's control-plane interface",
    ],
    [
      'an instance that nothing ties to the cluster',
      endpoint({ instanceId: 'i-0a1b2c3d4e5f60009' }),
      'instance',
      'which nothing in the snapshot ties to cluster',
    ],
    [
      'an instance tagged for another cluster',
      endpoint({
        instanceId: 'i-0a1b2c3d4e5f60009',
        groups: [SG.cluster],
        tags: { 'kubernetes.io/cluster/other': 'owned' },
      }),
      'instance',
      "tagged for cluster 'other'",
    ],
    [
      'a VPC CNI secondary interface tagged for another cluster',
      endpoint({
        description: 'aws-K8S-i-0a1b2c3d4e5f60009',
        instanceId: 'i-0a1b2c3d4e5f60009',
        tags: { 'cluster.k8s.amazonaws.com/name': 'other' },
      }),
      'vpc-cni-secondary',
      "tagged for cluster 'other'",
    ],
  ])('gives %s a not-cluster verdict, no group rule and no ACL entry', (_what, eni, role, why) => {
    // Act
    const report = analyze(eni);

    // Assess
    const [finding] = report.findings;
    expect(finding?.verdict).toBe('not-cluster');
    expect(finding?.networkInterface?.role).toBe(role);
    expect(finding?.reason).toContain(why);
    expect(finding?.reason).toContain("not a node or pod interface of cluster 'demo'");
    expect(report.recommendations).toEqual([]);
    expect(report.networkAclEntries).toEqual([]);
  });

  it("gives a VPC CNI interface on another cluster's node a not-cluster verdict", () => {
    // Prepare: the secondary interface carries no cluster tag; its instance's primary one does.
    const secondary = endpoint({
      description: 'aws-K8S-i-0a1b2c3d4e5f60009',
      instanceId: 'i-0a1b2c3d4e5f60009',
    });
    const primary = endpoint({
      id: 'eni-0f1e2d3c4b5a60309',
      ips: ['10.0.3.9'],
      instanceId: 'i-0a1b2c3d4e5f60009',
      tags: { 'kubernetes.io/cluster/other': 'owned' },
    });

    // Act
    const report = analyze(secondary, { enis: [...xenisInSubnets(), secondary, primary] });

    // Assess
    expect(report.findings[0]?.verdict).toBe('not-cluster');
    expect(report.findings[0]?.reason).toContain(
      "an interface of instance i-0a1b2c3d4e5f60009, which is tagged for cluster 'other'",
    );
    expect(report.recommendations).toEqual([]);
    expect(report.networkAclEntries).toEqual([]);
  });

  it("gives the cluster's own control-plane interface a not-cluster verdict and no ACL entry for 9443", () => {
    // Act: 10.0.2.10 is the second X-ENI's address.
    const report = analyze(endpoint({ instanceId: 'i-0a1b2c3d4e5f60003' }), {}, '10.0.2.10');

    // Assess
    const [finding] = report.findings;
    expect(finding?.verdict).toBe('not-cluster');
    expect(finding?.networkInterface?.role).toBe('control-plane');
    expect(finding?.reason).toContain("the cluster's own control-plane interfaces");
    expect(report.recommendations).toEqual([]);
    expect(report.networkAclEntries).toEqual([]);
  });

  it('refuses an instance interface of another VPC than the cluster', () => {
    // Prepare
    const snapshot = snapshotOf({
      enis: [
        ...xenisInSubnets(),
        endpoint({ instanceId: 'i-0a1b2c3d4e5f60009', tags: CLUSTER_TAG }),
      ],
      rules: clusterSgDefaults(),
    });
    const raw = snapshot.networkInterfaces.NetworkInterfaces.at(-1);
    const moved = {
      ...snapshot,
      networkInterfaces: {
        NetworkInterfaces: [
          ...snapshot.networkInterfaces.NetworkInterfaces.slice(0, -1),
          { ...raw, VpcId: 'vpc-0ffffffffffffffff' },
        ],
      },
    } as typeof snapshot;

    // Act
    const report = analyzeLogEvents(
      [{ message: webhookDialLine(0, ...LBC, '10.0.3.50', 9443) }],
      moved,
      { referenceTime: REFERENCE_TIME },
    );

    // Assess
    expect(report.findings[0]?.verdict).toBe('not-cluster');
    expect(report.findings[0]?.reason).toContain('an interface of VPC vpc-0ffffffffffffffff');
    expect(report.recommendations).toEqual([]);
  });

  it.each([
    [
      'tagged for the cluster',
      endpoint({ instanceId: 'i-0a1b2c3d4e5f60003', tags: CLUSTER_TAG }),
      {},
    ],
    [
      'carrying the cluster security group',
      endpoint({ instanceId: 'i-0a1b2c3d4e5f60003', groups: [SG.node, SG.cluster] }),
      {},
    ],
    [
      'carrying a group tagged for the cluster',
      endpoint({ instanceId: 'i-0a1b2c3d4e5f60003' }),
      { groups: [{ id: SG.node, name: 'nodes', tags: CLUSTER_TAG }] },
    ],
    [
      'whose instance holds a VPC CNI interface',
      endpoint({ instanceId: 'i-0a1b2c3d4e5f60003' }),
      {
        enis: [
          ...xenisInSubnets(),
          endpoint({ instanceId: 'i-0a1b2c3d4e5f60003' }),
          endpoint({
            id: 'eni-0f1e2d3c4b5a60304',
            ips: ['10.0.3.60'],
            description: 'aws-K8S-i-0a1b2c3d4e5f60003',
            instanceId: 'i-0a1b2c3d4e5f60003',
          }),
        ],
      },
    ],
    [
      'carrying a group that admits the control plane on another port',
      endpoint({ instanceId: 'i-0a1b2c3d4e5f60003' }),
      { rules: [...clusterSgDefaults(), { group: SG.node, from: 10250, ref: SG.cluster }] },
    ],
  ])(
    'proposes the fixes (ACL entries, and a group rule where one is missing) for a node %s',
    (_what, eni, extra) => {
      // Act
      const report = analyze(eni, extra);

      // Assess
      // (The cluster security group admits everything from itself: only the ACL is then in the way.)
      expect(report.findings[0]?.verdict).toMatch(/^(blocked|nacl-blocked)$/);
      expect(report.findings[0]?.networkInterface?.role).toBe('node');
      expect(report.networkAclEntries?.length).toBeGreaterThan(0);
    },
  );
});

describe('impossible values from the logs', () => {
  it.each([0, 65536, 9443.5])('proposes nothing for the port %s', (port) => {
    // Prepare: a dial finding as the classifier would shape it, with an impossible port.
    const finding: Finding = {
      kind: 'dial',
      name: null,
      host: null,
      ip: '10.0.3.50',
      port,
      error: 'timeout',
      latencyMs: 10_000,
      at: REFERENCE_TIME,
      stream: null,
      severity: 'I',
      detail: '',
      dialId: '5e1a9c3f0b2d4e61',
      outcome: 'stalled',
    };
    const snapshot = snapshotOf({
      enis: [
        ...xenisInSubnets(),
        endpoint({ instanceId: 'i-0a1b2c3d4e5f60003', tags: CLUSTER_TAG }),
      ],
      rules: clusterSgDefaults(),
    });

    // Act
    const report = analyzeFindings([finding], snapshot);

    // Assess
    expect(report.findings[0]?.verdict).toBe('no-target');
    expect(report.findings[0]?.reason).toContain('is not a TCP port (1-65535)');
    expect(report.recommendations).toEqual([]);
  });
});
