import { readFileSync } from 'node:fs';
import type { Recommendation, Report, ReportFinding } from '#core/model/report.ts';

/** 2026-11-28T15:00:00Z, the end of the fixtures' log window. */
export const T0 = Date.parse('2026-11-28T15:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** A hand-written report fixture from `test/fixtures/reports/<name>.json`. */
export function loadReport(name: string): Report {
  const url = new URL(`../fixtures/reports/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Report;
}

/** A blocked webhook timeout finding; override what the test is about. */
export function aFinding(overrides: Partial<ReportFinding> = {}): ReportFinding {
  return {
    kind: 'webhook-admission',
    name: 'vingress.elbv2.k8s.aws',
    host: 'aws-load-balancer-webhook-service.kube-system.svc',
    ip: null,
    port: 443,
    error: 'timeout',
    latencyMs: null,
    count: 5,
    firstSeen: new Date(T0 - 10 * MINUTE).toISOString(),
    lastSeen: new Date(T0 - MINUTE).toISOString(),
    target: { ip: '10.0.33.17', port: 9443, source: 'dialer', portName: null },
    verdict: 'blocked',
    reason: 'No security group allows TCP 9443 from the cluster security group.',
    networkInterface: null,
    ...overrides,
  };
}

/** The ingress rule that fixes {@link aFinding}; override what the test is about. */
export function aRecommendation(overrides: Partial<Recommendation> = {}): Recommendation {
  return {
    action: 'authorize-ingress',
    groupId: 'sg-0123456789abcdef0',
    protocol: 'tcp',
    fromPort: 9443,
    toPort: 9443,
    peer: { groupId: 'sg-0fedcba9876543210' },
    description: 'eks-sg-advisor: vingress.elbv2.k8s.aws from control plane',
    reason: 'Webhook vingress.elbv2.k8s.aws timed out dialling 10.0.33.17:9443.',
    findings: [0],
    ...overrides,
  };
}

/** A report of the given findings and recommendations for cluster `demo`. */
export function aReport(
  findings: readonly ReportFinding[],
  recommendations: readonly Recommendation[] = [],
  overrides: Partial<Report> = {},
): Report {
  return {
    cluster: 'demo',
    window: { start: new Date(T0 - HOUR).toISOString(), end: new Date(T0).toISOString() },
    findings,
    recommendations,
    notes: [],
    ...overrides,
  };
}
