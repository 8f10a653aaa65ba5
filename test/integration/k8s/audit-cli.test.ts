import { spawnSync } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { EKSClient } from '@aws-sdk/client-eks';
import { afterEach, describe, expect, it } from 'vitest';
import { EksClusterAccess } from '#adapters/eks-cluster-access.ts';
import { createAuditCommand } from '#cli/commands/audit.ts';
import { KubernetesApiError } from '#core/errors.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { runCliCaptured } from '#test/helpers/cli-io.ts';
import { eksClientPointingAt } from '#test/helpers/eks-endpoint-patch.ts';
import {
  type K8sApiServer,
  type K8sServerOptions,
  startK8sApiServer,
} from '#test/helpers/k8s-api-server.ts';
import { createCluster } from '#test/helpers/moto-eks.ts';
import { testTls } from '#test/helpers/test-tls.ts';

let server: K8sApiServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

/** Runs `audit` against a cluster created in moto whose DescribeCluster points at a local API server. */
async function audit(args: string[], options: Omit<K8sServerOptions, 'tls'> = {}) {
  const tls = testTls();
  server = await startK8sApiServer({ ...options, tls: tls.cluster });
  await createCluster(new EKSClient(testClientConfig), 'demo');
  const endpoint = server.endpoint;
  const command = createAuditCommand({
    eksClient: () => eksClientPointingAt({ endpoint, caPem: tls.cluster.caPem }),
  });
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const io = { stdin: Readable.from(['']), stdout, stderr: new PassThrough(), env: process.env };
  const code = await command.run(args, io);
  return { code, out: Buffer.concat(chunks).toString('utf8'), endpoint };
}

describe('eks-sg-advisor audit (moto_server DescribeCluster + a local Kubernetes API)', () => {
  it('prints every target with its endpoints, pods, nodes, hostNetwork and pod ENIs as text', async () => {
    // Act
    const { code, out } = await audit(['--cluster', 'demo']);
    // Assess
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe(
      'Cluster demo (us-east-1): 14 targets, 9 flows to check, 2 with nothing to check; security groups are not evaluated yet: the flows are listed, none is judged allowed or blocked.',
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
    expect(row('10.0.2.54:10260')?.slice(7)).toEqual(['yes', '-']);
    expect(row('url policy.example.com:8443')?.slice(0, 4)).toEqual([
      'validating',
      'validate.policy.example.com',
      'url policy.example.com:8443',
      '-',
    ]);
    expect(out).toContain(
      '\nProblems:\n  v1alpha1.tap.linkerd.io (apiservice): apiservice-unavailable: APIService v1alpha1.tap.linkerd.io is not Available (FailedDiscoveryCheck)',
    );
    expect(out).toContain(
      '  externalsecrets.external-secrets.io (conversion): no-endpoints: service external-secrets/external-secrets-webhook has 1 endpoint(s), none ready\n',
    );
  });

  it('prints one JSON document with the targets, the flows to check and evaluated: false', async () => {
    // Act
    const { code, out, endpoint } = await audit(['--cluster', 'demo', '--format', 'json']);
    // Assess
    expect(code).toBe(0);
    const report = JSON.parse(out) as {
      cluster: string;
      region: string;
      endpoint: string;
      evaluated: boolean;
      targets: { kind: string; name: string }[];
      flows: { protocol: string; ip: string; port: number; callers: { name: string }[] }[];
      unchecked: { name: string }[];
      notes: { code: string }[];
    };
    expect(report).toMatchObject({
      cluster: 'demo',
      region: 'us-east-1',
      endpoint,
      evaluated: false,
    });
    expect(report.targets).toHaveLength(14);
    expect(report.flows.map((f) => `${f.ip}:${f.port}`)).toContain('10.0.2.77:9443');
    expect(report.flows).toHaveLength(9);
    expect(report.unchecked.map((u) => u.name)).toEqual([
      'externalsecrets.external-secrets.io',
      'validate.policy.example.com',
    ]);
    expect(report.notes.map((n) => n.code)).toEqual(['not-evaluated']);
  });

  it('says when the SecurityGroupPolicy CRD is not installed', async () => {
    // Act
    const { code, out } = await audit(['--cluster', 'demo', '--format', 'json'], {
      notInstalled: ['securitygrouppolicies'],
    });
    // Assess
    expect(code).toBe(0);
    expect((JSON.parse(out) as { notes: { code: string }[] }).notes.map((n) => n.code)).toEqual([
      'not-evaluated',
      'security-group-policies-not-installed',
    ]);
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
        "eks-sg-advisor audit: --format must be one of text, json (got 'yaml'; see 'audit --help')\n",
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
