import {
  DescribeClusterCommand,
  DescribeUpdateCommand,
  type EKSClient,
  UpdateClusterConfigCommand,
} from '@aws-sdk/client-eks';
import { awsErrorMessage, awsErrorName } from '#adapters/aws/aws-error.ts';
import { AwsCallError, ClusterNotFoundError } from '#core/errors.ts';
import type {
  ClusterControlPort,
  ClusterLogging,
  ClusterUpdateState,
  EksLogType,
  LoggingUpdateResult,
} from '#core/gateways.ts';

const NO_CHANGES = /no changes needed/i;

/**
 * {@link ClusterControlPort} over EKS: DescribeCluster, UpdateClusterConfig (logging only) and
 * DescribeUpdate. "No changes needed" (InvalidParameterException) becomes `no-changes`,
 * ResourceInUseException `update-in-progress`, ResourceNotFoundException on DescribeCluster
 * {@link ClusterNotFoundError}; other errors an {@link AwsCallError} naming the cluster.
 *
 * @example
 * const eks = new EksClusterControl(new EKSClient({}));
 */
export class EksClusterControl implements ClusterControlPort {
  constructor(private readonly client: EKSClient) {}

  async describeCluster(name: string): Promise<ClusterLogging> {
    try {
      const { cluster } = await this.client.send(new DescribeClusterCommand({ name }));
      const enabled = (cluster?.logging?.clusterLogging ?? [])
        .filter((entry) => entry.enabled === true)
        .flatMap((entry) => entry.types ?? []);
      return { name, status: cluster?.status ?? 'UNKNOWN', enabledTypes: [...new Set(enabled)] };
    } catch (error) {
      if (awsErrorName(error) === 'ResourceNotFoundException') {
        throw new ClusterNotFoundError('DescribeCluster', name, { cause: error });
      }
      throw new AwsCallError('DescribeCluster', `${name}: ${awsErrorMessage(error)}`, {
        cause: error,
      });
    }
  }

  async updateClusterLogging(
    name: string,
    setup: { readonly types: readonly EksLogType[]; readonly enabled: boolean },
  ): Promise<LoggingUpdateResult> {
    try {
      const { update } = await this.client.send(
        new UpdateClusterConfigCommand({
          name,
          logging: { clusterLogging: [{ types: [...setup.types], enabled: setup.enabled }] },
        }),
      );
      return { outcome: 'started', updateId: update?.id ?? null };
    } catch (error) {
      const kind = awsErrorName(error);
      if (kind === 'InvalidParameterException' && NO_CHANGES.test(awsErrorMessage(error))) {
        return { outcome: 'no-changes' };
      }
      if (kind === 'ResourceInUseException') {
        return { outcome: 'update-in-progress', message: awsErrorMessage(error) };
      }
      if (kind === 'ResourceNotFoundException') {
        throw new ClusterNotFoundError('UpdateClusterConfig', name, { cause: error });
      }
      throw new AwsCallError('UpdateClusterConfig', `${name}: ${awsErrorMessage(error)}`, {
        cause: error,
      });
    }
  }

  async describeUpdate(name: string, updateId: string): Promise<ClusterUpdateState> {
    try {
      const { update } = await this.client.send(new DescribeUpdateCommand({ name, updateId }));
      const errors = (update?.errors ?? []).map((e) =>
        [e.errorCode, e.errorMessage].filter(Boolean).join(': '),
      );
      return { status: update?.status ?? 'Unknown', errors };
    } catch (error) {
      throw new AwsCallError(
        'DescribeUpdate',
        `${name} update ${updateId}: ${awsErrorMessage(error)}`,
        {
          cause: error,
        },
      );
    }
  }
}
