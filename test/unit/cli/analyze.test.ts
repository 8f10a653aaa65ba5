import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '#test/helpers/cli-io.ts';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../fixtures/demo/${name}`, import.meta.url));
const LOGS = fixture('apiserver-insights.json');
const NETWORK = fixture('network.json');

/** `analyze` of the demo logs and snapshot as JSON, with `flags` added. */
const analyzeJson = (...flags: string[]) =>
  runCliCaptured(['analyze', '--logs', LOGS, '--network', NETWORK, '--format', 'json', ...flags]);
const SG_NODE = 'sg-0b0de5ec0de5ec0de';
const SG_POD = 'sg-0fa7e5ec0fa7e5ec0';
const SG_ADDITIONAL = 'sg-0adde7ca1adde7ca1';

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'analyze-')), name);
  writeFileSync(path, text);
  return path;
}

// biome-ignore lint/suspicious/noExplicitAny: the tests mutate raw snapshot JSON at any depth
type Json = Record<string, any>;

function demoNetwork(): Json {
  return JSON.parse(readFileSync(NETWORK, 'utf8'));
}

describe('eks-sg-advisor analyze on the demo cluster', () => {
  it('prints one JSON object with the contract fields and the three minimal rules', async () => {
    // Act
    const run = await analyzeJson();

    // Assess
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(run.stdout);
    expect(report.cluster).toBe('shop-prod');
    expect(report.findings.map((f: { verdict: string }) => f.verdict)).toEqual([
      'blocked', // metrics-server, pod IP from a delegated prefix on a VPC CNI secondary ENI
      'no-target', // the discovery symptom
      'blocked', // AWS Load Balancer Controller, pod from the EKS dialer line
      'blocked', // a webhook on a security-groups-for-pods branch ENI
      'nacl-blocked', // cert-manager on 10250: the node group admits it, subnet A's ACL does not
      'not-network', // Kyverno: connection refused
      'no-target', // Gatekeeper: service only, port inferred
    ]);
    expect(
      report.recommendations.map((r: Record<string, unknown>) => [
        r.action,
        r.groupId,
        r.protocol,
        r.fromPort,
        r.toPort,
        r.peer,
        r.findings,
      ]),
    ).toEqual([
      // The node group already admits 443 and 10250 from the additional group: the fixes follow it.
      ['authorize-ingress', SG_NODE, 'tcp', 9443, 9443, { groupId: SG_ADDITIONAL }, [2]],
      ['authorize-ingress', SG_NODE, 'tcp', 10251, 10251, { groupId: SG_ADDITIONAL }, [0]],
      ['authorize-ingress', SG_POD, 'tcp', 8443, 8443, { groupId: SG_ADDITIONAL }, [3]],
    ]);
    expect(report.notes).toEqual([]);
  });

  it.each(['text', 'markdown', 'aws-cli', 'terraform', 'cloudformation'])(
    'renders --format %s',
    async (format) => {
      // Act
      const run = await runCliCaptured([
        'analyze',
        '--logs',
        LOGS,
        '--network',
        NETWORK,
        '--format',
        format,
      ]);

      // Assess
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(SG_POD);
    },
  );

  it('names the group given with --control-plane-group in every rule', async () => {
    // Act
    const run = await analyzeJson('--control-plane-group', 'sg-0c1a55e7c1a55e7c1');

    // Assess
    const report = JSON.parse(run.stdout);
    expect(report.recommendations.map((r: { peer: unknown }) => r.peer)).toEqual([
      { groupId: 'sg-0c1a55e7c1a55e7c1' },
      { groupId: 'sg-0c1a55e7c1a55e7c1' },
      { groupId: 'sg-0c1a55e7c1a55e7c1' },
    ]);
  });

  it('refuses a --control-plane-group that is not a group ID', async () => {
    // Act
    const run = await runCliCaptured([
      'analyze',
      '--logs',
      LOGS,
      '--network',
      NETWORK,
      '--control-plane-group',
      'sg-x',
    ]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--control-plane-group must be a security group ID/);
  });

  it('prints the report and the fixes by default', async () => {
    // Act
    const run = await runCliCaptured(['analyze', '--logs', LOGS, '--network', NETWORK]);

    // Assess
    expect(run.stdout).toContain('FINDINGS (7)');
    expect(run.stdout).toContain('RULES TO ADD (3)');
    expect(run.stdout).toContain('NETWORK ACL ENTRIES TO ADD (2)');
    expect(run.stdout).toContain(
      "aws ec2 create-network-acl-entry \\\n  --region 'eu-west-1' \\\n  --network-acl-id 'acl-0a11aa22bb33cc440' \\\n  --ingress \\\n  --rule-number 200",
    );
    expect(run.stdout).toContain(
      "aws ec2 authorize-security-group-ingress \\\n  --region 'eu-west-1'",
    );
  });

  it('reads plain text logs from stdin', async () => {
    // Prepare
    const line =
      'W1128 09:05:31.220114      10 dispatcher.go:217] Failed calling webhook, failing closed v.example.com: failed calling webhook "v.example.com": failed to call webhook: Post "https://v.payments.svc:443/validate?timeout=5s": dial tcp 10.42.2.154:8443: i/o timeout\n';

    // Act
    const run = await runCliCaptured(
      ['analyze', '--logs', '-', '--network', NETWORK, '--format', 'json'],
      line,
    );

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).recommendations[0].groupId).toBe(SG_POD);
  });
});

describe('eks-sg-advisor analyze reading logs in chunks', () => {
  it('reads Logs Insights JSON from stdin as from a file', async () => {
    // Prepare
    const args = ['analyze', '--network', NETWORK, '--format', 'json'];

    // Act
    const fromFile = await runCliCaptured([...args, '--logs', LOGS]);
    const fromStdin = await runCliCaptured([...args, '--logs', '-'], readFileSync(LOGS, 'utf8'));

    // Assess
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  it.each([
    ['a file', (text: string) => [tempFile('lines.json', text)], ''],
    ['stdin', () => ['-'], 'stdin'],
  ])(
    'reads JSON lines from %s as text lines, like any input that is not one JSON document',
    async (_, logs, via) => {
      // Prepare
      const line =
        'W1128 09:05:31.220114      10 dispatcher.go:217] Failed calling webhook, failing closed v.example.com: failed calling webhook "v.example.com": failed to call webhook: Post "https://v.payments.svc:443/validate?timeout=5s": dial tcp 10.42.2.154:8443: i/o timeout';
      const text = `{"note": "not one document"}\n${line}\n`;

      // Act
      const run = await runCliCaptured(
        ['analyze', '--logs', ...logs(text), '--network', NETWORK, '--format', 'json'],
        via === 'stdin' ? text : '',
      );

      // Assess
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).recommendations[0].groupId).toBe(SG_POD);
    },
  );

  it('names a logs file it cannot read', async () => {
    // Act
    const run = await runCliCaptured([
      'analyze',
      '--logs',
      '/nonexistent/a.json',
      '--network',
      NETWORK,
    ]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'eks-sg-advisor analyze: cannot read /nonexistent/a.json: no such file\n',
    );
  });
});

describe('eks-sg-advisor analyze on bad input', () => {
  it.each([
    [
      'a snapshot missing a section',
      (n: Json) => delete n.securityGroupRules,
      'missing section "securityGroupRules" (the output of aws ec2 describe-security-group-rules)',
    ],
    [
      'a snapshot with a wrong type',
      (n: Json) => {
        n.networkInterfaces.NetworkInterfaces = {};
      },
      'networkInterfaces.NetworkInterfaces: expected array, got an object',
    ],
  ])('refuses %s with one line naming it and exit 2', async (_what, mutate, message) => {
    // Prepare
    const network = demoNetwork();
    mutate(network);
    const path = tempFile('network.json', JSON.stringify(network));

    // Act
    const run = await runCliCaptured(['analyze', '--logs', LOGS, '--network', path]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`eks-sg-advisor analyze: network snapshot ${path}: ${message}\n`);
    expect(run.stdout).toBe('');
  });

  it('refuses a snapshot of another cluster than --cluster', async () => {
    // Act
    const run = await runCliCaptured([
      'analyze',
      '--logs',
      LOGS,
      '--network',
      NETWORK,
      '--cluster',
      'shop-staging',
    ]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `eks-sg-advisor analyze: network snapshot ${NETWORK} is for cluster 'shop-prod', not 'shop-staging' (--cluster)\n`,
    );
  });

  it.each([
    [
      'an IPv6 CIDR with a zone id',
      (n: Json) => {
        const rule = n.securityGroupRules.SecurityGroupRules.find((r: Json) => r.CidrIpv4);
        delete rule.CidrIpv4;
        rule.CidrIpv6 = 'fe80::1%eth0/64';
      },
      /CidrIpv6: expected a CIDR block, got "fe80::1%eth0\/64"$/,
    ],
    [
      'a rule ID with a command substitution',
      (n: Json) => {
        n.securityGroupRules.SecurityGroupRules[0].SecurityGroupRuleId = 'sgr-$(reboot)';
      },
      /SecurityGroupRuleId: expected a security group rule ID \(sgr-<hex>\), got "sgr-\$\(reboot\)"$/,
    ],
    [
      'a cluster ARN with a malformed region',
      (n: Json) => {
        n.cluster.cluster.arn = n.cluster.cluster.arn.replace(/:eks:[^:]+:/, ':eks:EU_WEST:');
      },
      /cluster\.cluster\.arn: expected an EKS cluster ARN/,
    ],
    [
      'an interface listed twice',
      (n: Json) => {
        const list = n.networkInterfaces.NetworkInterfaces;
        list.push(structuredClone(list[0]));
      },
      /NetworkInterfaceId: eni-[0-9a-f]+ is listed twice/,
    ],
  ] as const)('exits 2 with one line on a snapshot with %s', async (_what, mutate, message) => {
    // Prepare
    const network = demoNetwork();
    mutate(network);
    const path = tempFile('network.json', JSON.stringify(network));

    // Act
    const run = await runCliCaptured(['analyze', '--logs', LOGS, '--network', path]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(message);
  });

  it('withholds the rule for a port made sensitive with --sensitive-ports that no registration names', async () => {
    // Act: validate.payments.example.com fails on 8443, which only its log line names.
    const run = await analyzeJson('--sensitive-ports', '8443');

    // Assess
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    const payments = report.findings.find((f: Json) => f.name === 'validate.payments.example.com');
    expect(payments.verdict).toBe('needs-review');
    expect(report.recommendations.map((r: Json) => r.fromPort)).toEqual([9443, 10251]);
  });

  it('proposes the reply entries on the --reply-ports range', async () => {
    // Act
    const run = await analyzeJson('--reply-ports', '32768-60999');

    // Assess
    expect(run.code).toBe(0);
    const entries: Json[] = JSON.parse(run.stdout).networkAclEntries;
    const replies = entries.filter((e) => e.fromPort !== e.toPort);
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((e) => e.fromPort === 32768 && e.toPort === 60999)).toBe(true);
  });

  it('refuses the rules over --max-rules-per-group and says so in the notes', async () => {
    // Act
    const run = await analyzeJson('--max-rules-per-group', '1');

    // Assess
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.notes.map((n: Json) => n.code)).toContain('quota-rules-per-group');
    expect(report.recommendations.length).toBeLessThan(3);
  });

  it.each([
    [['--sensitive-ports', 'ssh'], /^--sensitive-ports must be a comma-separated list/],
    [
      ['--max-rules-per-group', '0'],
      /^--max-rules-per-group must be a whole number from 1 to 1000/,
    ],
    [['--max-acl-entries', '41'], /^--max-acl-entries must be a whole number from 1 to 40/],
    [['--reply-ports', '32768'], /^--reply-ports must be a port range FROM-TO within 1-65535/],
  ])('exits 2 on the policy flags %j', async (flags, message) => {
    // Act
    const run = await runCliCaptured(['analyze', '--logs', LOGS, '--network', NETWORK, ...flags]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr.replace(/^eks-sg-advisor analyze: /, '')).toMatch(message);
  });

  it("refuses logs whose log group is in another account than the cluster's", async () => {
    // Prepare: the same cluster name, in another account.
    const network = demoNetwork();
    network.cluster.cluster.arn = network.cluster.cluster.arn.replace(
      '111122223333',
      '444455556666',
    );
    const path = tempFile('network.json', JSON.stringify(network));

    // Act
    const run = await runCliCaptured(['analyze', '--logs', LOGS, '--network', path]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `eks-sg-advisor analyze: logs ${LOGS} come from a log group of account 111122223333, but cluster 'shop-prod' is in account 444455556666\n`,
    );
  });

  it('refuses logs whose log group names another cluster than the snapshot', async () => {
    // Prepare
    const network = demoNetwork();
    network.cluster.cluster.name = 'shop-staging';
    network.cluster.cluster.arn = network.cluster.cluster.arn.replace('shop-prod', 'shop-staging');
    const path = tempFile('network.json', JSON.stringify(network));

    // Act
    const run = await runCliCaptured(['analyze', '--logs', LOGS, '--network', path]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `eks-sg-advisor analyze: logs ${LOGS} come from log group /aws/eks/shop-prod/cluster, but the network snapshot is for cluster 'shop-staging'\n`,
    );
  });

  it.each([
    [['analyze', '--network', NETWORK], "--logs FILE is required (see 'analyze --help')"],
    [
      ['analyze', '--logs', LOGS, '--network', '/nonexistent/net.json'],
      'cannot read network snapshot /nonexistent/net.json: no such file or directory',
    ],
    [
      ['analyze', '--logs', LOGS, '--network', NETWORK, '--format', 'yaml'],
      "--format must be one of text, markdown, json, aws-cli, terraform, cloudformation (got 'yaml'; see 'analyze --help')",
    ],
    [
      ['analyze', '--logs', '-', '--network', '-'],
      '--logs and --network cannot both be read from stdin',
    ],
  ])('exits 2 on %j', async (args, message) => {
    // Act
    const run = await runCliCaptured(args);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`eks-sg-advisor analyze: ${message}\n`);
  });
});

describe('eks-sg-advisor snapshot on bad options', () => {
  it.each([
    [['snapshot'], "--cluster NAME is required (see 'snapshot --help')"],
    [['snapshot', '--cluster', 'x;rm -rf'], '--cluster "x;rm -rf" is not an EKS cluster name'],
  ])('exits 2 on %j', async (args, message) => {
    // Act
    const run = await runCliCaptured(args);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`eks-sg-advisor snapshot: ${message}\n`);
  });
});
