import {
  type CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { awsErrorMessage, awsErrorName } from '#adapters/aws/aws-error.ts';
import { passQuotaRefusalThroughRetries, quotaRefusalOf } from '#adapters/aws/quota-refusal.ts';
import { AwsCallError, LogGroupNotFoundError } from '#core/errors.ts';
import type {
  LogStreamInfo,
  LogsInsightsPort,
  QueryResultsPage,
  QueryRow,
  QueryStatistics,
  StartQueryRequest,
  StartQueryResult,
} from '#core/gateways.ts';

/** DescribeLogStreams pages read at most (50 streams each): 2,000 streams. */
const MAX_STREAM_PAGES = 40;

/**
 * {@link LogsInsightsPort} over CloudWatch Logs: StartQuery, GetQueryResults (with pagination),
 * StopQuery and DescribeLogStreams (by name prefix, every page up to 2,000 streams). SDK errors are translated here: ResourceNotFoundException becomes
 * {@link LogGroupNotFoundError}, LimitExceededException a `limit-exceeded` result, other errors an
 * {@link AwsCallError} naming the operation. StartQuery's LimitExceededException (the account's
 * concurrent-query quota is full) is not retried by the SDK: the query runner owns that wait, with
 * its own longer backoff and a progress line; throttling and 5xx answers are retried by the SDK.
 *
 * @example
 * const insights = new CloudWatchLogsInsights(new CloudWatchLogsClient({}));
 */
export class CloudWatchLogsInsights implements LogsInsightsPort {
  constructor(private readonly client: CloudWatchLogsClient) {}

  async startQuery(request: StartQueryRequest, signal?: AbortSignal): Promise<StartQueryResult> {
    try {
      const command = new StartQueryCommand({
        logGroupName: request.logGroupName,
        queryString: request.queryString,
        startTime: request.startTime,
        endTime: request.endTime,
        limit: request.limit,
      });
      passQuotaRefusalThroughRetries(command);
      const response = await this.client.send(command, { abortSignal: signal });
      if (!response.queryId) throw new AwsCallError('StartQuery', 'the response had no queryId');
      return { outcome: 'started', queryId: response.queryId };
    } catch (error) {
      const refusal = quotaRefusalOf(error);
      if (refusal) return { outcome: 'limit-exceeded', message: awsErrorMessage(refusal) };
      const name = awsErrorName(error);
      if (name === 'ResourceNotFoundException') {
        throw new LogGroupNotFoundError('StartQuery', request.logGroupName, { cause: error });
      }
      throw wrap('StartQuery', `${request.logGroupName}: ${awsErrorMessage(error)}`, error);
    }
  }

  async listLogStreams(
    logGroupName: string,
    prefix: string,
    signal?: AbortSignal,
  ): Promise<readonly LogStreamInfo[]> {
    const streams: LogStreamInfo[] = [];
    let nextToken: string | undefined;
    try {
      for (let page = 0; page < MAX_STREAM_PAGES; page++) {
        const response = await this.client.send(
          new DescribeLogStreamsCommand({ logGroupName, logStreamNamePrefix: prefix, nextToken }),
          { abortSignal: signal },
        );
        for (const stream of response.logStreams ?? []) {
          if (!stream.logStreamName) continue;
          streams.push({
            name: stream.logStreamName,
            creationTime: stream.creationTime ?? null,
            lastIngestionTime: stream.lastIngestionTime ?? null,
          });
        }
        nextToken = response.nextToken;
        if (!nextToken) break;
      }
      return streams;
    } catch (error) {
      if (awsErrorName(error) === 'ResourceNotFoundException') {
        throw new LogGroupNotFoundError('DescribeLogStreams', logGroupName, { cause: error });
      }
      throw wrap('DescribeLogStreams', `${logGroupName}: ${awsErrorMessage(error)}`, error);
    }
  }

  async getQueryResults(
    queryId: string,
    options: { readonly nextToken?: string | null; readonly signal?: AbortSignal } = {},
  ): Promise<QueryResultsPage> {
    try {
      const response = await this.client.send(
        new GetQueryResultsCommand({ queryId, nextToken: options.nextToken ?? undefined }),
        { abortSignal: options.signal },
      );
      return {
        status: response.status ?? 'Unknown',
        rows: (response.results ?? []).map(toRow),
        statistics: toStatistics(response.statistics),
        nextToken: response.nextToken ?? null,
      };
    } catch (error) {
      throw wrap('GetQueryResults', `query ${queryId}: ${awsErrorMessage(error)}`, error);
    }
  }

  async stopQuery(queryId: string): Promise<boolean> {
    try {
      const response = await this.client.send(new StopQueryCommand({ queryId }));
      return response.success ?? false;
    } catch (error) {
      // StopQuery on a query that already ended is an InvalidParameterException.
      if (awsErrorName(error) === 'InvalidParameterException') return false;
      throw wrap('StopQuery', `query ${queryId}: ${awsErrorMessage(error)}`, error);
    }
  }
}

function toRow(cells: readonly { field?: string; value?: string }[]): QueryRow {
  return cells.map((cell) => ({ field: cell.field ?? '', value: cell.value ?? '' }));
}

function toStatistics(
  statistics:
    | { recordsScanned?: number; recordsMatched?: number; bytesScanned?: number }
    | undefined,
): QueryStatistics | null {
  if (!statistics) return null;
  return {
    recordsScanned: statistics.recordsScanned ?? 0,
    recordsMatched: statistics.recordsMatched ?? 0,
    bytesScanned: statistics.bytesScanned ?? 0,
  };
}

function wrap(operation: string, message: string, error: unknown): Error {
  if (error instanceof AwsCallError) return error;
  if (awsErrorName(error) === 'AbortError') return error as Error;
  return new AwsCallError(operation, message, { cause: error });
}
