import type { EKSClient } from '@aws-sdk/client-eks';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { KubernetesClusterReader } from '#adapters/k8s/cluster-reader.ts';
import { EksClusterAccess } from '#adapters/k8s/eks-cluster-access.ts';
import { eksTokenProvider, type SigningCredentials } from '#adapters/k8s/eks-token-signer.ts';
import { KubernetesHttpClient } from '#adapters/k8s/https-client.ts';
import { InputError } from '#core/errors.ts';
import type { Clock, ClusterAccess } from '#core/gateways.ts';

/** What {@link connectToEksCluster} needs. */
export interface EksConnectOptions {
  /** The EKS client of the cluster's region (its region also signs the token). */
  readonly eks: EKSClient;
  readonly cluster: string;
  readonly clock: Clock;
  /** Defaults to the SDK's default provider chain (environment, profile, SSO, IMDS, ...). */
  readonly credentials?: SigningCredentials;
  readonly requestTimeoutMs?: number;
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
}

/** A reader of one cluster's Kubernetes API, and how it was reached. */
export interface EksConnection {
  readonly access: ClusterAccess;
  readonly region: string;
  readonly reader: KubernetesClusterReader;
  /** Closes the kept-alive connections to the API server. */
  close(): void;
}

/**
 * Connects to an EKS cluster's Kubernetes API the way `kubectl` with `aws eks get-token` does:
 * DescribeCluster for the endpoint and CA, then a bearer token presigned with the caller's
 * credentials for every request. Nothing is sent to the API server until the reader is used.
 *
 * @throws InputError when the client has no region.
 * @throws ClusterNotFoundError when the cluster does not exist in that region.
 * @throws AwsCallError when DescribeCluster fails or returns no endpoint or CA.
 * @example
 * const connection = await connectToEksCluster({ eks: new EKSClient({}), cluster: 'prod', clock: systemClock });
 * try { const objects = await connection.reader.readClusterObjects(); } finally { connection.close(); }
 */
export async function connectToEksCluster(options: EksConnectOptions): Promise<EksConnection> {
  const region = await regionOf(options.eks);
  const access = await new EksClusterAccess(options.eks).describeClusterAccess(
    options.cluster,
    options.signal,
  );
  const client = new KubernetesHttpClient({
    access,
    token: eksTokenProvider({
      cluster: options.cluster,
      region,
      credentials: options.credentials ?? defaultProvider(),
      clock: options.clock,
    }),
    ...(options.requestTimeoutMs === undefined
      ? {}
      : { requestTimeoutMs: options.requestTimeoutMs }),
  });
  const reader = new KubernetesClusterReader(client, {
    cluster: options.cluster,
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
  });
  return { access, region, reader, close: () => client.close() };
}

async function regionOf(eks: EKSClient): Promise<string> {
  try {
    return await eks.config.region();
  } catch (error) {
    throw new InputError('no AWS region: pass --region or set AWS_REGION', { cause: error });
  }
}
