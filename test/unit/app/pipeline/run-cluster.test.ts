import { describe, expect, it } from 'vitest';
import { type ClusterRunRequest, runClusterAnalysis } from '#app/pipeline/run-cluster.ts';
import { AwsCallError, QueryAbortedError, StateConflictError } from '#core/errors.ts';
import type { ClusterAnalysed } from '#core/run/cluster-run-result.ts';
import { clusterStateKey } from '#core/run/state-keys.ts';
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
const END = (NOW - 5 * MINUTE) / 1000;
const CLUSTER = { name: 'demo', account: '123456789012', region: 'eu-west-1' };
const SETTINGS = { windowPlan: DEFAULT_WINDOW_PLAN, resolveAfterMs: 3_600_000 };
// The node group admits 443 and 10250 from the cluster group, not the webhook's 9443.
const SNAPSHOT = snapshotOf({
  enis: [...xenis(), nodeEni()],
  rules: [
    ...clusterSgDefaults(),
    { group: SG.node, from: 443, ref: SG.cluster },
    { group: SG.node, from: 10250, ref: SG.cluster },
  ],
});

// A webhook call timing out on the node's pod port 9443, logged at `at`.
function timeout(at: number) {
  const message = `W${klogTime(at)}      10 dispatcher.go:217] Failed calling webhook, failing closed vingress.elbv2.k8s.aws: failed calling webhook "vingress.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/validate?timeout=10s": dial tcp 10.0.1.50:9443: i/o timeout`;
  return { timestamp: at, message };
}

function setup(events = [timeout(NOW - 30 * MINUTE), timeout(NOW - 20 * MINUTE)]) {
  const insights = new FakeInsights(events);
  insights.runningPolls = 0;
  const deps = {
    insights,
    network: { readSnapshot: async () => SNAPSHOT },
    clock: new FakeClock(NOW),
    windows: new MemoryWindowStore(),
    alerts: new MemoryAlertStore(),
    notifier: new MemoryNotifier(),
  };
  return deps;
}

const SCHEDULED: ClusterRunRequest = {
  cluster: CLUSTER,
  sinceMs: null,
  dryRun: false,
  notify: true,
};

describe('runClusterAnalysis', () => {
  it('analyses the planned window, publishes the new alert, then commits the window end', async () => {
    // Prepare
    const deps = setup();
    // Act
    const result = (await runClusterAnalysis(deps, SCHEDULED, SETTINGS)) as ClusterAnalysed;
    // Assess
    expect(result).toMatchObject({
      status: 'analysed',
      cluster: 'demo',
      window: {
        start: new Date(NOW - 65 * MINUTE).toISOString(),
        end: new Date(NOW - 5 * MINUTE).toISOString(),
      },
      windowSource: 'scheduled',
      planReason: 'first-run',
      commit: 'committed',
      alerts: { kind: 'published', messageId: 'm-1', counts: { new: 1, open: 1 } },
      cost: { queries: 1, events: 2, incompleteWindows: 0 },
    });
    expect(result.report.findings).toEqual([
      expect.objectContaining({ port: 9443, count: 2, verdict: 'blocked' }),
    ]);
    expect(deps.notifier.published).toHaveLength(1);
    expect(await deps.windows.load(CLUSTER)).toBe(END);
    expect(await deps.alerts.load(clusterStateKey(CLUSTER))).toHaveLength(1);
  });

  it('names the control-plane group of its settings (CONTROL_PLANE_GROUPS) as the peer of the rules it proposes', async () => {
    // Prepare
    const deps = setup();
    const settings = {
      ...SETTINGS,
      controlPlaneGroups: [{ cluster: { ...CLUSTER }, groupId: SG.extra }],
    };
    // Act
    const configured = (await runClusterAnalysis(deps, SCHEDULED, settings)) as ClusterAnalysed;
    const unconfigured = (await runClusterAnalysis(
      setup(),
      SCHEDULED,
      SETTINGS,
    )) as ClusterAnalysed;
    // Assess
    expect(configured.report.recommendations).toContainEqual(
      expect.objectContaining({ groupId: SG.node, fromPort: 9443, peer: { groupId: SG.extra } }),
    );
    expect(unconfigured.report.recommendations).toContainEqual(
      expect.objectContaining({ groupId: SG.node, fromPort: 9443, peer: { groupId: SG.cluster } }),
    );
  });

  it('analyses with the policy of its settings (the quotas from MAX_RULES_PER_GROUP...)', async () => {
    // Prepare: the node group already has 443 and 10250; a quota of 2 leaves no room for 9443.
    const deps = setup();
    const settings = {
      ...SETTINGS,
      policy: { limits: { rulesPerGroup: 2, aclEntriesPerDirection: 20, templateResources: 500 } },
    };
    // Act
    const result = (await runClusterAnalysis(deps, SCHEDULED, settings)) as ClusterAnalysed;
    // Assess
    expect(result.report.recommendations).toEqual([]);
    expect(result.report.notes.map((n) => n.code)).toContain('quota-rules-per-group');
  });

  it('commits nothing and saves no alert state when the publish fails; the next run publishes the alert once', async () => {
    // Prepare
    const deps = setup();
    deps.notifier.failWith = new AwsCallError('Publish', 'topic t: NotFound');
    // Act
    const failed = runClusterAnalysis(deps, SCHEDULED, SETTINGS);
    await expect(failed).rejects.toThrow('Publish: topic t: NotFound');
    const afterFailure = {
      end: await deps.windows.load(CLUSTER),
      alerts: (await deps.alerts.load(clusterStateKey(CLUSTER))).length,
    };
    deps.notifier.failWith = null;
    deps.clock.advance(MINUTE);
    const retried = await runClusterAnalysis(deps, SCHEDULED, SETTINGS);
    deps.clock.advance(15 * MINUTE);
    const next = await runClusterAnalysis(deps, SCHEDULED, SETTINGS);
    // Assess
    expect(afterFailure).toEqual({ end: null, alerts: 0 });
    expect(retried).toMatchObject({ commit: 'committed', alerts: { kind: 'published' } });
    expect(next).toMatchObject({ commit: 'committed', alerts: { kind: 'nothing-to-send' } });
    expect(deps.notifier.published).toHaveLength(1);
  });

  it('in a dry run plans from the stored end but publishes, saves and commits nothing', async () => {
    // Prepare
    const deps = setup();
    await deps.windows.commit(CLUSTER, null, END - 3600);
    // Act
    const result = await runClusterAnalysis(deps, { ...SCHEDULED, dryRun: true }, SETTINGS);
    // Assess
    expect(result).toMatchObject({
      window: { start: new Date((END - 3600) * 1000).toISOString() },
      planReason: 'resume',
      commit: 'not-committed',
      alerts: { kind: 'withheld', reason: 'dry-run', counts: { new: 1 } },
    });
    expect(await deps.windows.load(CLUSTER)).toBe(END - 3600);
    expect(deps.notifier.published).toEqual([]);
    expect(deps.alerts.items.size).toBe(0);
  });

  it('is a dry run whatever the request says when the deployment is configured as one', async () => {
    // Prepare: a work message saying dryRun: false reaches a worker deployed with DRY_RUN=true
    const deps = setup();
    // Act
    const result = await runClusterAnalysis(deps, SCHEDULED, { ...SETTINGS, dryRun: true });
    // Assess
    expect(result).toMatchObject({
      commit: 'not-committed',
      alerts: { kind: 'withheld', reason: 'dry-run' },
    });
    expect(deps.notifier.published).toEqual([]);
    expect(await deps.windows.load(CLUSTER)).toBeNull();
  });

  it('with notify off saves the alert state and commits, publishing nothing', async () => {
    // Prepare
    const deps = setup();
    // Act
    const result = await runClusterAnalysis(deps, { ...SCHEDULED, notify: false }, SETTINGS);
    // Assess
    expect(result).toMatchObject({
      commit: 'committed',
      alerts: { kind: 'withheld', reason: 'notify-off', counts: { new: 1 } },
    });
    expect(deps.notifier.published).toEqual([]);
    expect(deps.alerts.items.size).toBe(1);
    expect(await deps.windows.load(CLUSTER)).toBe(END);
  });

  it('with since reads [now − since, now) and leaves the scheduled window where it was', async () => {
    // Prepare
    const deps = setup();
    await deps.windows.commit(CLUSTER, null, END);
    // Act
    const result = await runClusterAnalysis(
      deps,
      { ...SCHEDULED, sinceMs: 2 * 3_600_000 },
      SETTINGS,
    );
    // Assess
    expect(result).toMatchObject({
      window: {
        start: new Date(NOW - 120 * MINUTE).toISOString(),
        end: new Date(NOW).toISOString(),
      },
      windowSource: 'since',
      planReason: null,
      commit: 'not-committed',
      alerts: { kind: 'published' },
    });
    expect(deps.insights.started[0]).toMatchObject({
      startTime: (NOW - 120 * MINUTE) / 1000,
      endTime: NOW / 1000,
    });
    expect(await deps.windows.load(CLUSTER)).toBe(END);
  });

  it('is up to date when the stored end is within the ingestion lag, and queries nothing', async () => {
    // Prepare
    const deps = setup();
    await deps.windows.commit(CLUSTER, null, END);
    // Act
    const result = await runClusterAnalysis(deps, SCHEDULED, SETTINGS);
    // Assess
    expect(result).toEqual({
      status: 'up-to-date',
      cluster: 'demo',
      lastEnd: new Date(END * 1000).toISOString(),
    });
    expect(deps.insights.started).toEqual([]);
  });

  it('reports the seconds skipped when the stored end is older than the look-back cap', async () => {
    // Prepare
    const deps = setup();
    await deps.windows.commit(CLUSTER, null, END - 2 * 86_400);
    // Act
    const result = await runClusterAnalysis(deps, SCHEDULED, SETTINGS);
    // Assess
    expect(result).toMatchObject({
      planReason: 'stale',
      skipped: {
        start: new Date((END - 2 * 86_400) * 1000).toISOString(),
        end: new Date((END - 3600) * 1000).toISOString(),
      },
      commit: 'committed',
    });
  });

  it('treats a lost race on the alert state as delivered and still commits the window', async () => {
    // Prepare
    const deps = setup();
    deps.alerts.failSaveWith = new StateConflictError(
      ['alert#x'],
      'alert#x was written by another run',
    );
    // Act
    const result = await runClusterAnalysis(deps, SCHEDULED, SETTINGS);
    // Assess
    expect(result).toMatchObject({
      commit: 'committed',
      alerts: { kind: 'state-conflict', message: 'alert#x was written by another run' },
    });
    expect(deps.notifier.published).toHaveLength(1);
  });

  it('stops the running query when the signal fires, and commits nothing', async () => {
    // Prepare
    const deps = setup();
    deps.insights.runningPolls = 1_000;
    const controller = new AbortController();
    deps.clock.onSleep = () => controller.abort();
    // Act
    const run = runClusterAnalysis(deps, SCHEDULED, SETTINGS, { signal: controller.signal });
    // Assess
    await expect(run).rejects.toBeInstanceOf(QueryAbortedError);
    expect(deps.insights.stopped).toEqual(['q-1']);
    expect(await deps.windows.load(CLUSTER)).toBeNull();
  });
});

describe('clusterStateKey', () => {
  it('is the partition key without its prefix, so window and alert items share a partition', () => {
    // Act
    const keys = [clusterStateKey(CLUSTER), clusterStateKey({ name: 'demo' })];
    // Assess
    expect(keys).toEqual(['123456789012/eu-west-1/demo', 'demo']);
  });
});
