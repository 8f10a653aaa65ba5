import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditReport } from '#core/audit-report.ts';
import { auditTargets } from '#core/k8s/audit-plan.ts';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';
import { buildNetworkModel } from '#core/network/build-model.ts';
import { readNetworkSnapshot } from '#core/network/parse-snapshot.ts';
import type { NetworkSnapshot } from '#core/network/snapshot-schema.ts';
import {
  type AuditResult,
  auditTable,
  auditText,
  auditToJson,
} from '#render/cli-output/audit-table.ts';
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
  const text = readFileSync(new URL('../../../fixtures/k8s/network.json', import.meta.url), 'utf8');
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

describe('audit text at scale', () => {
  // `count` webhooks on the fixture's node 10.0.1.145 (allowed on 10250), plus one on 8443
  // (no rule) when `blocked`.
  function manyWebhooks(count: number, blocked: boolean) {
    const webhooks = Array.from({ length: count }, (_, i) =>
      webhookTo(`w${i}.example.com`, 'https://10.0.1.145:10250/x'),
    );
    if (blocked) webhooks.push(webhookTo('broken.example.com', 'https://10.0.1.145:8443/x'));
    return resultOf(controlPlaneTargets(clusterOf({ admissionWebhooks: webhooks })));
  }

  it('lists every flow of a small audit, allowed ones included', () => {
    // Act
    const text = auditText(manyWebhooks(3, true));
    // Assess
    expect(text).toContain('w0.example.com');
    expect(text).toContain('w2.example.com');
    expect(text).toContain('broken.example.com');
  });

  it('keeps 5,000 webhooks readable: counts what is fine, details what needs action', () => {
    // Prepare
    const result = manyWebhooks(5_000, true);
    const verdicts = new Set(result.report.findings.map((f) => f.verdict));

    // Act
    const text = auditText(result);

    // Assess
    expect(verdicts.has('allowed')).toBe(true);
    const lines = text.split('\n');
    expect(lines.length).toBeLessThan(80);
    expect(text).toMatch(/5000 other target\(s\) are fine \(5000 validating\)/);
    expect(text).toMatch(
      /5000 call\(s\) allowed by the security groups \(5000 webhook-admission\): not listed/,
    );
    expect(text).toContain('broken.example.com');
    expect(text).not.toContain('w4999.example.com');
    expect(text).toMatch(/authorize-security-group-ingress/);
  });
});
