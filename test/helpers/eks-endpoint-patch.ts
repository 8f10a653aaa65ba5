import { EKSClient, type EKSClientConfig } from '@aws-sdk/client-eks';
import { testClientConfig } from '#test/helpers/aws.ts';

/**
 * A test-only EKS client for moto_server whose DescribeCluster answers carry the given endpoint
 * and/or CA. moto generates a random endpoint host and a random non-PEM `certificateAuthority.data`
 * and ignores any sent in CreateCluster, so a Kubernetes API test server can only be reached by
 * rewriting the answer after deserialization (test set-up only; product code is unchanged).
 */
export function eksClientPointingAt(
  patch: { endpoint?: string; caPem?: string },
  config: EKSClientConfig = testClientConfig,
): EKSClient {
  const eks = new EKSClient(config);
  eks.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const output = result.output as {
        cluster?: { endpoint?: string; certificateAuthority?: { data?: string } };
      };
      if (output.cluster) {
        if (patch.endpoint !== undefined) output.cluster.endpoint = patch.endpoint;
        if (patch.caPem !== undefined) {
          output.cluster.certificateAuthority = {
            data: Buffer.from(patch.caPem, 'utf8').toString('base64'),
          };
        }
      }
      return result;
    },
    { step: 'initialize', name: 'testEksEndpointPatch' },
  );
  return eks;
}
