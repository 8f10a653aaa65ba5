import { describe, expect, it } from 'vitest';
import { fetchWindowEvents } from '#app/pipeline/fetch-window.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { FakeInsights, type StoredEvent } from '#test/helpers/fake-insights.ts';

const GROUP = '/aws/eks/demo/cluster';

function spread(count: number, fromSec: number, toSec: number): StoredEvent[] {
  const span = (toSec - fromSec) * 1000;
  return Array.from({ length: count }, (_, i) => ({
    timestamp: fromSec * 1000 + Math.floor((i * span) / count),
    message: `e${i}`,
  }));
}

async function fetch(insights: FakeInsights, startSec: number, endSec: number, rowLimit = 100) {
  return fetchWindowEvents(
    { insights, clock: new FakeClock() },
    { logGroupName: GROUP, queryString: 'q', window: { startSec, endSec } },
    { rowLimit, unsplittableLimit: 1_000 },
  );
}

describe('fetchWindowEvents', () => {
  it('queries the window once when nothing is truncated', async () => {
    // Prepare
    const insights = new FakeInsights(spread(50, 0, 60));
    // Act
    const result = await fetch(insights, 0, 60);
    // Assess
    expect(result.events).toHaveLength(50);
    expect(insights.started.map((r) => [r.startTime, r.endTime, r.limit])).toEqual([[0, 60, 100]]);
    expect(result.incomplete).toEqual([]);
  });

  it('splits a window whose matches exceed the row limit until every event is read, in order', async () => {
    // Prepare
    const stored = spread(350, 0, 64);
    const insights = new FakeInsights(stored);
    // Act
    const result = await fetch(insights, 0, 64);
    // Assess
    expect(result.events.map((e) => e.message)).toEqual(stored.map((e) => e.message));
    expect(result.incomplete).toEqual([]);
    expect(insights.started.map((r) => [r.startTime, r.endTime])).toEqual([
      [0, 64],
      [0, 32],
      [0, 16],
      [16, 32],
      [32, 64],
      [32, 48],
      [48, 64],
    ]);
  });

  it('records every query it issued with its window and statistics (the shared boundary instant counts in both halves)', async () => {
    // Prepare
    const insights = new FakeInsights(spread(150, 0, 10));
    // Act
    const result = await fetch(insights, 0, 10);
    // Assess
    expect(
      result.queries.map((q) => [q.window, q.rowsReturned, q.statistics?.recordsMatched]),
    ).toEqual([
      [{ startSec: 0, endSec: 10 }, 100, 150],
      [{ startSec: 0, endSec: 5 }, 76, 76],
      [{ startSec: 5, endSec: 10 }, 75, 75],
    ]);
  });

  it('delivers an event stamped exactly on a split boundary once, in the later half', async () => {
    // Prepare
    const stored = [...spread(120, 0, 10), { timestamp: 5_000, message: 'boundary' }];
    const insights = new FakeInsights(stored);
    // Act
    const result = await fetch(insights, 0, 10);
    // Assess
    expect(result.events.filter((e) => e.message === 'boundary')).toHaveLength(1);
    expect(result.events).toHaveLength(121);
  });

  it('drops events stamped exactly at the window end: they belong to the next window', async () => {
    // Prepare
    const insights = new FakeInsights([
      { timestamp: 10_000, message: 'first instant' },
      { timestamp: 19_999, message: 'last millisecond' },
      { timestamp: 20_000, message: 'next window' },
    ]);
    // Act
    const result = await fetch(insights, 10, 20);
    // Assess
    expect(insights.started[0]).toMatchObject({ startTime: 10, endTime: 20 });
    expect(result.events.map((e) => e.message)).toEqual(['first instant', 'last millisecond']);
  });

  it('reads an unsplittable one-second window again with the larger paginated limit', async () => {
    // Prepare
    const insights = new FakeInsights(spread(700, 30, 31));
    insights.pageSize = 250;
    // Act
    const result = await fetch(insights, 30, 31);
    // Assess
    expect(result.events).toHaveLength(700);
    expect(result.incomplete).toEqual([]);
    expect(insights.started.map((r) => r.limit)).toEqual([100, 1_000]);
  });

  it('reports, never drops silently, what one second holds beyond the largest limit', async () => {
    // Prepare
    const insights = new FakeInsights(spread(1_500, 30, 31));
    // Act
    const result = await fetch(insights, 30, 31);
    // Assess
    expect(result.events).toHaveLength(1_000);
    expect(result.incomplete).toEqual([
      { window: { startSec: 30, endSec: 31 }, recordsMatched: 1_500, rowsReturned: 1_000 },
    ]);
  });

  it('splits on a full page when the service reports no statistics', async () => {
    // Prepare
    const stored = spread(150, 0, 10);
    const insights = new FakeInsights(stored);
    insights.reportStatistics = false;
    // Act
    const result = await fetch(insights, 0, 10);
    // Assess
    expect(result.events).toHaveLength(150);
    expect(insights.started).toHaveLength(3);
  });
});
