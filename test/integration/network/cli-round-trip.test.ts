import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateNetworkInterfaceCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webhookDialLine } from '#test/helpers/apiserver-lines.ts';
import { runCliCaptured } from '#test/helpers/cli-io.ts';
import { createMotoCluster, motoEc2 } from '#test/helpers/moto-cluster.ts';
import { aclDenyingPort, allowNodePort } from '#test/helpers/moto-nacl.ts';

let ec2: EC2Client;
let dir: string;

beforeEach(() => {
  ec2 = motoEc2();
  dir = mkdtempSync(join(tmpdir(), 'cli-round-trip-'));
});

afterEach(() => {
  ec2.destroy();
});

function requireAwsCli(): void {
  const which = spawnSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' });
  if (which.status !== 0) {
    throw new Error(
      'the AWS CLI is not installed: this test runs the generated aws-cli fixes against moto_server',
    );
  }
}

describe('eks-sg-advisor snapshot and analyze against moto_server', () => {
  it('writes the snapshot atomically with --out and analyze reads it', async () => {
    // Prepare
    const cluster = await createMotoCluster(ec2, 'demo');
    const out = join(dir, 'network.json');
    const logs = join(dir, 'api.log');
    writeFileSync(
      logs,
      `${webhookDialLine(0, 'vingress.elbv2.k8s.aws', 'lbc.kube-system', cluster.podIp, 9443)}\n`,
    );

    // Act
    const snapshot = await runCliCaptured(['snapshot', '--cluster', 'demo', '--out', out]);
    const analysis = await runCliCaptured([
      'analyze',
      '--logs',
      logs,
      '--network',
      out,
      '--cluster',
      'demo',
      '--format',
      'json',
    ]);

    // Assess
    expect(snapshot).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readdirSync(dir).sort()).toEqual(['api.log', 'network.json']);
    expect(JSON.parse(readFileSync(out, 'utf8')).cluster.cluster.name).toBe('demo');
    expect(analysis.code).toBe(0);
    expect(JSON.parse(analysis.stdout).recommendations).toEqual([
      expect.objectContaining({
        action: 'authorize-ingress',
        groupId: cluster.nodeSg,
        fromPort: 9443,
      }),
    ]);
  });

  it('writes free text from EC2 (an interface description) with its bidi override as a JSON escape', async () => {
    // Prepare
    const cluster = await createMotoCluster(ec2, 'demo');
    const description = 'payroll\u202eexe.txt\u2028x';
    await ec2.send(
      new CreateNetworkInterfaceCommand({
        SubnetId: cluster.subnetIds[0],
        Description: description,
      }),
    );

    // Act
    const run = await runCliCaptured(['snapshot', '--cluster', 'demo']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/[\u202e\u2028]/);
    expect(run.stdout).toContain('payroll\\u202eexe.txt\\u2028x');
    const enis = JSON.parse(run.stdout).networkInterfaces.NetworkInterfaces as {
      Description?: string;
    }[];
    expect(enis.map((eni) => eni.Description)).toContain(description);
  });

  it('exits 1 with one line naming the operation when the cluster does not exist, and leaves no file', async () => {
    // Prepare
    const out = join(dir, 'network.json');

    // Act
    const run = await runCliCaptured(['snapshot', '--cluster', 'missing', '--out', out]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^eks-sg-advisor snapshot: DescribeCluster: cluster missing: ResourceNotFoundException: .*\n$/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('exits 2 when --out points into a missing directory, leaving nothing behind', async () => {
    // Prepare
    await createMotoCluster(ec2, 'demo');
    const out = join(dir, 'no-such-dir', 'network.json');

    // Act
    const run = await runCliCaptured(['snapshot', '--cluster', 'demo', '--out', out]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `eks-sg-advisor snapshot: cannot write ${out}: no such file or directory\n`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('runs the generated AWS CLI fixes with the real aws command, after which nothing is proposed', async () => {
    // Prepare
    requireAwsCli();
    const cluster = await createMotoCluster(ec2, 'demo', { withoutClusterEgress: true });
    const network = join(dir, 'network.json');
    const logs = join(dir, 'api.log');
    writeFileSync(
      logs,
      `${webhookDialLine(0, 'vingress.elbv2.k8s.aws', 'lbc.kube-system', cluster.podIp, 9443)}\n`,
    );
    await runCliCaptured(['snapshot', '--cluster', 'demo', '--out', network]);
    const fixes = await runCliCaptured([
      'analyze',
      '--logs',
      logs,
      '--network',
      network,
      '--format',
      'aws-cli',
    ]);

    // Act
    const applied = spawnSync('sh', ['-s'], {
      input: fixes.stdout,
      encoding: 'utf8',
      env: process.env,
    });
    await runCliCaptured(['snapshot', '--cluster', 'demo', '--out', network]);
    const after = await runCliCaptured([
      'analyze',
      '--logs',
      logs,
      '--network',
      network,
      '--format',
      'json',
    ]);

    // Assess
    expect(fixes.stdout.match(/^aws ec2 authorize-security-group-(ingress|egress)/gm)).toEqual([
      'aws ec2 authorize-security-group-ingress',
      'aws ec2 authorize-security-group-egress',
    ]);
    expect(applied.status, applied.stderr).toBe(0);
    const report = JSON.parse(after.stdout);
    expect(report.findings[0].verdict).toBe('allowed');
    expect(report.recommendations).toEqual([]);
  });

  it('runs the generated network ACL fix with the real aws command, after which the path is allowed', async () => {
    // Prepare: the groups allow 9443, subnet A's ACL denies it in; the node is in subnet A and
    // the second X-ENI in subnet B, so one crossing is denied.
    requireAwsCli();
    const cluster = await createMotoCluster(ec2, 'demo');
    await allowNodePort(ec2, cluster, 9443);
    await aclDenyingPort(ec2, cluster, cluster.subnetIds[0] ?? '', 9443);
    const network = join(dir, 'network.json');
    const logs = join(dir, 'api.log');
    writeFileSync(
      logs,
      `${webhookDialLine(0, 'vingress.elbv2.k8s.aws', 'lbc.kube-system', cluster.podIp, 9443)}\n`,
    );
    await runCliCaptured(['snapshot', '--cluster', 'demo', '--out', network]);
    const analyze = (format: string) =>
      runCliCaptured(['analyze', '--logs', logs, '--network', network, '--format', format]);
    const before = JSON.parse((await analyze('json')).stdout);
    const fixes = await analyze('aws-cli');

    // Act
    const applied = spawnSync('sh', ['-s'], {
      input: fixes.stdout,
      encoding: 'utf8',
      env: process.env,
    });
    await runCliCaptured(['snapshot', '--cluster', 'demo', '--out', network]);
    const after = JSON.parse((await analyze('json')).stdout);

    // Assess
    expect(before.findings[0].verdict).toBe('nacl-blocked');
    expect(before.networkAclEntries).toMatchObject([
      { direction: 'ingress', ruleNumber: 99, fromPort: 9443, toPort: 9443, cidr: '10.0.2.0/24' },
    ]);
    expect(fixes.stdout.match(/^aws ec2 [a-z-]+/gm)).toEqual(['aws ec2 create-network-acl-entry']);
    expect(applied.status, applied.stderr).toBe(0);
    expect(after.findings[0].verdict).toBe('allowed');
    expect(after.findings[0].reason).toContain(
      'The security groups and network ACLs already allow',
    );
    expect(after.networkAclEntries).toEqual([]);
  });
});
