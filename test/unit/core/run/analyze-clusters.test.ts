import { describe, expect, it } from 'vitest';
import { AwsCallError, ClusterRunsFailedError } from '#core/errors.ts';
import type { NetworkSnapshot } from '#core/network/snapshot-schema.ts';
import { analyzeClusters, throwIfAnyFailed } from '#core/run/analyze-clusters.ts';
import type { ClusterRunResult } from '#core/run/cluster-run-result.ts';
import { DEFAULT_WINDOW_PLAN } from '#core/window/plan-window.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { FakeInsights } from '#test/helpers/fake-insights.ts';
import { MemoryAlertStore, MemoryNotifier } from '#test/helpers/memory-alerts.ts';
import { MemoryWindowStore } from '#test/helpers/memory-window-store.ts';
import { clusterSgDefaults, nodeEni, snapshotOf, xenis } from '#test/helpers/network-fixture.ts';

const NOW = Date.UTC(2026, 10, 28, 15);
const SETTINGS = { windowPlan: DEFAULT_WINDOW_PLAN, resolveAfterMs: 3_600_000 };

function setup() {
  const insights = new FakeInsights([]);
  insights.runningPolls = 0;
  const snapshots: Record<string, NetworkSnapshot> = {
    a: snapshotOf({ cluster: 'a', enis: [...xenis('a'), nodeEni()], rules: clusterSgDefaults() }),
    c: snapshotOf({ cluster: 'c', enis: [...xenis('c'), nodeEni()], rules: clusterSgDefaults() }),
  };
  return {
    insights,
    network: {
      readSnapshot: async (cluster: string) => {
        const snapshot = snapshots[cluster];
        if (!snapshot) throw new AwsCallError('DescribeCluster', `cluster ${cluster} not found`);
        return snapshot;
      },
    },
    clock: new FakeClock(NOW),
    windows: new MemoryWindowStore(),
    alerts: new MemoryAlertStore(),
    notifier: new MemoryNotifier(),
  };
}

function requests(names: readonly string[]) {
  return names.map((name) => ({
    cluster: { name },
    sinceMs: null,
    dryRun: false,
    notify: true,
  }));
}

describe('analyzeClusters', () => {
  it('runs the other clusters when one fails, and reports each as it finishes', async () => {
    // Prepare
    const deps = setup();
    const seen: string[] = [];
    // Act
    const results = await analyzeClusters(deps, requests(['a', 'b', 'c']), SETTINGS, {
      onResult: (result) => {
        seen.push(`${result.cluster}:${result.status}`);
      },
    });
    // Assess
    expect(seen).toEqual(['a:analysed', 'b:failed', 'c:analysed']);
    expect(results[1]).toEqual({
      status: 'failed',
      cluster: 'b',
      error: { name: 'AwsCallError', message: 'DescribeCluster: cluster b not found' },
    });
    expect(await deps.windows.load({ name: 'b' })).toBeNull();
    expect(await deps.windows.load({ name: 'c' })).not.toBeNull();
  });

  it('starts no cluster once the signal fired (the function is about to time out)', async () => {
    // Prepare
    const deps = setup();
    const controller = new AbortController();
    controller.abort();
    // Act
    const results = await analyzeClusters(deps, requests(['a', 'c']), SETTINGS, {
      signal: controller.signal,
    });
    // Assess
    expect(results.map((result) => [result.cluster, result.status])).toEqual([
      ['a', 'failed'],
      ['c', 'failed'],
    ]);
    expect(results[0]).toMatchObject({ error: { name: 'AbortError' } });
    expect(deps.insights.started).toEqual([]);
  });
});

describe('throwIfAnyFailed', () => {
  it('throws a ClusterRunsFailedError naming each failed cluster', () => {
    // Prepare
    const results: ClusterRunResult[] = [
      { status: 'up-to-date', cluster: 'a', lastEnd: '2026-11-28T14:55:00.000Z' },
      {
        status: 'failed',
        cluster: 'b',
        error: { name: 'AwsCallError', message: 'Publish: denied' },
      },
    ];
    // Act
    const act = (): void => throwIfAnyFailed(results);
    // Assess
    expect(act).toThrow(ClusterRunsFailedError);
    expect(act).toThrow('1 of 2 cluster(s) failed: b: Publish: denied');
  });

  it('returns when no cluster failed', () => {
    // Act
    const act = (): void =>
      throwIfAnyFailed([
        { status: 'up-to-date', cluster: 'a', lastEnd: '2026-11-28T14:55:00.000Z' },
      ]);
    // Assess
    expect(act).not.toThrow();
  });
});
