import { describe, expect, it } from 'vitest';
import { type ClusterRunRequest, runClusterAnalysis } from '#core/run/cluster-run.ts';
import type { ClusterAnalysed } from '#core/run/cluster-run-result.ts';
import { DEFAULT_WINDOW_PLAN } from '#core/window/plan-window.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { FakeInsights } from '#test/helpers/fake-insights.ts';
import { MemoryAlertStore, MemoryNotifier } from '#test/helpers/memory-alerts.ts';
import { MemoryWindowStore } from '#test/helpers/memory-window-store.ts';
import { klogTime } from '#test/helpers/moto-logs.ts';
import {
  clusterSgDefaults,
  nodeEni,
  SG,
  snapshotOf,
  xenis,
} from '#test/helpers/network-fixture.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const REAL = Date.UTC(2026, 10, 28, 15);
const CLUSTER = { name: 'demo', account: '123456789012', region: 'eu-west-1' };
const SETTINGS = { windowPlan: DEFAULT_WINDOW_PLAN, resolveAfterMs: HOUR };
const SCHEDULED: ClusterRunRequest = {
  cluster: CLUSTER,
  sinceMs: null,
  dryRun: false,
  notify: true,
};
const SNAPSHOT = snapshotOf({
  enis: [...xenis(), nodeEni()],
  rules: [...clusterSgDefaults(), { group: SG.node, from: 443, ref: SG.cluster }],
});

function timeout(at: number) {
  const message = `W${klogTime(at)}      10 dispatcher.go:217] Failed calling webhook, failing closed vingress.elbv2.k8s.aws: failed calling webhook "vingress.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/validate?timeout=10s": dial tcp 10.0.1.50:9443: i/o timeout`;
  return { timestamp: at, message };
}

// The webhook keeps failing every five minutes, from an hour before REAL on.
function failingEvery5Minutes(until: number) {
  const events = [];
  for (let at = REAL - HOUR; at < until; at += 5 * MINUTE) events.push(timeout(at));
  return events;
}

function setup(serverNow: { value: number | null }) {
  const insights = new FakeInsights(failingEvery5Minutes(REAL + HOUR));
  insights.runningPolls = 0;
  return {
    insights,
    network: { readSnapshot: async () => SNAPSHOT },
    clock: new FakeClock(REAL),
    windows: new MemoryWindowStore(),
    alerts: new MemoryAlertStore(),
    notifier: new MemoryNotifier(),
    serverTime: { now: () => serverNow.value },
  };
}

function changesOf(deps: ReturnType<typeof setup>): string[] {
  return deps.notifier.published.map((message) => message.subject);
}

describe('runClusterAnalysis with a clock that is wrong', () => {
  it('ends the window of a run whose clock is 3 h ahead at the services’ time, commits no future end and resolves nothing still failing', async () => {
    // Prepare: a correct run opens the alert; the next run's clock is 3 h ahead of the services'
    const server = { value: REAL as number | null };
    const deps = setup(server);
    await runClusterAnalysis(deps, SCHEDULED, SETTINGS);
    server.value = REAL + 15 * MINUTE;
    deps.clock.set(REAL + 15 * MINUTE + 3 * HOUR);
    // Act
    const skewed = (await runClusterAnalysis(deps, SCHEDULED, SETTINGS)) as ClusterAnalysed;
    // Assess
    expect(skewed.window).toEqual({
      start: new Date(REAL - 5 * MINUTE).toISOString(),
      end: new Date(REAL + 10 * MINUTE).toISOString(),
    });
    expect(skewed.commit).toBe('committed');
    expect(await deps.windows.load(CLUSTER)).toBe((REAL + 10 * MINUTE) / 1000);
    expect(skewed.alerts).toMatchObject({ counts: { resolved: 0, open: 1 } });
    expect(changesOf(deps)).toHaveLength(1);
  });

  it('lets the next correct run read every second after a skewed run', async () => {
    // Prepare
    const server = { value: REAL as number | null };
    const deps = setup(server);
    await runClusterAnalysis(deps, SCHEDULED, SETTINGS);
    server.value = REAL + 15 * MINUTE;
    deps.clock.set(REAL + 15 * MINUTE + 3 * HOUR);
    await runClusterAnalysis(deps, SCHEDULED, SETTINGS);
    server.value = REAL + 30 * MINUTE;
    deps.clock.set(REAL + 30 * MINUTE);
    // Act
    const next = (await runClusterAnalysis(deps, SCHEDULED, SETTINGS)) as ClusterAnalysed;
    // Assess
    expect(next).toMatchObject({ planReason: 'resume', commit: 'committed' });
    expect(next.window.start).toBe(new Date(REAL + 10 * MINUTE).toISOString());
    expect(next.report.findings).toEqual([expect.objectContaining({ port: 9443, count: 3 })]);
  });

  it('reports a stored window end in the future, does not trust it and reads the look-back again', async () => {
    // Prepare: a run of an earlier version, its clock 3 h ahead, committed a future end
    const deps = setup({ value: null });
    await deps.windows.commit(CLUSTER, null, (REAL + 3 * HOUR) / 1000);
    // Act
    const result = (await runClusterAnalysis(deps, SCHEDULED, SETTINGS)) as ClusterAnalysed;
    // Assess
    expect(result).toMatchObject({
      planReason: 'future-state',
      commit: 'committed',
      window: { start: new Date(REAL - 65 * MINUTE).toISOString() },
      alerts: { kind: 'published', counts: { new: 1 } },
    });
    expect(result.report.notes).toContainEqual(
      expect.objectContaining({ code: 'window-state-in-future' }),
    );
    expect(await deps.windows.load(CLUSTER)).toBe((REAL - 5 * MINUTE) / 1000);
  });

  it('does not resolve an alert at a clock later than the logs it read', async () => {
    // Prepare: the alert is open; this run's clock is 3 h ahead and no service time is known,
    // but its window ends, as committed before, at the logs' time
    const deps = setup({ value: null });
    await runClusterAnalysis(deps, SCHEDULED, SETTINGS);
    await deps.windows.commit(CLUSTER, (REAL - 5 * MINUTE) / 1000, (REAL - 5 * MINUTE) / 1000);
    deps.clock.set(REAL + 3 * HOUR);
    // Act
    const result = (await runClusterAnalysis(deps, SCHEDULED, {
      ...SETTINGS,
      windowPlan: { ...DEFAULT_WINDOW_PLAN, maxWindowMs: 10 * MINUTE },
    })) as ClusterAnalysed;
    // Assess
    expect(result).toMatchObject({
      catchingUp: true,
      alerts: { counts: { resolved: 0, open: 1 } },
    });
    expect(changesOf(deps)).toHaveLength(1);
  });

  it('reports seconds given up after a long outage as a gap in the alert', async () => {
    // Prepare: the last committed end is 30 h old (more than the 24 h resume limit)
    const deps = setup({ value: null });
    await deps.windows.commit(CLUSTER, null, (REAL - 30 * HOUR) / 1000);
    // Act
    const result = (await runClusterAnalysis(deps, SCHEDULED, SETTINGS)) as ClusterAnalysed;
    // Assess
    expect(result).toMatchObject({ planReason: 'stale', alerts: { kind: 'published' } });
    expect(result.report.notes).toContainEqual(expect.objectContaining({ code: 'logs-gap' }));
    const sent = JSON.parse(deps.notifier.published[0]?.message ?? '{}') as { default?: string };
    expect(JSON.stringify(sent)).toContain('logs-gap');
  });
});
