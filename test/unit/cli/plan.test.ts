import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '#test/helpers/cli-io.ts';
import { DEMO, planDemoPath } from '#test/helpers/plan-demo.ts';

const DEMO_ARGS = [
  'plan',
  '--network',
  planDemoPath('network.json'),
  '--registrations',
  planDemoPath('registrations.json'),
  '--flow-logs',
  planDemoPath('flow-logs.txt'),
];

describe('eks-sg-advisor plan on the bundled demo', () => {
  it("prints the changes in the shape of analyze's recommendations, each with its reason and evidence", async () => {
    // Act
    const run = await runCliCaptured([...DEMO_ARGS, '--format', 'json']);

    // Assess
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const plan = JSON.parse(run.stdout);
    expect(plan.id).toMatch(/^p-[0-9a-f]{16}$/);
    expect(plan.replay.status).toBe('pass');
    for (const change of plan.changes) {
      expect(Object.keys(change)).toEqual(
        expect.arrayContaining([
          'action',
          'groupId',
          'protocol',
          'fromPort',
          'toPort',
          'peer',
          'reason',
          'evidence',
        ]),
      );
      expect([
        'authorize-ingress',
        'authorize-egress',
        'revoke-ingress',
        'revoke-egress',
      ]).toContain(change.action);
    }
    const actions = plan.changes.map((c: { action: string }) => c.action.split('-')[0]);
    expect(actions.lastIndexOf('authorize')).toBeLessThan(actions.indexOf('revoke'));
  });

  it('writes AWS CLI commands that authorize (tagged with the plan ID) before they revoke by rule ID', async () => {
    // Act
    const run = await runCliCaptured([...DEMO_ARGS, '--format', 'aws-cli']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("--region 'eu-west-1'");
    expect(run.stdout).toContain("--security-group-rule-ids 'sgr-0d3a0000000000005'");
    expect(run.stdout).toMatch(/eks-sg-advisor:plan","Value":"p-[0-9a-f]{16}"/);
    expect(run.stdout.indexOf('authorize-security-group')).toBeLessThan(
      run.stdout.indexOf('revoke-security-group'),
    );
  });

  it('writes Terraform resources for the new rules and names each rule to remove', async () => {
    // Act
    const run = await runCliCaptured([...DEMO_ARGS, '--format', 'terraform']);

    // Assess
    expect(run.stdout).toContain('resource "aws_vpc_security_group_ingress_rule" "plan_1"');
    expect(run.stdout).toContain(`referenced_security_group_id = "${DEMO.additional}"`);
    expect(run.stdout).toMatch(/# Remove sgr-0d3a0000000000006: ingress tcp\/443/);
  });

  it('writes a CloudFormation template of the new rules that lists the revokes', async () => {
    // Act
    const run = await runCliCaptured([...DEMO_ARGS, '--format', 'cloudformation']);

    // Assess
    const template = JSON.parse(run.stdout);
    expect(template.Resources.PlanRule1).toMatchObject({
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: { GroupId: DEMO.pod, FromPort: 6443, SourceSecurityGroupId: DEMO.additional },
    });
    expect(template.Description).toMatch(/then revoke .*sgr-0d3a0000000000006/);
  });

  it('draws the control plane, the groups and their ports as a Mermaid diagram in Markdown', async () => {
    // Act
    const run = await runCliCaptured([...DEMO_ARGS, '--format', 'markdown']);

    // Assess
    expect(run.stdout).toContain('```mermaid\nflowchart LR');
    expect(run.stdout).toMatch(/-->\|"tcp\/6443 required: add"\|/);
    expect(run.stdout).toMatch(/-\.->\|"tcp\/443 unused: revoke"\|/);
  });

  it('prints the replay check and the changes as text by default', async () => {
    // Act
    const run = await runCliCaptured(DEMO_ARGS);

    // Assess
    expect(run.stdout).toMatch(
      /Replay check\n {2}pass: all \d+ required and observed flows stay allowed/,
    );
    expect(run.stdout).toContain(
      'authorize ingress tcp/6443 from sg-0add0add0add0add0 on sg-0fa7e5ec0fa7e5ec0 [add]',
    );
  });

  it('reads gzipped flow logs (as S3 delivers them) into the same plan, and refuses binary data', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'plan-flow-logs-'));
    const gz = join(dir, 'flow-logs.txt.gz');
    writeFileSync(gz, gzipSync(readFileSync(planDemoPath('flow-logs.txt'))));
    const binary = join(dir, 'flow-logs.bin');
    writeFileSync(binary, Buffer.from([0, 1, 2, 3, 0x62, 0x69, 0x6e]));
    const withFlows = (path: string) => [...DEMO_ARGS.slice(0, -1), path, '--format', 'json'];

    // Act
    const plain = await runCliCaptured(withFlows(planDemoPath('flow-logs.txt')));
    const gzipped = await runCliCaptured(withFlows(gz));
    const refused = await runCliCaptured(withFlows(binary));

    // Assess
    expect(gzipped).toMatchObject({ code: 0, stderr: '' });
    expect(gzipped.stdout).toBe(plain.stdout);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^eks-sg-advisor plan: [^\n]*binary data at byte 0[^\n]*\n$/);
  });

  it('refuses a control-plane group that is not a group ID, with exit status 2', async () => {
    // Act
    const run = await runCliCaptured([...DEMO_ARGS, '--control-plane-group', 'default']);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--control-plane-group must be a security group ID/);
  });

  it('refuses a minimum window that is not a duration, with exit status 2', async () => {
    // Act
    const run = await runCliCaptured([...DEMO_ARGS, '--min-window', 'a week']);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--min-window must be a duration/);
  });
});

describe('eks-sg-advisor --help', () => {
  it('lists plan and enable-flow-logs, with a space after every command name', async () => {
    // Act
    const run = await runCliCaptured(['--help']);

    // Assess
    expect(run.stdout).toMatch(/^ {2}plan {12}Plan the least-privilege rules/m);
    expect(run.stdout).toMatch(/^ {2}enable-flow-logs Turn on flow logs/m);
  });
});
