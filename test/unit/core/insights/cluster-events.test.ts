import { describe, expect, it } from 'vitest';
import { clusterLogGroupName } from '#core/cluster-log-group.ts';
import { InputError, LogGroupNotFoundError, LoggingNotEnabledError } from '#core/errors.ts';
import { fetchClusterEvents } from '#core/insights/cluster-events.ts';
import { APISERVER_EVENTS_QUERY } from '#queries/apiserver-events.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { FakeInsights } from '#test/helpers/fake-insights.ts';

describe('fetchClusterEvents', () => {
  it("queries the cluster's log group with the project query and keeps API-server streams only", async () => {
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
      queryString: APISERVER_EVENTS_QUERY,
      startTime: 0,
      endTime: 60,
      limit: 10_000,
    });
    expect(result.events).toEqual([
      { message: 'api', stream: 'kube-apiserver-0a', timestamp: 1_000 },
    ]);
    expect(result.statistics).toEqual({
      queries: 1,
      unreported: 0,
      recordsScanned: 3,
      recordsMatched: 3,
      bytesScanned: 17,
    });
  });

  it('points to enable-logging when the log group does not exist', async () => {
    // Prepare
    const insights = new FakeInsights();
    insights.startQuery = async (request) => {
      throw new LogGroupNotFoundError('StartQuery', request.logGroupName);
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
