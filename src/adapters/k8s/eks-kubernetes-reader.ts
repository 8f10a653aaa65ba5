import type { EKSClient } from '@aws-sdk/client-eks';
import { connectToEksCluster } from '#adapters/k8s/connect-eks.ts';
import type { SigningCredentials } from '#adapters/k8s/eks-token-signer.ts';
import type { Clock, ClusterKubernetesReader } from '#core/gateways.ts';
import type { ClusterObjects } from '#core/k8s/objects.ts';

/** What {@link EksKubernetesReader} is built from. */
export interface EksKubernetesReaderOptions {
  /** The EKS client of the clusters' Region; its credentials also sign the token unless given. */
  readonly eks: EKSClient;
  readonly clock: Clock;
  /** Defaults to the EKS client's own credentials (an assumed role's, for another account). */
  readonly credentials?: SigningCredentials;
  /** Bounds each Kubernetes request (the connection's default otherwise). */
  readonly requestTimeoutMs?: number;
}

/**
 * Reads the objects the control plane calls from an EKS cluster's Kubernetes API: DescribeCluster
 * for the endpoint and CA, a token signed with the same credentials as the EKS client (so the
 * principal of a cross-account role is the one the access entry names), then the lists. One
 * connection per call, closed afterwards.
 *
 * @example
 * const objects = await new EksKubernetesReader({ eks, clock: systemClock }).readClusterObjects('prod');
 */
export class EksKubernetesReader implements ClusterKubernetesReader {
  constructor(private readonly options: EksKubernetesReaderOptions) {}

  async readClusterObjects(cluster: string, signal?: AbortSignal): Promise<ClusterObjects> {
    const { eks, clock, requestTimeoutMs } = this.options;
    const connection = await connectToEksCluster({
      eks,
      cluster,
      clock,
      credentials: this.options.credentials ?? eks.config.credentials,
      ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
      ...(signal === undefined ? {} : { signal }),
    });
    try {
      return await connection.reader.readClusterObjects(signal);
    } finally {
      connection.close();
    }
  }
}
