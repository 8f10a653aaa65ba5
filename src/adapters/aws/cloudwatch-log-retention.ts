import {
  type CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { awsErrorMessage, awsErrorName } from '#adapters/aws/aws-error.ts';
import { AwsCallError, LogGroupNotFoundError } from '#core/errors.ts';
import type { LogGroupRetention, LogRetentionPort } from '#core/gateways.ts';

const MAX_PAGES = 20;

/**
 * {@link LogRetentionPort} over CloudWatch Logs: DescribeLogGroups (exact name, by prefix),
 * CreateLogGroup and PutRetentionPolicy.
 *
 * @example
 * const retention = new CloudWatchLogRetention(new CloudWatchLogsClient({}));
 */
export class CloudWatchLogRetention implements LogRetentionPort {
  constructor(private readonly client: CloudWatchLogsClient) {}

  async describeRetention(logGroupName: string): Promise<LogGroupRetention> {
    let nextToken: string | undefined;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const response = await this.client.send(
          new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName, nextToken }),
        );
        const group = response.logGroups?.find((g) => g.logGroupName === logGroupName);
        if (group) return { exists: true, retentionDays: group.retentionInDays ?? null };
        nextToken = response.nextToken;
        if (!nextToken) break;
      }
    } catch (error) {
      throw new AwsCallError('DescribeLogGroups', `${logGroupName}: ${awsErrorMessage(error)}`, {
        cause: error,
      });
    }
    return { exists: false, retentionDays: null };
  }

  async createLogGroup(logGroupName: string): Promise<'created' | 'exists'> {
    try {
      await this.client.send(new CreateLogGroupCommand({ logGroupName }));
      return 'created';
    } catch (error) {
      if (awsErrorName(error) === 'ResourceAlreadyExistsException') return 'exists';
      throw new AwsCallError('CreateLogGroup', `${logGroupName}: ${awsErrorMessage(error)}`, {
        cause: error,
      });
    }
  }

  async putRetentionPolicy(logGroupName: string, days: number): Promise<void> {
    try {
      await this.client.send(
        new PutRetentionPolicyCommand({ logGroupName, retentionInDays: days }),
      );
    } catch (error) {
      if (awsErrorName(error) === 'ResourceNotFoundException') {
        throw new LogGroupNotFoundError('PutRetentionPolicy', logGroupName, { cause: error });
      }
      throw new AwsCallError('PutRetentionPolicy', `${logGroupName}: ${awsErrorMessage(error)}`, {
        cause: error,
      });
    }
  }
}
