import { EKSClient } from '@aws-sdk/client-eks';
import { afterEach, describe, expect, it } from 'vitest';
import { EksKubernetesReader } from '#adapters/k8s/eks-kubernetes-reader.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { KubernetesApiError } from '#core/errors.ts';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';
import { presignedUrlOfToken } from '#core/k8s/eks-token.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { eksClientPointingAt } from '#test/helpers/eks-endpoint-patch.ts';
import {
  type K8sApiServer,
  type K8sServerOptions,
  startK8sApiServer,
} from '#test/helpers/k8s-api-server.ts';
import { createCluster } from '#test/helpers/moto-eks.ts';
import { verifyPresignedGet } from '#test/helpers/sigv4-verify.ts';
import { testTls } from '#test/helpers/test-tls.ts';

// The credentials an assumed role gives the EKS client of another account's cluster.
const ROLE_CREDENTIALS = {
  accessKeyId: 'ASIAEKSSGADVISORROLE',
  secretAccessKey: 'role-secret-key',
  sessionToken: 'role-session-token',
};

let server: K8sApiServer | null = null;
let eks: EKSClient | null = null;

afterEach(async () => {
  eks?.destroy();
  await server?.close();
  server = null;
  eks = null;
});

/** moto_server's DescribeCluster (endpoint and CA rewritten to a local API server) and the reader. */
async function readerFor(options: Omit<K8sServerOptions, 'tls'> = {}) {
  const tls = testTls();
  server = await startK8sApiServer({ ...options, tls: tls.cluster });
  await createCluster(new EKSClient(testClientConfig), 'demo');
  eks = eksClientPointingAt(
    { endpoint: server.endpoint, caPem: tls.cluster.caPem },
    { ...testClientConfig, credentials: ROLE_CREDENTIALS },
  );
  return { reader: new EksKubernetesReader({ eks, clock: systemClock }), server };
}

describe('EksKubernetesReader (moto_server DescribeCluster + a local Kubernetes API)', () => {
  it("signs the token with the EKS client's own credentials, so an assumed role is the principal", async () => {
    // Prepare
    const { reader, server } = await readerFor();
    // Act
    const objects = await reader.readClusterObjects('demo');
    // Assess
    expect(controlPlaneTargets(objects).map((t) => t.name)).toContain('v1beta1.metrics.k8s.io');
    expect(server.requests.length).toBeGreaterThan(4);
    for (const request of server.requests) {
      const url = new URL(
        presignedUrlOfToken(request.authorization?.slice('Bearer '.length) ?? ''),
      );
      expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^ASIAEKSSGADVISORROLE\//);
      expect(url.searchParams.get('X-Amz-Security-Token')).toBe('role-session-token');
      expect(verifyPresignedGet(url.href, 'role-secret-key', { 'x-k8s-aws-id': 'demo' })).toBe(
        true,
      );
    }
  });

  it('passes a refused read on as the one-line KubernetesApiError naming the permission', async () => {
    // Prepare
    const { reader } = await readerFor({ forbidden: ['apiservices'] });
    // Act
    const read = reader.readClusterObjects('demo');
    // Assess
    await expect(read).rejects.toBeInstanceOf(KubernetesApiError);
    await expect(read).rejects.toThrow(/cannot list resource "apiservices"/);
  });
});
