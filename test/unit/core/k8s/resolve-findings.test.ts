import { describe, expect, it } from 'vitest';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';
import { resolveFindingEndpoints } from '#core/k8s/resolve-findings.ts';
import { classifyEvents } from '#core/logs/classify/classifier.ts';
import { fixtureClusterObjects } from '#test/helpers/k8s-fixtures.ts';

const LINES = [
  // 0: an admission webhook failure that names only the service URL (no pod IP).
  'W1127 22:04:51.120334      10 dispatcher.go:217] Failed calling webhook, failing closed vingress.elbv2.k8s.aws: failed calling webhook "vingress.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/validate-networking-v1-ingress?timeout=10s": context deadline exceeded',
  // 1: an aggregated API failure that names the pod IP: nothing to resolve.
  'E1127 22:04:52.380329      10 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.0.1.145:10251/apis/metrics.k8s.io/v1beta1: Get "https://10.0.1.145:10251/apis/metrics.k8s.io/v1beta1": dial tcp 10.0.1.145:10251: i/o timeout',
  // 2: a discovery symptom of the tap APIService (no endpoint at all).
  "E1127 22:04:53.396126      10 memcache.go:134] couldn't get resource list for tap.linkerd.io/v1alpha1: the server is currently unable to handle the request",
  // 3: a conversion webhook whose only pod is not ready.
  'E1127 22:04:54.721206      10 cacher.go:419] cacher (*unstructured.Unstructured): unexpected ListAndWatch error: failed to list external-secrets.io/v1beta1, Kind=ExternalSecret: conversion webhook for external-secrets.io/v1, Kind=ExternalSecret failed: Post "https://external-secrets-webhook.external-secrets.svc:443/convert?timeout=30s": context deadline exceeded; reinitializing...',
  // 4: a webhook that no longer exists in the cluster.
  'W1127 22:04:55.120334      10 dispatcher.go:217] Failed calling webhook, failing open gone.example.com: failed calling webhook "gone.example.com": failed to call webhook: Post "https://gone.default.svc:443/x?timeout=10s": context deadline exceeded',
];

describe('resolveFindingEndpoints', () => {
  const targets = controlPlaneTargets(fixtureClusterObjects());
  const findings = classifyEvents(
    LINES.map((message) => ({ message })),
    { referenceTime: Date.UTC(2026, 10, 28) },
  );

  it('starts from classifier findings that lack a pod IP', () => {
    // Assess: the premise of the resolution, as the classifier reports these lines.
    expect(findings.map((f) => [f.kind, f.name, f.ip, f.port])).toEqual([
      ['webhook-admission', 'vingress.elbv2.k8s.aws', null, 443],
      ['apiservice-availability', 'v1beta1.metrics.k8s.io', '10.0.1.145', 10251],
      ['discovery', 'v1alpha1.tap.linkerd.io', null, null],
      ['webhook-conversion', 'externalsecrets.external-secrets.io', null, 443],
      ['webhook-admission', 'gone.example.com', null, 443],
    ]);
  });

  it('gives a webhook failure the exact pod endpoints behind its service, from Kubernetes', () => {
    // Act
    const [webhook] = resolveFindingEndpoints(findings, targets);
    // Assess
    expect(webhook).toMatchObject({ finding: 0, status: 'resolved', problems: [] });
    expect(webhook?.endpoints.map((e) => [e.ip, e.port, e.podName, e.source])).toEqual([
      ['10.0.2.77', 9443, 'aws-load-balancer-controller-6b8f9d7c4-2jzqv', 'kubernetes'],
      ['10.0.3.12', 9443, 'aws-load-balancer-controller-6b8f9d7c4-9wfln', 'kubernetes'],
    ]);
  });

  it('leaves out findings that already carry an IP', () => {
    // Act / Assess
    expect(resolveFindingEndpoints(findings, targets).map((r) => r.finding)).toEqual([0, 2, 3, 4]);
  });

  it('resolves a discovery symptom through the APIService of the same name', () => {
    // Act
    const discovery = resolveFindingEndpoints(findings, targets).find((r) => r.finding === 2);
    // Assess
    expect(discovery?.status).toBe('resolved');
    expect(discovery?.endpoints.map((e) => `${e.ip}:${e.port}`)).toEqual(['10.0.3.140:8089']);
  });

  it('says when the target exists but has no ready endpoint, and when it is not in the cluster', () => {
    // Act
    const byFinding = new Map(
      resolveFindingEndpoints(findings, targets).map((r) => [r.finding, r]),
    );
    // Assess
    expect(byFinding.get(3)).toMatchObject({
      status: 'no-ready-endpoint',
      endpoints: [],
      problems: [{ code: 'no-endpoints' }],
    });
    expect(byFinding.get(4)).toMatchObject({
      status: 'not-in-cluster',
      targets: [],
      endpoints: [],
    });
  });

  it('merges a webhook name found in a validating and a mutating configuration', () => {
    // Prepare
    const [finding] = classifyEvents(
      [
        {
          message:
            'W1127 22:05:00.000000      10 dispatcher.go:217] Failed calling webhook, failing closed webhook.cert-manager.io: failed calling webhook "webhook.cert-manager.io": failed to call webhook: Post "https://cert-manager-webhook.cert-manager.svc:443/validate?timeout=30s": context deadline exceeded',
        },
      ],
      { referenceTime: Date.UTC(2026, 10, 28) },
    );
    // Act
    const [resolution] = resolveFindingEndpoints(finding ? [finding] : [], targets);
    // Assess
    expect(resolution?.targets.map((t) => t.configuration?.kind)).toEqual([
      'mutating',
      'validating',
    ]);
    expect(resolution?.endpoints.map((e) => [e.ip, e.port, e.hostNetwork])).toEqual([
      ['10.0.2.54', 10260, true],
    ]);
  });
});
