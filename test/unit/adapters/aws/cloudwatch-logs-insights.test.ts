import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  GetQueryResultsCommand,
  InvalidParameterException,
  LimitExceededException,
  StartQueryCommand,
  type StartQueryCommandInput,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchLogsInsights } from '#adapters/aws/cloudwatch-logs-insights.ts';
import { fetchClusterEvents } from '#app/pipeline/read-events.ts';
import { runInsightsQuery } from '#app/pipeline/run-query.ts';
import { AwsCallError, QueryFailedError } from '#core/errors.ts';
import type { StartQueryRequest } from '#core/gateways.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';

const logs = mockClient(CloudWatchLogsClient);
const REQUEST: StartQueryRequest = {
  logGroupName: '/aws/eks/demo/cluster',
  queryString: 'fields @message',
  startTime: 100,
  endTime: 200,
  limit: 10_000,
};
const STREAM = 'kube-apiserver-0123456789abcdef0123456789abcdef';

function insights(): CloudWatchLogsInsights {
  return new CloudWatchLogsInsights(new CloudWatchLogsClient({ region: 'us-east-1' }));
}

function row(atMs: number, message: string) {
  const text = new Date(atMs).toISOString().replace('T', ' ').replace('Z', '');
  return [
    { field: '@timestamp', value: text },
    { field: '@logStream', value: STREAM },
    { field: '@message', value: message },
    { field: '@ptr', value: 'CmAKJwoj' },
  ];
}

beforeEach(() => {
  logs.reset();
  // The API-server stream the query names (DescribeLogStreams by prefix).
  logs.on(DescribeLogStreamsCommand).resolves({ logStreams: [{ logStreamName: STREAM }] });
});

describe('CloudWatchLogsInsights with runInsightsQuery', () => {
  it('polls a Running query until Complete and keeps its statistics (mocked: moto never reports Running or statistics)', async () => {
    // Prepare
    logs.on(StartQueryCommand).resolves({ queryId: 'q-1' });
    logs
      .on(GetQueryResultsCommand)
      .resolvesOnce({ status: 'Scheduled' })
      .resolvesOnce({
        status: 'Running',
        statistics: { recordsScanned: 500, recordsMatched: 1, bytesScanned: 9_000 },
      })
      .resolves({
        status: 'Complete',
        results: [row(150_000, 'E0101 boom')],
        statistics: { recordsScanned: 1_000, recordsMatched: 1, bytesScanned: 20_000 },
      });
    const clock = new FakeClock();
    // Act
    const outcome = await runInsightsQuery({ insights: insights(), clock }, REQUEST);
    // Assess
    expect(outcome.statistics).toEqual({
      recordsScanned: 1_000,
      recordsMatched: 1,
      bytesScanned: 20_000,
    });
    expect(outcome.rows).toEqual([row(150_000, 'E0101 boom')]);
    expect(logs).toHaveReceivedCommandTimes(GetQueryResultsCommand, 3);
    expect(logs).toHaveReceivedCommandWith(StartQueryCommand, {
      logGroupName: '/aws/eks/demo/cluster',
      startTime: 100,
      endTime: 200,
      limit: 10_000,
    });
  });

  it.each(['Failed', 'Timeout', 'Cancelled'])(
    'throws QueryFailedError when the query ends %s (mocked: moto always completes)',
    async (status) => {
      // Prepare
      logs.on(StartQueryCommand).resolves({ queryId: 'q-2' });
      logs.on(GetQueryResultsCommand).resolves({ status: status as 'Failed' });
      // Act
      const act = runInsightsQuery({ insights: insights(), clock: new FakeClock() }, REQUEST);
      // Assess
      await expect(act).rejects.toThrow(QueryFailedError);
      expect(logs).not.toHaveReceivedCommand(StopQueryCommand);
    },
  );

  it('retries StartQuery after LimitExceededException (mocked: moto has no concurrent-query quota)', async () => {
    // Prepare
    logs
      .on(StartQueryCommand)
      .rejectsOnce(
        new LimitExceededException({
          message: 'Account maximum query concurrency limit of [100] reached',
          $metadata: {},
        }),
      )
      .resolves({ queryId: 'q-3' });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [] });
    const clock = new FakeClock();
    // Act
    const outcome = await runInsightsQuery({ insights: insights(), clock }, REQUEST, {
      random: () => 0.5,
    });
    // Assess
    expect(outcome.queryId).toBe('q-3');
    expect(clock.sleeps[0]).toBe(1_500);
    expect(logs).toHaveReceivedCommandTimes(StartQueryCommand, 2);
  });

  it('sends StopQuery when the deadline passes (mocked: moto does not implement StopQuery)', async () => {
    // Prepare
    logs.on(StartQueryCommand).resolves({ queryId: 'q-4' });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Running' });
    logs.on(StopQueryCommand).resolves({ success: true });
    // Act
    const act = runInsightsQuery({ insights: insights(), clock: new FakeClock() }, REQUEST, {
      deadline: 2_000,
    });
    // Assess
    await expect(act).rejects.toMatchObject({
      name: 'QueryAbortedError',
      reason: 'deadline',
      stopError: null,
    });
    expect(logs).toHaveReceivedCommandWith(StopQueryCommand, { queryId: 'q-4' });
  });

  it('takes StopQuery on an ended query as nothing to stop (mocked: moto does not implement StopQuery)', async () => {
    // Prepare
    logs
      .on(StopQueryCommand)
      .rejects(new InvalidParameterException({ message: 'Query is not running', $metadata: {} }));
    // Act
    const stopped = await insights().stopQuery('q-5');
    // Assess
    expect(stopped).toBe(false);
  });

  it('reads every page through nextToken (mocked: moto does not paginate query results)', async () => {
    // Prepare
    logs.on(StartQueryCommand).resolves({ queryId: 'q-6' });
    logs
      .on(GetQueryResultsCommand, { queryId: 'q-6', nextToken: undefined })
      .resolves({ status: 'Complete', results: [row(101_000, 'a')], nextToken: 't-2' })
      .on(GetQueryResultsCommand, { queryId: 'q-6', nextToken: 't-2' })
      .resolves({ status: 'Complete', results: [row(102_000, 'b')] });
    // Act
    const outcome = await runInsightsQuery(
      { insights: insights(), clock: new FakeClock() },
      REQUEST,
    );
    // Assess
    expect(outcome.rows.map((r) => r[2]?.value)).toEqual(['a', 'b']);
  });

  it('names the operation and the log group on other failures (mocked: moto answers every valid call)', async () => {
    // Prepare
    const denied = Object.assign(new Error('User is not authorized to perform: logs:StartQuery'), {
      name: 'AccessDeniedException',
    });
    logs.on(StartQueryCommand).rejects(denied);
    // Act
    const act = insights().startQuery(REQUEST);
    // Assess
    await expect(act).rejects.toThrow(AwsCallError);
    await expect(act).rejects.toThrow(
      /^StartQuery: \/aws\/eks\/demo\/cluster: User is not authorized/,
    );
  });
});

describe('fetchClusterEvents through the SDK adapter', () => {
  it('splits a window whose query hit the 10,000-row limit and reads both halves (mocked: moto never truncates or reports recordsMatched)', async () => {
    // Prepare: 15,000 matching events over [1000 s, 1100 s); the service returns at most `limit`.
    const all = Array.from({ length: 15_000 }, (_, i) => ({
      at: 1_000_000 + Math.floor(i * (100_000 / 15_000)),
      message: `m${i}`,
    }));
    const started: StartQueryCommandInput[] = [];
    logs.on(StartQueryCommand).callsFake((input: StartQueryCommandInput) => {
      started.push(input);
      return { queryId: `q-${started.length}` };
    });
    logs.on(GetQueryResultsCommand).callsFake(({ queryId }: { queryId: string }) => {
      const input = started[Number(queryId.slice(2)) - 1];
      const from = (input?.startTime ?? 0) * 1000;
      const to = (input?.endTime ?? 0) * 1000;
      const matched = all.filter((e) => e.at >= from && e.at <= to);
      return {
        status: 'Complete',
        results: matched.slice(0, input?.limit ?? 10_000).map((e) => row(e.at, e.message)),
        statistics: { recordsMatched: matched.length, recordsScanned: 20_000, bytesScanned: 4e6 },
      };
    });
    // Act
    const result = await fetchClusterEvents(
      { insights: insights(), clock: new FakeClock() },
      { cluster: 'demo', window: { startSec: 1_000, endSec: 1_100 } },
    );
    // Assess
    expect(result.events).toHaveLength(15_000);
    expect(result.events.map((e) => e.message)).toEqual(all.map((e) => e.message));
    expect(started.map((s) => [s.startTime, s.endTime])).toEqual([
      [1_000, 1_100],
      [1_000, 1_050],
      [1_050, 1_100],
    ]);
    expect(result.statistics).toMatchObject({
      queries: 3,
      bytesScanned: 12e6,
      recordsScanned: 60_000,
    });
    expect(result.incomplete).toEqual([]);
  });
});
