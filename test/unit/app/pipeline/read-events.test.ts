import { describe, expect, it } from 'vitest';
import { fetchClusterEvents } from '#app/pipeline/read-events.ts';
import { InputError, LogGroupNotFoundError, LoggingNotEnabledError } from '#core/errors.ts';
import { APISERVER_EVENTS_QUERY, apiServerEventsQuery } from '#core/insights/apiserver-query.ts';
import { clusterLogGroupName } from '#core/model/aws-names.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { FakeInsights } from '#test/helpers/fake-insights.ts';

describe('fetchClusterEvents', () => {
  it("queries only the API-server streams of the cluster's log group, named from DescribeLogStreams", async () => {
    // Prepare
    const insights = new FakeInsights([
      { timestamp: 1_000, message: 'api', stream: 'kube-apiserver-0a' },
      { timestamp: 2_000, message: 'audit', stream: 'kube-apiserver-audit-0a' },
      { timestamp: 3_000, message: 'scheduler', stream: 'kube-scheduler-0a' },
    ]);
    // Act
    const result = await fetchClusterEvents(
      { insights, clock: new FakeClock() },
      { cluster: 'demo', window: { startSec: 0, endSec: 60 } },
    );
    // Assess
    expect(insights.started[0]).toMatchObject({
      logGroupName: '/aws/eks/demo/cluster',
      queryString: apiServerEventsQuery(['kube-apiserver-0a']),
      startTime: 0,
      endTime: 60,
      limit: 10_000,
    });
    expect(insights.listed).toEqual(['kube-apiserver-']);
    expect(result.streams).toEqual(['kube-apiserver-0a']);
    expect(result.events).toEqual([
      { message: 'api', stream: 'kube-apiserver-0a', timestamp: 1_000 },
    ]);
    expect(result.statistics).toEqual({
      queries: 1,
      unreported: 0,
      recordsScanned: 1,
      recordsMatched: 1,
      bytesScanned: 3,
    });
  });

  it('reads the whole group with the saved query when the port cannot list streams, and keeps API-server streams only', async () => {
    // Prepare
    const insights = new FakeInsights([
      { timestamp: 1_000, message: 'api', stream: 'kube-apiserver-0a' },
      { timestamp: 2_000, message: 'audit', stream: 'kube-apiserver-audit-0a' },
    ]);
    const port = {
      startQuery: insights.startQuery.bind(insights),
      getQueryResults: insights.getQueryResults.bind(insights),
      stopQuery: insights.stopQuery.bind(insights),
    };
    // Act
    const result = await fetchClusterEvents(
      { insights: port, clock: new FakeClock() },
      { cluster: 'demo', window: { startSec: 0, endSec: 60 } },
    );
    // Assess
    expect(insights.started[0]?.queryString).toBe(APISERVER_EVENTS_QUERY);
    expect(result.streams).toBeNull();
    expect(result.events.map((event) => event.message)).toEqual(['api']);
    expect(result.statistics.recordsScanned).toBe(2);
  });

  it('queries nothing when the group has no API-server stream (audit only)', async () => {
    // Prepare
    const insights = new FakeInsights([
      { timestamp: 2_000, message: 'audit', stream: 'kube-apiserver-audit-0a' },
    ]);
    // Act
    const result = await fetchClusterEvents(
      { insights, clock: new FakeClock() },
      { cluster: 'demo', window: { startSec: 0, endSec: 60 } },
    );
    // Assess
    expect(insights.started).toEqual([]);
    expect(result).toMatchObject({ events: [], streams: [], statistics: { bytesScanned: 0 } });
  });

  it('points to enable-logging when the log group does not exist', async () => {
    // Prepare
    const insights = new FakeInsights();
    insights.listLogStreams = async (logGroupName) => {
      throw new LogGroupNotFoundError('DescribeLogStreams', logGroupName);
    };
    // Act
    const act = fetchClusterEvents(
      { insights, clock: new FakeClock() },
      { cluster: 'demo', window: { startSec: 0, endSec: 60 } },
    );
    // Assess
    await expect(act).rejects.toThrow(LoggingNotEnabledError);
    await expect(act).rejects.toThrow(/eks-sg-advisor enable-logging --cluster demo/);
  });

  it('refuses an empty window before calling AWS', async () => {
    // Prepare
    const insights = new FakeInsights();
    // Act
    const act = fetchClusterEvents(
      { insights, clock: new FakeClock() },
      { cluster: 'demo', window: { startSec: 60, endSec: 60 } },
    );
    // Assess
    await expect(act).rejects.toThrow(InputError);
    expect(insights.started).toEqual([]);
  });

  it('names the log group EKS writes', () => {
    // Act
    const name = clusterLogGroupName('prod-1');
    // Assess
    expect(name).toBe('/aws/eks/prod-1/cluster');
  });
});
