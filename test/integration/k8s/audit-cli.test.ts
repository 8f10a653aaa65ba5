import { spawnSync } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { afterEach, describe, expect, it } from 'vitest';
import { EksClusterAccess } from '#adapters/k8s/eks-cluster-access.ts';
import { createAuditCommand } from '#cli/commands/audit.ts';
import { KubernetesApiError } from '#core/errors.ts';
import type { Report } from '#core/model/report.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { runCliCaptured } from '#test/helpers/cli-io.ts';
import { eksClientPointingAt } from '#test/helpers/eks-endpoint-patch.ts';
import {
  type K8sApiServer,
  type K8sServerOptions,
  startK8sApiServer,
} from '#test/helpers/k8s-api-server.ts';
import { createMotoCluster, type MotoCluster } from '#test/helpers/moto-cluster.ts';
import { createCluster } from '#test/helpers/moto-eks.ts';
import { testTls } from '#test/helpers/test-tls.ts';
import { cliAws } from '#wiring/cli.ts';

let server: K8sApiServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

const NETWORK = fileURLToPath(new URL('../../fixtures/k8s/network.json', import.meta.url));

/** Runs `audit` against a cluster created in moto whose DescribeCluster points at a local API server. */
async function audit(
  args: string[],
  options: Omit<K8sServerOptions, 'tls'> = {},
  create: () => Promise<unknown> = () => createCluster(new EKSClient(testClientConfig), 'demo'),
) {
  const tls = testTls();
  server = await startK8sApiServer({ ...options, tls: tls.cluster });
  await create();
  const endpoint = server.endpoint;
  const command = createAuditCommand({
    aws: (region) =>
      cliAws(region, {
        eks: () => eksClientPointingAt({ endpoint, caPem: tls.cluster.caPem }),
        ec2: () => new EC2Client(testClientConfig),
      }),
  });
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const io = { stdin: Readable.from(['']), stdout, stderr: new PassThrough(), env: process.env };
  const code = await command.run(args, io);
  return { code, out: Buffer.concat(chunks).toString('utf8'), endpoint };
}

interface AuditJson extends Report {
  readonly audit: {
    readonly region: string;
    readonly endpoint: string;
    readonly targets: readonly { kind: string; name: string }[];
    readonly flows: readonly {
      protocol: string;
      ip: string;
      port: number;
      callers: { name: string }[];
    }[];
    readonly unchecked: readonly { name: string }[];
  };
}

describe('eks-sg-advisor audit (moto_server DescribeCluster + a local Kubernetes API)', () => {
  it('prints every target with its endpoints, then the verdicts and the rules, as text', async () => {
    // Act
    const { code, out } = await audit(['--cluster', 'demo', '--network', NETWORK]);
    // Assess
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe(
      'Cluster demo (us-east-1): 14 targets, 9 flows checked (7 blocked calls), 2 with nothing to check.',
    );
    expect(lines[2]?.split(/\s{2,}/)).toEqual([
      'KIND',
      'NAME',
      'SERVICE',
      'ENDPOINT',
      'READY',
      'POD',
      'NODE',
      'HOSTNET',
      'POD ENI',
    ]);
    const row = (text: string): string[] | undefined =>
      lines.find((l) => l.includes(text))?.split(/\s{2,}/);
    expect(row('10.0.3.140:8089')).toEqual([
      'apiservice',
      'v1alpha1.tap.linkerd.io',
      'linkerd-viz/tap:443',
      '10.0.3.140:8089',
      'yes',
      'linkerd-viz/tap-7f9c5d8b6-hx2kd',
      'ip-10-0-3-87.ec2.internal',
      'no',
      '-',
    ]);
    expect(row('eni-0a1b2c3d4e5f60718')?.slice(0, 4)).toEqual([
      'mutating',
      'mutate.kyverno.svc-fail',
      'kyverno/kyverno-svc:443',
      '10.0.1.200:9443',
    ]);
    expect(out).toContain(
      '\nProblems:\n  v1alpha1.tap.linkerd.io (apiservice): apiservice-unavailable: APIService v1alpha1.tap.linkerd.io is not Available (FailedDiscoveryCheck)',
    );
    expect(out).toContain('eks-sg-advisor analysis of EKS cluster demo');
    expect(out).toContain(
      'authorize-ingress on sg-0fa7e5ec0fa7e5ec0: tcp/9443 from sg-0c1a55e7c1a55e7c1',
    );
  });

  it('judges every flow with the security groups and proposes the minimal rules (JSON)', async () => {
    // Act
    const { code, out, endpoint } = await audit([
      '--cluster',
      'demo',
      '--network',
      NETWORK,
      '--format',
      'json',
    ]);
    // Assess
    expect(code).toBe(0);
    const report = JSON.parse(out) as AuditJson;
    expect(report.audit).toMatchObject({ region: 'us-east-1', endpoint });
    expect(report.audit.targets).toHaveLength(14);
    expect(report.audit.flows).toHaveLength(9);
    expect(report.audit.unchecked.map((u) => u.name)).toEqual([
      'externalsecrets.external-secrets.io',
      'validate.policy.example.com',
    ]);
    const verdict = (ip: string, port: number): string[] => [
      ...new Set(
        report.findings
          .filter((f) => f.target?.ip === ip && f.target.port === port)
          .map((f) => `${f.verdict} ${f.target?.source}`),
      ),
    ];
    // The node group admits 9443 from the cluster group: the ALB controller's pods are reachable.
    expect(verdict('10.0.2.77', 9443)).toEqual(['allowed kubernetes']);
    expect(verdict('10.0.3.201', 9443)).toEqual(['allowed kubernetes']);
    // Kyverno's pod on a branch ENI: its own group lacks the rule.
    expect(verdict('10.0.1.200', 9443)).toEqual(['blocked kubernetes']);
    expect(verdict('10.0.3.140', 8089)).toEqual(['blocked kubernetes']);
    expect(verdict('10.0.2.54', 10260)).toEqual(['blocked kubernetes']);
    expect(report.recommendations.map((r) => `${r.action} ${r.groupId} ${r.fromPort}`)).toEqual([
      'authorize-ingress sg-0b0de5ec0de5ec0de 8089',
      'authorize-ingress sg-0b0de5ec0de5ec0de 8443',
      'authorize-ingress sg-0b0de5ec0de5ec0de 10251',
      'authorize-ingress sg-0b0de5ec0de5ec0de 10260',
      'authorize-ingress sg-0fa7e5ec0fa7e5ec0 9443',
    ]);
    expect(report.recommendations[0]?.reason).toMatch(
      /found by the audit before any failure was logged/,
    );
    expect(report.notes.map((n) => n.code)).toContain('audit-unchecked');
  });

  it('says when the SecurityGroupPolicy CRD is not installed', async () => {
    // Act
    const { code, out } = await audit(
      ['--cluster', 'demo', '--network', NETWORK, '--format', 'json'],
      {
        notInstalled: ['securitygrouppolicies'],
      },
    );
    // Assess
    expect(code).toBe(0);
    expect((JSON.parse(out) as AuditJson).notes.map((n) => n.code)).toContain(
      'security-group-policies-not-installed',
    );
  });

  it('reads the network from EC2 when no snapshot file is given', async () => {
    // Prepare: a VPC, groups and interfaces in moto; its node interface owns 10.0.1.77, the
    // address of the linkerd tap-injector pod in the recorded cluster.
    const ec2 = new EC2Client(testClientConfig);
    const created: MotoCluster[] = [];
    // Act
    const { code, out } = await audit(['--cluster', 'demo', '--format', 'json'], {}, async () => {
      created.push(await createMotoCluster(ec2, 'demo'));
    });
    // Assess
    expect(code).toBe(0);
    const report = JSON.parse(out) as AuditJson;
    const injector = report.findings.find((f) => f.name === 'tap-injector.linkerd.io');
    expect(injector).toMatchObject({ verdict: 'blocked', target: { ip: '10.0.1.77', port: 8443 } });
    expect(report.recommendations).toContainEqual(
      expect.objectContaining({
        groupId: created[0]?.nodeSg,
        fromPort: 8443,
        peer: { groupId: created[0]?.clusterSg },
      }),
    );
    // Pods at addresses no moto interface owns cannot be judged.
    expect(report.findings.find((f) => f.target?.ip === '10.0.3.140')?.verdict).toBe('unknown-ip');
    ec2.destroy();
  });

  it('fails with a KubernetesApiError naming the missing permission on one line (runCli exits 1)', async () => {
    // Act
    const failure = await audit(['--cluster', 'demo'], {
      forbidden: ['customresourcedefinitions'],
    }).catch((error: unknown) => error);
    // Assess
    expect(failure).toBeInstanceOf(KubernetesApiError);
    expect((failure as Error).message).toMatch(
      /^forbidden: User "[^"\n]+" cannot list resource "customresourcedefinitions" in API group "apiextensions\.k8s\.io" at the cluster scope \(cluster demo: grant get\/list on customresourcedefinitions\.apiextensions\.k8s\.io to the access entry's group\)$/,
    );
  });
});

describe('eks-sg-advisor audit through runCli with real clients against moto_server', () => {
  it('exits 1 naming the cluster when it does not exist', async () => {
    // Act
    const { code, stderr } = await runCliCaptured(['audit', '--cluster', 'missing']);
    // Assess
    expect(code).toBe(1);
    expect(stderr).toBe(
      'eks-sg-advisor audit: DescribeCluster: cluster missing not found in this account and region\n',
    );
  });

  it("exits 1 when DescribeCluster's CA is not a PEM certificate (moto's random one), before any request", async () => {
    // Prepare
    await createCluster(new EKSClient(testClientConfig), 'demo');
    // Act
    const { code, stderr } = await runCliCaptured(['audit', '--cluster', 'demo']);
    // Assess
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^eks-sg-advisor audit: DescribeCluster: demo has no usable certificate authority \(certificateAuthority\.data must be a base64 PEM CA certificate\): no PEM certificate\n$/,
    );
  });

  it('runs from the built binary, whose bundle loads the signer and the credential chain', () => {
    // Act
    const result = spawnSync('node', ['dist/eks-sg-advisor.cjs', 'audit', '--cluster', 'missing'], {
      encoding: 'utf8',
      env: process.env,
    });
    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'eks-sg-advisor audit: DescribeCluster: cluster missing not found in this account and region\n',
    );
  });

  it('exits 2 on bad options, before calling AWS', async () => {
    // Act
    const results = await Promise.all(
      [
        ['audit'],
        ['audit', '--cluster', 'demo', '--format', 'yaml'],
        ['audit', '--cluster', 'demo', '--timeout', '0'],
        ['audit', '--cluster', 'demo', '--region', 'mars-1'],
      ].map(async (args) => {
        const { code, stderr } = await runCliCaptured(args);
        return [code, stderr] as const;
      }),
    );
    // Assess
    expect(results).toEqual([
      [2, 'eks-sg-advisor audit: --cluster NAME is required\n'],
      [
        2,
        "eks-sg-advisor audit: --format must be one of text, markdown, json, aws-cli, terraform, cloudformation (got 'yaml'; see 'audit --help')\n",
      ],
      [2, "eks-sg-advisor audit: --timeout must be a number of seconds from 1 to 300 (got '0')\n"],
      [
        2,
        "eks-sg-advisor audit: --region must be an AWS region name such as eu-west-1 (got 'mars-1')\n",
      ],
    ]);
  });
});

describe('EksClusterAccess against moto_server', () => {
  it("returns the endpoint's origin (moto's has a trailing slash) and the PEM of the CA", async () => {
    // Prepare
    const { caPem } = testTls().cluster;
    await createCluster(new EKSClient(testClientConfig), 'demo');
    // Act
    const access = await new EksClusterAccess(eksClientPointingAt({ caPem })).describeClusterAccess(
      'demo',
    );
    // Assess
    expect(access.endpoint).toMatch(
      /^https:\/\/[A-Za-z0-9]+\.[A-Za-z0-9]+\.us-east-1\.eks\.amazonaws\.com$/,
    );
    expect(access.certificateAuthorityPem).toBe(caPem);
  });
});
