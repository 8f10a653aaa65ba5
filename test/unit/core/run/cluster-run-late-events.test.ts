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
const NOW = Date.UTC(2026, 10, 28, 15);
const CLUSTER = { name: 'demo', account: '123456789012', region: 'eu-west-1' };
// Long enough that no alert of these scenarios resolves: every publication is a new alert.
const SETTINGS = { windowPlan: DEFAULT_WINDOW_PLAN, resolveAfterMs: 6 * 3_600_000 };
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

function timeout(at: number, webhook = 'vingress.elbv2.k8s.aws') {
  const message = `W${klogTime(at)}      10 dispatcher.go:217] Failed calling webhook, failing closed ${webhook}: failed calling webhook "${webhook}": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/validate?timeout=10s": dial tcp 10.0.1.50:9443: i/o timeout`;
  return { timestamp: at, message };
}

function setup() {
  const insights = new FakeInsights([]);
  insights.runningPolls = 0;
  return {
    insights,
    network: { readSnapshot: async () => SNAPSHOT },
    clock: new FakeClock(NOW),
    windows: new MemoryWindowStore(),
    alerts: new MemoryAlertStore(),
    notifier: new MemoryNotifier(),
  };
}

/** Runs the schedule every 5 minutes from the clock's time, `runs` times. */
async function schedule(deps: ReturnType<typeof setup>, runs: number): Promise<ClusterAnalysed[]> {
  const results: ClusterAnalysed[] = [];
  for (let i = 0; i < runs; i++) {
    deps.clock.advance(5 * MINUTE);
    const result = await runClusterAnalysis(deps, SCHEDULED, SETTINGS);
    if (result.status === 'analysed') results.push(result);
  }
  return results;
}

describe('runClusterAnalysis with events ingested late', () => {
  it('reports an event put up to 30 min after its time, inside an already-analysed window, once', async () => {
    // Prepare: the first run analyses [NOW − 65 min, NOW − 5 min); nothing failed yet
    const deps = setup();
    await runClusterAnalysis(deps, SCHEDULED, SETTINGS);
    // 25 minutes later an event stamped NOW − 20 min (already analysed) is ingested
    deps.clock.advance(25 * MINUTE);
    deps.insights.events.push(timeout(NOW - 20 * MINUTE));
    // Act
    const later = await schedule(deps, 8);
    // Assess
    const late = later.filter((run) => run.report.findings.length > 0);
    expect(late).toHaveLength(1);
    expect(late[0]?.report.findings).toEqual([expect.objectContaining({ port: 9443, count: 1 })]);
    expect(deps.notifier.published).toHaveLength(1);
  });

  it('delivers an event that was on time once, although its seconds are read a second time', async () => {
    // Prepare
    const deps = setup();
    deps.insights.events.push(timeout(NOW - 30 * MINUTE));
    // Act
    const first = await runClusterAnalysis(deps, SCHEDULED, SETTINGS);
    const later = await schedule(deps, 10);
    // Assess
    expect(first).toMatchObject({ report: { findings: [expect.objectContaining({ count: 1 })] } });
    expect(later.every((run) => run.report.findings.length === 0)).toBe(true);
    expect(deps.notifier.published).toHaveLength(1);
    const reread = deps.insights.started.filter(
      (query) => query.endTime <= (NOW - 5 * MINUTE) / 1000,
    );
    expect(reread.length).toBeGreaterThan(1);
  });

  it('does not re-read for late events when the tolerance is 0', async () => {
    // Prepare
    const deps = setup();
    const settings = { ...SETTINGS, windowPlan: { ...DEFAULT_WINDOW_PLAN, lateToleranceMs: 0 } };
    await runClusterAnalysis(deps, SCHEDULED, settings);
    deps.clock.advance(25 * MINUTE);
    deps.insights.events.push(timeout(NOW - 20 * MINUTE));
    // Act
    for (let i = 0; i < 8; i++) {
      deps.clock.advance(5 * MINUTE);
      await runClusterAnalysis(deps, SCHEDULED, settings);
    }
    // Assess
    expect(deps.notifier.published).toHaveLength(0);
  });
});
