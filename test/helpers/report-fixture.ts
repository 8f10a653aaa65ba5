import type { NetworkAclEntryFix, Recommendation, Report } from '#core/model/report.ts';
import { ACL, SG, SUBNET } from '#test/helpers/network-fixture.ts';

/** An ingress recommendation on the node group from the cluster group. */
export function ingressRule(overrides: Partial<Recommendation> = {}): Recommendation {
  return {
    action: 'authorize-ingress',
    groupId: SG.node,
    protocol: 'tcp',
    fromPort: 9443,
    toPort: 9443,
    peer: { groupId: SG.cluster },
    description: 'eks-sg-advisor: EKS control plane to webhook vingress.elbv2.k8s.aws tcp/9443',
    reason: 'Lets the control plane in.',
    findings: [0],
    ...overrides,
  };
}

/** An inbound ACL entry for TCP 9443 from subnet a's CIDR, numbered 99. */
export function naclEntry(overrides: Partial<NetworkAclEntryFix> = {}): NetworkAclEntryFix {
  return {
    networkAclId: ACL.c,
    subnetId: SUBNET.c,
    direction: 'ingress',
    ruleNumber: 99,
    protocol: 'tcp',
    fromPort: 9443,
    toPort: 9443,
    cidr: '10.0.1.0/24',
    reason: 'Lets TCP 9443 in.',
    findings: [0],
    ...overrides,
  };
}

/** Three entries: {@link naclEntry}, an IPv6 egress range, and one with no free rule number. */
export function naclEntries(): NetworkAclEntryFix[] {
  return [
    naclEntry(),
    naclEntry({
      direction: 'egress',
      ruleNumber: 200,
      fromPort: 32768,
      toPort: 60999,
      cidr: 'fd00:1::/64',
    }),
    naclEntry({ ruleNumber: null }),
  ];
}

/** A report with the given rules and one blocked finding. */
export function reportWith(recommendations: readonly Recommendation[], cluster = 'demo'): Report {
  return {
    cluster,
    window: null,
    findings: [
      {
        kind: 'webhook-admission',
        name: 'vingress.elbv2.k8s.aws',
        host: 'aws-load-balancer-webhook-service.kube-system.svc',
        ip: '10.0.1.50',
        port: 9443,
        error: 'timeout',
        latencyMs: 10000,
        count: 2,
        firstSeen: '2026-11-28T09:00:00.000Z',
        lastSeen: '2026-11-28T09:01:00.000Z',
        target: {
          ip: '10.0.1.50',
          port: 9443,
          source: 'dial-tail',
          portName: 'AWS Load Balancer Controller',
        },
        verdict: 'blocked',
        reason: 'Blocked.',
        networkInterface: {
          id: 'eni-0f1e2d3c4b5a60101',
          role: 'node',
          groupIds: [SG.node],
          description: null,
          match: 'exact',
          prefix: null,
        },
        detail: 'dial tcp 10.0.1.50:9443: i/o timeout',
      },
    ],
    recommendations,
    notes: [],
  };
}
