import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { afterEach, describe, expect, it } from 'vitest';
import { KubernetesClusterReader } from '#adapters/k8s/cluster-reader.ts';
import { eksTokenProvider } from '#adapters/k8s/eks-token-signer.ts';
import { KubernetesHttpClient } from '#adapters/k8s/https-client.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { KubernetesApiError } from '#core/errors.ts';
import { presignedUrlOfToken } from '#core/k8s/eks-token.ts';
import {
  type K8sApiServer,
  type K8sServerOptions,
  startK8sApiServer,
  TEST_USER,
} from '#test/helpers/k8s-api-server.ts';
import { verifyPresignedGet } from '#test/helpers/sigv4-verify.ts';
import { testTls } from '#test/helpers/test-tls.ts';

const CLUSTER = 'demo';
let server: K8sApiServer | null = null;
let client: KubernetesHttpClient | null = null;

afterEach(async () => {
  client?.close();
  await server?.close();
  server = null;
  client = null;
});

/** A reader of a fake API server; `serverTls` lets the server present another CA's certificate. */
async function readerFor(
  options: Omit<K8sServerOptions, 'tls'> & { serverTls?: 'cluster' | 'stranger' } = {},
  reader: { pageSize?: number; requestTimeoutMs?: number } = {},
): Promise<{ reader: KubernetesClusterReader; server: K8sApiServer }> {
  const tls = testTls();
  server = await startK8sApiServer({ ...options, tls: tls[options.serverTls ?? 'cluster'] });
  client = new KubernetesHttpClient({
    access: {
      cluster: CLUSTER,
      endpoint: server.endpoint,
      certificateAuthorityPem: tls.cluster.caPem,
    },
    token: eksTokenProvider({
      cluster: CLUSTER,
      region: 'us-east-1',
      credentials: defaultProvider(),
      clock: systemClock,
    }),
    ...(reader.requestTimeoutMs ? { requestTimeoutMs: reader.requestTimeoutMs } : {}),
  });
  return {
    reader: new KubernetesClusterReader(client, {
      cluster: CLUSTER,
      ...(reader.pageSize ? { pageSize: reader.pageSize } : {}),
    }),
    server,
  };
}

describe('the Kubernetes API read path against a local HTTPS API server', () => {
  it('authenticates every request with a k8s-aws-v1 token presigned for GetCallerIdentity and the cluster', async () => {
    // Prepare
    const { reader, server } = await readerFor();
    // Act
    await reader.readClusterObjects();
    // Assess
    expect(server.requests.length).toBeGreaterThan(4);
    for (const request of server.requests) {
      expect(request.authorization).toMatch(/^Bearer k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    }
    const url = new URL(
      presignedUrlOfToken(server.requests[0]?.authorization?.slice('Bearer '.length) ?? ''),
    );
    expect(url.host).toBe('sts.us-east-1.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toContain('x-k8s-aws-id');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      /^testing\/\d{8}\/us-east-1\/sts\/aws4_request$/,
    );
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyPresignedGet(url.href, 'testing', { 'x-k8s-aws-id': CLUSTER })).toBe(true);
  });

  it('reads the cluster-scoped objects, then only the namespaces they name', async () => {
    // Prepare
    const { reader, server } = await readerFor();
    // Act
    const objects = await reader.readClusterObjects();
    // Assess
    const namespaces = new Set(
      server.requests.map((r) => /\/namespaces\/([^/]+)\//.exec(r.path)?.[1]).filter(Boolean),
    );
    expect([...namespaces].sort()).toEqual([
      'cert-manager',
      'external-secrets',
      'kube-system',
      'kyverno',
      'linkerd-viz',
    ]);
    expect(objects.apiServices).toHaveLength(6);
    expect(objects.admissionWebhooks).toHaveLength(11);
    expect(objects.customResourceDefinitions.filter((c) => c.conversion)).toHaveLength(1);
    expect(objects.pods).toHaveLength(19);
    expect(objects.securityGroupPolicies?.map((p) => p.name)).toEqual([
      'kyverno-admission-controller',
    ]);
  });

  it('follows metadata.continue until the last page', async () => {
    // Prepare
    const { reader, server } = await readerFor({}, { pageSize: 2 });
    // Act
    const objects = await reader.readClusterObjects();
    // Assess: kube-system has 9 pods: pages of 2, 2, 2, 2, 1.
    const podPages = server.requests.filter(
      (r) => r.path === '/api/v1/namespaces/kube-system/pods',
    );
    expect(podPages.map((r) => r.query.limit)).toEqual(['2', '2', '2', '2', '2']);
    expect(podPages[0]?.query.continue).toBeUndefined();
    expect(podPages.slice(1).every((r) => typeof r.query.continue === 'string')).toBe(true);
    expect(objects.pods.filter((p) => p.namespace === 'kube-system')).toHaveLength(9);
    expect(new Set(objects.pods.map((p) => `${p.namespace}/${p.name}`)).size).toBe(19);
  });

  it('restarts a list once when its continue token has expired (410 Gone)', async () => {
    // Prepare
    const { reader, server } = await readerFor({ expireContinueOnce: ['pods'] }, { pageSize: 4 });
    // Act
    const objects = await reader.readClusterObjects();
    // Assess
    expect(objects.pods).toHaveLength(19);
    const kubeSystem = server.requests.filter(
      (r) => r.path === '/api/v1/namespaces/kube-system/pods',
    );
    // 9 pods by 4: page 1, page 2 refused (410), then pages 1, 2, 3 again.
    expect(kubeSystem.map((r) => r.query.continue === undefined)).toEqual([
      true,
      false,
      true,
      false,
      false,
    ]);
  });

  it('answers a 403 with one line naming the missing permission as the Status reports it', async () => {
    // Prepare
    const { reader } = await readerFor({ forbidden: ['apiservices'] });
    // Act
    const error = await reader.readClusterObjects().catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(KubernetesApiError);
    expect((error as KubernetesApiError).status).toBe(403);
    expect((error as Error).message).toBe(
      `forbidden: User "${TEST_USER}" cannot list resource "apiservices" in API group "apiregistration.k8s.io" at the cluster scope (cluster demo: grant get/list on apiservices.apiregistration.k8s.io to the access entry's group)`,
    );
  });

  it('names the namespace of a namespaced 403', async () => {
    // Prepare
    const { reader } = await readerFor({ forbidden: ['endpointslices'] });
    // Act / Assess
    await expect(reader.readClusterObjects()).rejects.toThrow(
      /^forbidden: User "[^"]+" cannot list resource "endpointslices" in API group "discovery\.k8s\.io" in the namespace "[a-z-]+" \(cluster demo: grant get\/list on endpointslices\.discovery\.k8s\.io/,
    );
  });

  it('explains a 401', async () => {
    // Prepare
    const { reader } = await readerFor({ unauthorized: true });
    // Act / Assess
    await expect(reader.readClusterObjects()).rejects.toThrow(
      'the Kubernetes API of cluster demo rejected the token (401 Unauthorized)',
    );
  });

  it('reads a missing SecurityGroupPolicy CRD (404) as "not installed", not as an error', async () => {
    // Prepare
    const { reader } = await readerFor({ notInstalled: ['securitygrouppolicies'] });
    // Act
    const objects = await reader.readClusterObjects();
    // Assess
    expect(objects.securityGroupPolicies).toBeNull();
    expect(objects.pods).toHaveLength(19);
  });

  it('trusts only the cluster CA: a server certificate from another CA is refused', async () => {
    // Prepare
    const { reader, server } = await readerFor({ serverTls: 'stranger' });
    // Act
    const error = await reader.readClusterObjects().catch((e: unknown) => e);
    // Assess: refused during the handshake, so no request (and no token) reached the server.
    expect(error).toBeInstanceOf(KubernetesApiError);
    expect((error as Error).message).toMatch(
      /presented a certificate the cluster CA does not validate \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)/,
    );
    expect(server.requests).toEqual([]);
  });

  it('says the credentials are missing when no token can be signed, and sends nothing', async () => {
    // Prepare: a provider that fails the way the SDK chain does when it finds no credentials.
    const tls = testTls();
    server = await startK8sApiServer({ tls: tls.cluster });
    client = new KubernetesHttpClient({
      access: {
        cluster: CLUSTER,
        endpoint: server.endpoint,
        certificateAuthorityPem: tls.cluster.caPem,
      },
      token: eksTokenProvider({
        cluster: CLUSTER,
        region: 'us-east-1',
        credentials: () =>
          Promise.reject(new Error('Could not load credentials from any providers')),
        clock: systemClock,
      }),
    });
    const reader = new KubernetesClusterReader(client, { cluster: CLUSTER });
    // Act / Assess
    await expect(reader.readClusterObjects()).rejects.toThrow(
      'cannot sign a token for cluster demo with the AWS credentials: Could not load credentials from any providers',
    );
    expect(server.requests).toEqual([]);
  });

  it('bounds a request that gets no answer', async () => {
    // Prepare
    const { reader } = await readerFor({ hang: true }, { requestTimeoutMs: 300 });
    const started = Date.now();
    // Act
    const error = await reader.readClusterObjects().catch((e: unknown) => e);
    // Assess
    expect((error as Error).message).toMatch(
      /^list apiservices\.apiregistration\.k8s\.io: no answer from the Kubernetes API at localhost:\d+ within 0\.3 s/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("stops at once when the caller's signal aborts, with the signal's reason", async () => {
    // Prepare
    const { reader } = await readerFor({ hang: true });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 100);
    // Act / Assess
    await expect(reader.readClusterObjects(controller.signal)).rejects.toBe(reason);
  });
});
