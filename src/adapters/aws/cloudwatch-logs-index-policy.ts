import { type CloudWatchLogsClient, PutIndexPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { awsErrorMessage } from '#adapters/aws/aws-error.ts';
import type { LogStreamIndexPort } from '#app/enable-logging/log-stream-index.ts';
import { AwsCallError } from '#core/errors.ts';

/**
 * {@link LogStreamIndexPort} over CloudWatch Logs PutIndexPolicy: a log-group-level field index
 * policy `{"Fields": ["@logStream"]}`, so `filterIndex @logStream in [...]` skips other streams'
 * data where `@logStream` is not a default index (log groups that are not Standard class).
 *
 * @example
 * await new CloudWatchLogsIndexPolicy(logs).indexLogStream('/aws/eks/prod/cluster');
 */
export class CloudWatchLogsIndexPolicy implements LogStreamIndexPort {
  constructor(private readonly client: CloudWatchLogsClient) {}

  /** @throws AwsCallError naming PutIndexPolicy and the log group. */
  async indexLogStream(logGroupName: string): Promise<void> {
    try {
      await this.client.send(
        new PutIndexPolicyCommand({
          logGroupIdentifier: logGroupName,
          policyDocument: JSON.stringify({ Fields: ['@logStream'] }),
        }),
      );
    } catch (error) {
      throw new AwsCallError('PutIndexPolicy', `${logGroupName}: ${awsErrorMessage(error)}`, {
        cause: error,
      });
    }
  }
}
