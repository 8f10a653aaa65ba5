import { describe, expect, it } from 'vitest';
import { type QueryProgress, runInsightsQuery } from '#app/pipeline/run-query.ts';
import { AwsCallError, QueryAbortedError, QueryFailedError } from '#core/errors.ts';
import type { StartQueryRequest } from '#core/gateways.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { FakeInsights } from '#test/helpers/fake-insights.ts';

const REQUEST: StartQueryRequest = {
  logGroupName: '/aws/eks/demo/cluster',
  queryString: 'fields @message',
  startTime: 100,
  endTime: 200,
  limit: 10_000,
};

function events(count: number, fromMs = 100_000): { timestamp: number; message: string }[] {
  return Array.from({ length: count }, (_, i) => ({ timestamp: fromMs + i, message: `m${i}` }));
}

describe('runInsightsQuery', () => {
  it('polls with backoff while Running and returns rows and statistics once Complete', async () => {
    // Prepare
    const insights = new FakeInsights(events(3));
    insights.runningPolls = 3;
    const clock = new FakeClock();
    // Act
    const outcome = await runInsightsQuery({ insights, clock }, REQUEST, { random: () => 1 });
    // Assess
    expect(outcome.rows).toHaveLength(3);
    expect(outcome.statistics).toEqual({ recordsMatched: 3, recordsScanned: 3, bytesScanned: 6 });
    expect(clock.sleeps).toEqual([500, 750, 1125]);
    expect(insights.stopped).toEqual([]);
  });

  it.each([
    [0, [400, 600, 900]],
    [0.5, [450, 675, 1013]],
  ])(
    'spreads the GetQueryResults polls with the injected random source (random %f)',
    async (random, sleeps) => {
      // Prepare
      const insights = new FakeInsights(events(1));
      insights.runningPolls = 3;
      const clock = new FakeClock();
      // Act
      await runInsightsQuery({ insights, clock }, REQUEST, { random: () => random });
      // Assess
      expect(clock.sleeps).toEqual(sleeps);
    },
  );

  it('reads every results page when the service paginates', async () => {
    // Prepare
    const insights = new FakeInsights(events(25));
    insights.pageSize = 10;
    // Act
    const outcome = await runInsightsQuery({ insights, clock: new FakeClock() }, REQUEST);
    // Assess
    expect(outcome.rows.map((row) => row[2]?.value)).toEqual(events(25).map((e) => e.message));
  });

  it('reports progress on every poll', async () => {
    // Prepare
    const insights = new FakeInsights(events(2));
    insights.runningPolls = 2;
    const seen: QueryProgress[] = [];
    // Act
    await runInsightsQuery({ insights, clock: new FakeClock() }, REQUEST, {
      onProgress: (p) => seen.push(p),
    });
    // Assess
    expect(seen.map((p) => p.status)).toEqual(['Running', 'Running', 'Complete']);
    expect(seen[2]?.statistics?.recordsMatched).toBe(2);
  });

  it.each(['Failed', 'Cancelled', 'Timeout', 'Unknown'])(
    'throws QueryFailedError when the query ends %s, without stopping it',
    async (status) => {
      // Prepare
      const insights = new FakeInsights(events(1));
      insights.finalStatus = status;
      // Act
      const act = runInsightsQuery({ insights, clock: new FakeClock() }, REQUEST);
      // Assess
      await expect(act).rejects.toThrow(QueryFailedError);
      await expect(act).rejects.toMatchObject({ status, queryId: 'q-1' });
      expect(insights.stopped).toEqual([]);
    },
  );

  it('fails loudly on an unrecognised status and stops the query it cannot follow', async () => {
    // Prepare
    const insights = new FakeInsights(events(1));
    insights.finalStatus = 'Hibernating';
    // Act
    const act = runInsightsQuery({ insights, clock: new FakeClock() }, REQUEST);
    // Assess
    await expect(act).rejects.toThrow(/unrecognised status/);
    expect(insights.stopped).toEqual(['q-1']);
  });

  it('stops the query and throws QueryAbortedError when the deadline passes while Running', async () => {
    // Prepare
    const insights = new FakeInsights(events(1));
    insights.runningPolls = 1_000;
    const clock = new FakeClock(0);
    // Act
    const act = runInsightsQuery({ insights, clock }, REQUEST, { deadline: 10_000 });
    // Assess
    await expect(act).rejects.toThrow(QueryAbortedError);
    await expect(act).rejects.toMatchObject({
      reason: 'deadline',
      queryId: 'q-1',
      stopError: null,
    });
    expect(insights.stopped).toEqual(['q-1']);
    expect(clock.now()).toBe(10_000);
  });

  it('stops the query when the signal aborts during a poll wait', async () => {
    // Prepare
    const insights = new FakeInsights(events(1));
    insights.runningPolls = 1_000;
    const clock = new FakeClock();
    const controller = new AbortController();
    clock.onSleep = () => {
      if (clock.sleeps.length === 2) controller.abort();
    };
    // Act
    const act = runInsightsQuery({ insights, clock }, REQUEST, { signal: controller.signal });
    // Assess
    await expect(act).rejects.toMatchObject({ name: 'QueryAbortedError', reason: 'aborted' });
    expect(insights.stopped).toEqual(['q-1']);
  });

  it('stops the query and reports the deadline when a call in flight is cut by a TimeoutError signal', async () => {
    // Prepare
    const insights = new FakeInsights(events(1));
    const controller = new AbortController();
    const getQueryResults = insights.getQueryResults.bind(insights);
    insights.getQueryResults = async (queryId, options) => {
      controller.abort(new DOMException('the run deadline passed', 'TimeoutError'));
      await getQueryResults(queryId, options);
      throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    };
    // Act
    const act = runInsightsQuery({ insights, clock: new FakeClock() }, REQUEST, {
      signal: controller.signal,
    });
    // Assess
    await expect(act).rejects.toMatchObject({
      name: 'QueryAbortedError',
      reason: 'deadline',
      queryId: 'q-1',
      message: 'Logs Insights query q-1 stopped: the run deadline passed',
    });
    expect(insights.stopped).toEqual(['q-1']);
  });

  it('keeps the StopQuery failure on the abort error instead of hiding either', async () => {
    // Prepare
    const insights = new FakeInsights(events(1));
    insights.runningPolls = 1_000;
    insights.stopQuery = async () => {
      throw new Error('query already ended');
    };
    // Act
    const act = runInsightsQuery({ insights, clock: new FakeClock() }, REQUEST, { deadline: 1 });
    // Assess
    await expect(act).rejects.toMatchObject({
      reason: 'deadline',
      stopError: expect.objectContaining({ message: 'query already ended' }),
    });
  });

  it('does not start a query when the signal already fired', async () => {
    // Prepare
    const insights = new FakeInsights(events(1));
    // Act
    const act = runInsightsQuery({ insights, clock: new FakeClock() }, REQUEST, {
      signal: AbortSignal.abort(),
    });
    // Assess
    await expect(act).rejects.toMatchObject({ name: 'QueryAbortedError', queryId: null });
    expect(insights.started).toEqual([]);
  });

  it('retries StartQuery with jittered backoff while the concurrent-query quota is full', async () => {
    // Prepare
    const insights = new FakeInsights(events(1));
    insights.quotaRefusals = 2;
    const clock = new FakeClock();
    const seen: string[] = [];
    // Act
    const outcome = await runInsightsQuery({ insights, clock }, REQUEST, {
      random: () => 0,
      onProgress: (p) => seen.push(p.status),
    });
    // Assess
    expect(outcome.rows).toHaveLength(1);
    expect(clock.sleeps.slice(0, 2)).toEqual([1000, 2000]);
    expect(seen.slice(0, 2)).toEqual(['Waiting for quota', 'Waiting for quota']);
  });

  it('gives up after the configured number of quota retries', async () => {
    // Prepare
    const insights = new FakeInsights(events(1));
    insights.quotaRefusals = 10;
    // Act
    const act = runInsightsQuery({ insights, clock: new FakeClock() }, REQUEST, {
      maxQuotaRetries: 3,
    });
    // Assess
    await expect(act).rejects.toThrow(AwsCallError);
    await expect(act).rejects.toThrow(/quota was still full after 3 retries/);
    expect(insights.started).toEqual([]);
  });

  it('stops waiting for quota at the deadline without having started anything', async () => {
    // Prepare
    const insights = new FakeInsights(events(1));
    insights.quotaRefusals = 10;
    // Act
    const act = runInsightsQuery({ insights, clock: new FakeClock() }, REQUEST, {
      deadline: 1_500,
      random: () => 0,
    });
    // Assess
    await expect(act).rejects.toMatchObject({
      name: 'QueryAbortedError',
      reason: 'deadline',
      queryId: null,
    });
    expect(insights.stopped).toEqual([]);
  });

  it('stops the query and rethrows when polling itself fails', async () => {
    // Prepare
    const insights = new FakeInsights(events(1));
    insights.getQueryResults = async () => {
      throw new Error('socket hang up');
    };
    // Act
    const act = runInsightsQuery({ insights, clock: new FakeClock() }, REQUEST);
    // Assess
    await expect(act).rejects.toThrow('socket hang up');
    expect(insights.stopped).toEqual(['q-1']);
  });

  it('lets QueryFailedError through as a failure, not an abort', async () => {
    // Prepare
    const insights = new FakeInsights(events(1));
    insights.finalStatus = 'Timeout';
    // Act
    const error = await runInsightsQuery({ insights, clock: new FakeClock() }, REQUEST).catch(
      (e: unknown) => e,
    );
    // Assess
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(String(error)).toMatch(/60 minutes/);
  });
});
