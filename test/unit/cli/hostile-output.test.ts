import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditReport } from '#core/audit-report.ts';
import { auditTargets } from '#core/k8s/audit-plan.ts';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';
import { buildNetworkModel } from '#core/network/build-model.ts';
import { readNetworkSnapshot } from '#core/network/parse-snapshot.ts';
import { type AuditResult, auditTable, auditToJson } from '#render/cli-output/audit-table.ts';
import { enableLoggingJson, enableLoggingLine } from '#render/cli-output/enable-logging-table.ts';
import { webhookDialLine } from '#test/helpers/apiserver-lines.ts';
import { runCliCaptured } from '#test/helpers/cli-io.ts';
import { hostileText, UNSAFE_CHAR, UNSAFE_CHAR_BUT_LF } from '#test/helpers/hostile.ts';
import { clusterOf, webhookTo } from '#test/helpers/k8s-objects.ts';

function auditOf(name: string, url: string, cluster: string): AuditResult {
  const text = readFileSync(new URL('../../fixtures/k8s/network.json', import.meta.url), 'utf8');
  const targets = controlPlaneTargets(
    clusterOf({ admissionWebhooks: [webhookTo(name, url), webhookTo('ok.example.com', url)] }),
  );
  const plan = auditTargets(targets);
  return {
    cluster,
    region: 'eu-west-1',
    endpoint: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
    targets,
    plan,
    securityGroupPoliciesInstalled: false,
    report: auditReport(plan, buildNetworkModel(readNetworkSnapshot(text, 'network.json'))),
  };
}

describe('CLI output on hostile text', () => {
  it('classify prints one table row and one JSON line per finding, with no control, separator or bidi character', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText(), hostileText(), async (name, tail) => {
        // Prepare
        const lines = [
          webhookDialLine(1, `w.${name}`, 'svc.ns', '10.0.33.17', 9443, tail),
          webhookDialLine(2, 'ok.example.com', 'svc.ns', '10.0.33.18', 9443, `${tail} i/o timeout`),
        ].join('\n');

        // Act
        const table = await runCliCaptured(['classify', '--format', 'table', '-'], lines);
        const json = await runCliCaptured(['classify', '-'], lines);

        // Assess
        if (lines.includes('\u0000')) {
          // A zero byte makes the input binary: refused with one line, nothing printed.
          for (const run of [table, json]) {
            expect(run.code).toBe(2);
            expect(run.stdout).toBe('');
            expect(run.stderr).toMatch(
              /^eks-sg-advisor classify: logs stdin: binary data at byte \d+[^\n]*\n$/,
            );
          }
          return;
        }
        const records = json.stdout.trimEnd().split('\n');
        for (const record of records) {
          expect(record).not.toMatch(UNSAFE_CHAR);
          expect(() => JSON.parse(record)).not.toThrow();
        }
        expect(table.stdout).not.toMatch(UNSAFE_CHAR_BUT_LF);
        expect(table.stdout.trimEnd().split('\n')).toHaveLength(records.length + 2);
      }),
      { numRuns: 40 },
    );
  });

  it('audit writes its table and JSON with no control, separator or bidi character', () => {
    fc.assert(
      fc.property(hostileText(), hostileText(4), (text, cluster) => {
        // Prepare
        const result = auditOf(`w.${text}`, `https://10.0.0.5:8443/${text}`, cluster);

        // Act
        const table = auditTable(result);
        const json = auditToJson(result);

        // Assess
        expect(table).not.toMatch(UNSAFE_CHAR_BUT_LF);
        expect(table.split('\n')).toHaveLength(
          auditTable(auditOf('w.x', 'https://10.0.0.5:8443/x', 'c')).split('\n').length,
        );
        expect(json).not.toMatch(UNSAFE_CHAR_BUT_LF);
        const names = (JSON.parse(json).audit.targets as { name: string }[]).map((t) => t.name);
        expect(names).toContain(`w.${text}`);
      }),
      { numRuns: 60 },
    );
  });

  it('enable-logging prints one line per cluster whatever the AWS message says', () => {
    fc.assert(
      fc.property(hostileText(3), hostileText(), (cluster, message) => {
        // Prepare
        const result = {
          cluster,
          logging: { state: 'failed', message } as const,
          retention: { state: 'failed', message } as const,
          ok: false,
        };

        // Act
        const line = enableLoggingLine(result);
        const json = enableLoggingJson(result);

        // Assess
        expect(line).not.toMatch(UNSAFE_CHAR);
        expect(json).not.toMatch(UNSAFE_CHAR);
        expect(JSON.parse(json)).toEqual(result);
      }),
    );
  });

  it('explain prints its labelled lines with no control, separator or bidi character', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText(), async (text) => {
        // Prepare
        const pasted = `Internal error occurred: failed calling webhook "w.${text}": failed to call webhook: Post "https://svc.ns.svc:443/${text}?timeout=10s": context deadline exceeded`;

        // Act
        const human = await runCliCaptured(['explain', pasted]);
        const json = await runCliCaptured(['explain', pasted, '--format', 'json']);

        // Assess
        expect(human.stdout).not.toMatch(UNSAFE_CHAR_BUT_LF);
        expect(human.stdout).toMatch(/^What: {5}/);
        expect(
          human.stdout
            .split('\n\n')[0]
            ?.split('\n')
            .every((l) => /^[A-Z][A-Za-z ]+: /.test(l)),
        ).toBe(true);
        expect(json.stdout.trimEnd()).not.toMatch(UNSAFE_CHAR);
      }),
      { numRuns: 40 },
    );
  });

  it('the error printer writes one clean line for a hostile option value or command name', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText(), async (text) => {
        // Act
        const option = await runCliCaptured(['analyze', '--format', `x${text}`]);
        const command = await runCliCaptured([`x${text}`]);

        // Assess
        for (const run of [option, command]) {
          expect(run.code).toBe(2);
          expect(run.stderr).toMatch(/^eks-sg-advisor[^\n]*\n$/);
          expect(run.stderr.slice(0, -1)).not.toMatch(UNSAFE_CHAR);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('the error printer writes one clean line for a snapshot value that core keeps raw', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'hostile-snapshot-'));
    const network = join(dir, 'network.json');
    const snapshot = JSON.parse(
      readFileSync(new URL('../../fixtures/k8s/network.json', import.meta.url), 'utf8'),
    );
    snapshot.subnets = {
      Subnets: [
        { SubnetId: 'subnet-0a0a0a0a0a0a0a0a1', CidrBlock: '10.0.1.0/24\u202e\u2028\u001b[31mx' },
      ],
    };
    writeFileSync(network, JSON.stringify(snapshot));

    // Act
    const run = await runCliCaptured(['analyze', '--logs', '-', '--network', network], '');

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^eks-sg-advisor analyze: network snapshot [^\n]*CidrBlock[^\n]*\n$/,
    );
    expect(run.stderr.slice(0, -1)).not.toMatch(UNSAFE_CHAR);
  });
});
