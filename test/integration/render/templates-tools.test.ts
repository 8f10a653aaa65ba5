import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeLogEvents } from '#core/build-report.ts';
import { parseLogInput } from '#core/logs/read/log-file.ts';
import { readNetworkSnapshot } from '#core/network/parse-snapshot.ts';
import { renderCloudFormation } from '#render/fixes/cloudformation.ts';
import { renderTerraform } from '#render/fixes/terraform.ts';
import { REFERENCE_TIME } from '#test/helpers/apiserver-lines.ts';
import { naclEntries } from '#test/helpers/report-fixture.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/demo/${name}`, import.meta.url), 'utf8');

function demoReport() {
  const snapshot = readNetworkSnapshot(fixture('network.json'), 'network.json');
  const logs = parseLogInput(fixture('apiserver-insights.json'), 'apiserver-insights.json');
  const report = analyzeLogEvents(logs.events, snapshot, { referenceTime: REFERENCE_TIME });
  // A hostile description on top of the demo's, to check the escaping with the real tools.
  const [first, ...rest] = report.recommendations;
  if (!first) throw new Error('fixture: the demo proposes rules');
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal interpolation is the point
  const hostile = { ...first, description: 'x ${jsonencode(1)} %{ if true } "q" \\ ok' };
  // The demo snapshot has no ACLs: entries as an ACL analysis proposes them (both families, and
  // one with no free rule number).
  return { ...report, recommendations: [hostile, ...rest], networkAclEntries: naclEntries() };
}

function requireTool(name: string): void {
  const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (which.status !== 0)
    throw new Error(`${name} is not installed: this test validates generated templates with it`);
}

describe('generated templates, checked by the real tools', () => {
  it('the Terraform is already in terraform fmt layout', () => {
    // Prepare
    requireTool('terraform');
    const hcl = renderTerraform(demoReport());

    // Act
    const fmt = spawnSync('terraform', ['fmt', '-'], { input: hcl, encoding: 'utf8' });

    // Assess
    expect(fmt.status, fmt.stderr).toBe(0);
    expect(fmt.stdout).toBe(hcl);
  });

  it('the CloudFormation template passes cfn-lint', () => {
    // Prepare
    requireTool('cfn-lint');
    const path = join(mkdtempSync(join(tmpdir(), 'cfn-')), 'fixes.json');
    writeFileSync(path, renderCloudFormation(demoReport()));

    // Act
    const lint = spawnSync('cfn-lint', ['--regions', 'eu-west-1', '--', path], {
      encoding: 'utf8',
    });

    // Assess
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  });
});
