import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AuditResult, auditTable, auditToJson } from '#cli/audit-output.ts';
import { auditTargets } from '#core/k8s/audit.ts';
import { auditReport } from '#core/k8s/audit-report.ts';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';
import { buildNetworkModel } from '#core/network/build-model.ts';
import { readNetworkSnapshot } from '#core/network/parse-snapshot.ts';
import type { NetworkSnapshot } from '#core/network/snapshot-schema.ts';
import { clusterOf, webhookTo } from '#test/helpers/k8s-objects.ts';

function resultOf(targets: ReturnType<typeof controlPlaneTargets>, installed = true): AuditResult {
  const plan = auditTargets(targets);
  return {
    cluster: 'prod',
    region: 'eu-west-1',
    endpoint: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
    targets,
    plan,
    securityGroupPoliciesInstalled: installed,
    report: auditReport(plan, buildNetworkModel(networkSnapshot())),
  };
}

function networkSnapshot(): NetworkSnapshot {
  const text = readFileSync(new URL('../../fixtures/k8s/network.json', import.meta.url), 'utf8');
  return readNetworkSnapshot(text, 'network.json');
}

describe('audit output', () => {
  it('says so when nothing calls a service or URL, and when the SecurityGroupPolicy CRD is absent', () => {
    // Act
    const text = auditTable(resultOf([], false));
    // Assess
    expect(text).toBe(
      [
        'Cluster prod (eu-west-1): 0 targets, 0 flows checked (0 blocked calls), 0 with nothing to check.',
        '',
        'No APIService, webhook or conversion webhook calls a service or URL.',
        '',
        'The SecurityGroupPolicy CRD is not installed: no pod has its own security groups.',
        '',
      ].join('\n'),
    );
  });

  it('neutralises terminal control characters in names read from the cluster', () => {
    // Prepare: object names are validated by the API server, URLs in webhooks are not.
    const targets = controlPlaneTargets(
      clusterOf({
        admissionWebhooks: [webhookTo('w.example.com', 'https://evil\u001b[2J.example:8443/x')],
      }),
    );
    // Act
    const text = auditTable(resultOf(targets));
    // Assess
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('keeps the JSON document exact: control characters stay escaped JSON strings', () => {
    // Prepare
    const targets = controlPlaneTargets(
      clusterOf({ admissionWebhooks: [webhookTo('w.example.com', 'https://10.0.0.5:8443/x')] }),
    );
    // Act
    const json = JSON.parse(auditToJson(resultOf(targets))) as Record<string, unknown>;
    // Assess
    expect(Object.keys(json)).toEqual([
      'cluster',
      'window',
      'findings',
      'recommendations',
      'notes',
      'audit',
    ]);
    const audit = json.audit as Record<string, unknown>;
    expect(Object.keys(audit)).toEqual(['region', 'endpoint', 'targets', 'flows', 'unchecked']);
    expect(audit.flows).toEqual([
      {
        protocol: 'tcp',
        ip: '10.0.0.5',
        port: 8443,
        endpoint: expect.objectContaining({ ip: '10.0.0.5', port: 8443 }),
        callers: [{ kind: 'webhook-admission', name: 'w.example.com', failurePolicy: 'Fail' }],
      },
    ]);
  });
});
