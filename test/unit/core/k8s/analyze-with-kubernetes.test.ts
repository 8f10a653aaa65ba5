import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeFindings } from '#core/build-report.ts';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';
import { classifyEvents } from '#core/logs/classify/classifier.ts';
import { readNetworkSnapshot } from '#core/network/parse-snapshot.ts';
import { fixtureClusterObjects } from '#test/helpers/k8s-fixtures.ts';

const snapshot = readNetworkSnapshot(
  readFileSync(new URL('../../../fixtures/k8s/network.json', import.meta.url), 'utf8'),
  'network.json',
);

// Kyverno's failing webhook names only its service: no dial tail, no EKS dialer line.
const kyvernoTimeout =
  'W1128 10:00:00.000001      10 dispatcher.go:217] Failed calling webhook, failing closed mutate.kyverno.svc-fail: failed calling webhook "mutate.kyverno.svc-fail": failed to call webhook: Post "https://kyverno-svc.kyverno.svc:443/mutate/fail?timeout=10s": context deadline exceeded';

describe('analyzeFindings with the targets read from the Kubernetes API', () => {
  it('judges a service-only webhook failure against the exact ready pods behind the service', () => {
    // Prepare
    const findings = classifyEvents([{ message: kyvernoTimeout }], {
      referenceTime: Date.UTC(2026, 10, 28),
    });
    const kubernetes = controlPlaneTargets(fixtureClusterObjects());
    // Act
    const report = analyzeFindings(findings, snapshot, { kubernetes });
    // Assess: one pod sits on a branch ENI whose group lacks the rule, the other on a node whose
    // group admits 9443 from the control plane.
    expect(
      report.findings.map((f) => [f.target?.ip, f.target?.port, f.target?.source, f.verdict]),
    ).toEqual([
      ['10.0.1.200', 9443, 'kubernetes', 'blocked'],
      ['10.0.3.201', 9443, 'kubernetes', 'allowed'],
    ]);
    expect(report.recommendations).toEqual([
      expect.objectContaining({
        action: 'authorize-ingress',
        groupId: 'sg-0fa7e5ec0fa7e5ec0',
        fromPort: 9443,
        findings: [0],
      }),
    ]);
  });

  it('falls back to the add-on catalogue without the Kubernetes API', () => {
    // Prepare
    const findings = classifyEvents([{ message: kyvernoTimeout }], {
      referenceTime: Date.UTC(2026, 10, 28),
    });
    // Act
    const report = analyzeFindings(findings, snapshot);
    // Assess
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      verdict: 'no-target',
      target: { ip: null, port: 9443, source: 'catalogue' },
    });
    expect(report.recommendations).toEqual([]);
  });
});

describe('analyzeFindings with the audit', () => {
  it('adds every blocked flow of the cluster, once, beside the failures from the logs', () => {
    // Prepare
    const findings = classifyEvents([{ message: kyvernoTimeout }], {
      referenceTime: Date.UTC(2026, 10, 28),
    });
    const kubernetes = controlPlaneTargets(fixtureClusterObjects());
    // Act
    const report = analyzeFindings(findings, snapshot, { kubernetes, audit: true });
    // Assess: the logged kyverno failure keeps its count; its flows are not repeated by the audit.
    const kyverno = report.findings.filter((f) => f.name === 'mutate.kyverno.svc-fail');
    expect(kyverno.map((f) => [f.target?.ip, f.count])).toEqual([
      ['10.0.1.200', 1],
      ['10.0.3.201', 1],
    ]);
    // Paths nothing has failed on yet are judged too: the tap APIService's port is closed.
    expect(report.findings.find((f) => f.name === 'v1alpha1.tap.linkerd.io')).toMatchObject({
      count: 0,
      verdict: 'blocked',
      target: { ip: '10.0.3.140', port: 8089, source: 'kubernetes' },
    });
    expect(report.recommendations.map((r) => `${r.groupId}:${r.fromPort}`)).toEqual([
      'sg-0b0de5ec0de5ec0de:8089',
      'sg-0b0de5ec0de5ec0de:8443',
      'sg-0b0de5ec0de5ec0de:10251',
      'sg-0b0de5ec0de5ec0de:10260',
      'sg-0fa7e5ec0fa7e5ec0:9443',
    ]);
    expect(report.notes.map((n) => n.code)).toContain('audit-unchecked');
  });
});
