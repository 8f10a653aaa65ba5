import { X509Certificate } from 'node:crypto';
import {
  DescribeClusterCommand,
  type DescribeClusterCommandOutput,
  type EKSClient,
} from '@aws-sdk/client-eks';
import { awsErrorMessage, awsErrorName } from '#adapters/aws/aws-error.ts';
import { AwsCallError, ClusterNotFoundError } from '#core/errors.ts';
import type { ClusterAccess, ClusterAccessSource } from '#core/gateways.ts';

/**
 * {@link ClusterAccessSource} over EKS DescribeCluster: the endpoint (`cluster.endpoint`) and the
 * CA (`cluster.certificateAuthority.data`, a base64 PEM) of a cluster. Needs `eks:DescribeCluster`
 * on the cluster.
 */
export class EksClusterAccess implements ClusterAccessSource {
  readonly #eks: EKSClient;

  constructor(eks: EKSClient) {
    this.#eks = eks;
  }

  /**
   * Describes `cluster` and returns how to reach its Kubernetes API.
   *
   * @throws ClusterNotFoundError when the cluster does not exist in the client's region.
   * @throws AwsCallError when DescribeCluster fails, or the cluster has no endpoint or no usable CA
   *   (it is still being created, or the answer is not a real cluster's).
   * @example
   * const access = await new EksClusterAccess(new EKSClient({})).describeClusterAccess('prod');
   */
  async describeClusterAccess(cluster: string, signal?: AbortSignal): Promise<ClusterAccess> {
    let output: DescribeClusterCommandOutput;
    try {
      output = await this.#eks.send(
        new DescribeClusterCommand({ name: cluster }),
        signal ? { abortSignal: signal } : {},
      );
    } catch (error) {
      if (awsErrorName(error) === 'ResourceNotFoundException') {
        throw new ClusterNotFoundError('DescribeCluster', cluster, { cause: error });
      }
      throw new AwsCallError('DescribeCluster', `${cluster}: ${awsErrorMessage(error)}`, {
        cause: error,
      });
    }
    const endpoint = output.cluster?.endpoint;
    if (!endpoint) {
      throw new AwsCallError(
        'DescribeCluster',
        `${cluster} has no API endpoint yet (status ${output.cluster?.status ?? 'unknown'})`,
      );
    }
    return {
      cluster,
      endpoint: endpointOf(cluster, endpoint),
      certificateAuthorityPem: pemOf(cluster, output.cluster?.certificateAuthority?.data),
    };
  }
}

function endpointOf(cluster: string, endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (error) {
    throw new AwsCallError('DescribeCluster', `${cluster} has an endpoint that is not a URL`, {
      cause: error,
    });
  }
  if (url.protocol !== 'https:') {
    throw new AwsCallError('DescribeCluster', `${cluster} has an endpoint that is not https`);
  }
  return url.origin;
}

function pemOf(cluster: string, data: string | undefined): string {
  const pem = data ? Buffer.from(data, 'base64').toString('utf8') : '';
  try {
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate');
    const certificate = new X509Certificate(pem);
    if (!certificate.ca) throw new Error('the certificate is not a CA');
  } catch (error) {
    throw new AwsCallError(
      'DescribeCluster',
      `${cluster} has no usable certificate authority (certificateAuthority.data must be a base64 PEM CA certificate): ${awsErrorMessage(error)}`,
      { cause: error },
    );
  }
  return pem;
}
