import {
  CreateFlowLogsCommand,
  DeleteFlowLogsCommand,
  DescribeFlowLogsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { awsErrorMessage } from '#adapters/aws/aws-error.ts';
import type {
  CreateFlowLogsRequest,
  FlowLogPort,
  FlowLogSummary,
} from '#app/plan/flow-log-sync.ts';
import { AwsCallError } from '#core/errors.ts';

const MAX_PAGES = 20;

/**
 * {@link FlowLogPort} over EC2: DescribeFlowLogs (by log group), CreateFlowLogs (network
 * interfaces, all traffic, 60-second aggregation, CloudWatch Logs, tagged) and DeleteFlowLogs.
 *
 * @example
 * const flowLogs = new Ec2FlowLogs(new EC2Client({}));
 */
export class Ec2FlowLogs implements FlowLogPort {
  constructor(private readonly client: EC2Client) {}

  async listFlowLogs(logGroupName: string): Promise<FlowLogSummary[]> {
    const out: FlowLogSummary[] = [];
    let NextToken: string | undefined;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const response = await this.client.send(
          new DescribeFlowLogsCommand({
            Filter: [{ Name: 'log-group-name', Values: [logGroupName] }],
            NextToken,
          }),
        );
        for (const log of response.FlowLogs ?? []) {
          if (!log.FlowLogId || !log.ResourceId) continue;
          out.push({
            flowLogId: log.FlowLogId,
            resourceId: log.ResourceId,
            logGroupName: log.LogGroupName ?? null,
            logFormat: log.LogFormat ?? null,
          });
        }
        NextToken = response.NextToken;
        if (!NextToken) break;
      }
    } catch (error) {
      throw new AwsCallError('DescribeFlowLogs', `${logGroupName}: ${awsErrorMessage(error)}`, {
        cause: error,
      });
    }
    return out.filter((log) => log.logGroupName === null || log.logGroupName === logGroupName);
  }

  async createFlowLogs(request: CreateFlowLogsRequest) {
    try {
      const response = await this.client.send(
        new CreateFlowLogsCommand({
          ResourceType: 'NetworkInterface',
          ResourceIds: [...request.resourceIds],
          TrafficType: 'ALL',
          LogDestinationType: 'cloud-watch-logs',
          LogGroupName: request.logGroupName,
          DeliverLogsPermissionArn: request.roleArn,
          LogFormat: request.logFormat,
          MaxAggregationInterval: 60,
          TagSpecifications: [
            {
              ResourceType: 'vpc-flow-log',
              Tags: Object.entries(request.tags).map(([Key, Value]) => ({ Key, Value })),
            },
          ],
        }),
      );
      return {
        created: response.FlowLogIds ?? [],
        refused: (response.Unsuccessful ?? []).map((u) => ({
          resourceId: u.ResourceId ?? '',
          message: u.Error?.Message ?? u.Error?.Code ?? 'refused',
        })),
      };
    } catch (error) {
      throw new AwsCallError(
        'CreateFlowLogs',
        `${request.logGroupName}: ${awsErrorMessage(error)}`,
        {
          cause: error,
        },
      );
    }
  }

  async deleteFlowLogs(flowLogIds: readonly string[]): Promise<void> {
    try {
      await this.client.send(new DeleteFlowLogsCommand({ FlowLogIds: [...flowLogIds] }));
    } catch (error) {
      throw new AwsCallError(
        'DeleteFlowLogs',
        `${flowLogIds.join(', ')}: ${awsErrorMessage(error)}`,
        {
          cause: error,
        },
      );
    }
  }
}
