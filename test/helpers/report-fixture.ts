import type { Recommendation, Report } from '#core/report.ts';
import { SG } from '#test/helpers/network-fixture.ts';

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
