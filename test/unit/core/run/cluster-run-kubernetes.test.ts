import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type ClusterRunRequest,
  runClusterAnalysis,
  runClusterOnce,
} from '#app/pipeline/run-cluster.ts';
import type { ClusterWork } from '#core/clusters/cluster-work.ts';
import type { KubernetesMode } from '#core/clusters/kubernetes-mode.ts';
import { KubernetesApiError } from '#core/errors.ts';
import type { ClusterKubernetesReader } from '#core/gateways.ts';
import type { ClusterObjects } from '#core/k8s/objects.ts';
import { readNetworkSnapshot } from '#core/network/parse-snapshot.ts';
import type { ClusterAnalysed } from '#core/run/cluster-run-result.ts';
import { DEFAULT_WINDOW_PLAN } from '#core/window/plan-window.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { FakeInsights } from '#test/helpers/fake-insights.ts';
import { fixtureClusterObjects } from '#test/helpers/k8s-fixtures.ts';
import { MemoryAlertStore, MemoryNotifier } from '#test/helpers/memory-alerts.ts';
import { MemoryWindowStore } from '#test/helpers/memory-window-store.ts';
import { klogTime } from '#test/helpers/moto-logs.ts';
import { runClusterWork } from '#wiring/analyze-services.ts';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 10, 28, 15);
const CLUSTER = { name: 'demo', account: '123456789012', region: 'eu-west-1' };
const SNAPSHOT = readNetworkSnapshot(
  readFileSync(new URL('../../../fixtures/k8s/network.json', import.meta.url), 'utf8'),
  'network.json',
);
const REQUEST: ClusterRunRequest = { cluster: CLUSTER, sinceMs: null, dryRun: false, notify: true };

// Kyverno's webhook names only its service: without the Kubernetes API no pod can be judged.
function kyvernoTimeout(at: number) {
  return {
    timestamp: at,
    message: `W${klogTime(at)}      10 dispatcher.go:217] Failed calling webhook, failing closed mutate.kyverno.svc-fail: failed calling webhook "mutate.kyverno.svc-fail": failed to call webhook: Post "https://kyverno-svc.kyverno.svc:443/mutate/fail?timeout=10s": context deadline exceeded`,
  };
}

/** Serves the recorded cluster objects, or fails as told; remembers which clusters were read. */
class FakeKubernetes implements ClusterKubernetesReader {
  readonly reads: string[] = [];
  failWith: Error | null = null;

  async readClusterObjects(cluster: string): Promise<ClusterObjects> {
    this.reads.push(cluster);
    if (this.failWith !== null) throw this.failWith;
    return fixtureClusterObjects();
  }
}

function setup() {
  const insights = new FakeInsights([kyvernoTimeout(NOW - 30 * MINUTE)]);
  insights.runningPolls = 0;
  return {
    insights,
    network: { readSnapshot: async () => SNAPSHOT },
    clock: new FakeClock(NOW),
    windows: new MemoryWindowStore(),
    alerts: new MemoryAlertStore(),
    notifier: new MemoryNotifier(),
    kubernetes: new FakeKubernetes(),
  };
}

function settings(kubernetes: KubernetesMode) {
  return { windowPlan: DEFAULT_WINDOW_PLAN, resolveAfterMs: 3_600_000, kubernetes };
}

function targetsOf(result: ClusterAnalysed): string[] {
  return result.report.findings.map(
    (f) => `${f.name} ${f.target?.ip ?? '-'}:${f.target?.port} ${f.target?.source} ${f.verdict}`,
  );
}

describe('runClusterAnalysis with the Kubernetes API', () => {
  it('off: reads nothing from the cluster and leaves the service-only failure to the catalogue', async () => {
    // Prepare
    const deps = setup();
    // Act
    const result = (await runClusterAnalysis(deps, REQUEST, settings('off'))) as ClusterAnalysed;
    // Assess
    expect(deps.kubernetes.reads).toEqual([]);
    expect(targetsOf(result)).toEqual(['mutate.kyverno.svc-fail -:9443 catalogue no-target']);
    // The failure is still alerted, with no rule to propose.
    expect(result.report.recommendations).toEqual([]);
    expect(result.alerts).toMatchObject({ kind: 'published', counts: { new: 1 } });
  });

  it('resolve: judges the failure against the exact pods and alerts on the blocked one only', async () => {
    // Prepare
    const deps = setup();
    // Act
    const result = (await runClusterAnalysis(
      deps,
      REQUEST,
      settings('resolve'),
    )) as ClusterAnalysed;
    // Assess
    expect(deps.kubernetes.reads).toEqual(['demo']);
    expect(targetsOf(result)).toEqual([
      'mutate.kyverno.svc-fail 10.0.1.200:9443 kubernetes blocked',
      'mutate.kyverno.svc-fail 10.0.3.201:9443 kubernetes allowed',
    ]);
    expect(result.report.recommendations.map((r) => `${r.groupId}:${r.fromPort}`)).toEqual([
      'sg-0fa7e5ec0fa7e5ec0:9443',
    ]);
    expect(result.alerts).toMatchObject({ kind: 'published', counts: { new: 1 } });
  });

  it('audit: also alerts on the blocked paths nothing has failed on yet', async () => {
    // Prepare
    const deps = setup();
    // Act
    const result = (await runClusterAnalysis(deps, REQUEST, settings('audit'))) as ClusterAnalysed;
    // Assess
    expect(result.report.findings.find((f) => f.name === 'v1alpha1.tap.linkerd.io')).toMatchObject({
      count: 0,
      verdict: 'blocked',
      target: { ip: '10.0.3.140', port: 8089, source: 'kubernetes' },
    });
    expect(result.report.recommendations.map((r) => `${r.groupId}:${r.fromPort}`)).toEqual([
      'sg-0b0de5ec0de5ec0de:8089',
      'sg-0b0de5ec0de5ec0de:8443',
      'sg-0b0de5ec0de5ec0de:10251',
      'sg-0b0de5ec0de5ec0de:10260',
      'sg-0fa7e5ec0fa7e5ec0:9443',
    ]);
    expect(deps.notifier.published).toHaveLength(1);
    expect(result.commit).toBe('committed');
  });

  it('a refused read does not stop the run: the logs are analysed, a note says why, the window commits', async () => {
    // Prepare
    const deps = setup();
    deps.kubernetes.failWith = new KubernetesApiError(
      403,
      'forbidden: User "arn:aws:sts::123456789012:assumed-role/r/s" cannot list resource "apiservices" in API group "apiregistration.k8s.io" at the cluster scope (cluster demo: grant get/list on apiservices.apiregistration.k8s.io to the access entry)',
    );
    // Act
    const result = (await runClusterAnalysis(deps, REQUEST, settings('audit'))) as ClusterAnalysed;
    // Assess
    expect(targetsOf(result)).toEqual(['mutate.kyverno.svc-fail -:9443 catalogue no-target']);
    const note = result.report.notes.find((n) => n.code === 'kubernetes-unavailable');
    expect(note?.message).toContain('cannot list resource "apiservices"');
    expect(note?.message).toContain('no audit was run');
    expect(result.commit).toBe('committed');
  });

  it('without a reader in the deps, says so in a note instead of failing', async () => {
    // Prepare
    const { kubernetes: _unused, ...deps } = setup();
    // Act
    const result = (await runClusterAnalysis(
      deps,
      REQUEST,
      settings('resolve'),
    )) as ClusterAnalysed;
    // Assess
    expect(result.report.notes).toContainEqual({
      code: 'kubernetes-unavailable',
      message: expect.stringContaining('no Kubernetes reader is configured'),
    });
  });

  it('an abort of the run while reading is not swallowed, and nothing is committed', async () => {
    // Prepare
    const deps = setup();
    const controller = new AbortController();
    deps.kubernetes.failWith = new Error('read aborted: the Lambda is out of time');
    controller.abort();
    // Act
    const run = runClusterAnalysis(deps, REQUEST, settings('resolve'), {
      signal: controller.signal,
    });
    // Assess
    await expect(run).rejects.toThrow('read aborted: the Lambda is out of time');
    expect(deps.insights.started).toEqual([]);
    expect(await deps.windows.load(CLUSTER)).toBeNull();
  });

  it.each([
    ['resolve', 'off', ['demo']],
    ['off', 'audit', []],
    [null, 'resolve', ['demo']],
    [null, 'off', []],
  ] as const)(
    "a work message's mode (%s) overrides the configured one (%s) for its run only",
    async (fromMessage, configured, reads) => {
      // Prepare
      const deps = setup();
      const work: ClusterWork = {
        cluster: CLUSTER,
        trigger: 'on-demand',
        sinceMs: null,
        dryRun: false,
        notify: true,
        dispatchedAt: NOW,
        deferrals: 0,
        kubernetes: fromMessage,
      };
      // Act
      await runClusterWork(async () => deps, work, settings(configured));
      // Assess
      expect(deps.kubernetes.reads).toEqual(reads);
    },
  );
});

describe('runClusterOnce (the CLI’s analyze --cluster)', () => {
  const window = {
    startSec: Math.floor((NOW - 60 * MINUTE) / 1000),
    endSec: Math.floor(NOW / 1000),
  };

  it('runs the fixed window through the same read and analysis, with no store and no alert', async () => {
    // Prepare
    const { insights, network, clock, kubernetes } = setup();
    // Act
    const live = await runClusterOnce(
      { insights, network, clock, kubernetes },
      { cluster: 'demo', window, kubernetes: 'resolve', targetsFailure: 'throw' },
    );
    // Assess
    expect(kubernetes.reads).toEqual(['demo']);
    expect(insights.started).toHaveLength(1);
    expect(live.report.recommendations.map((r) => `${r.groupId}:${r.fromPort}`)).toEqual([
      'sg-0fa7e5ec0fa7e5ec0:9443',
    ]);
  });

  it('fails loudly when the Kubernetes API cannot be read and the caller asked to throw', async () => {
    // Prepare
    const { insights, network, clock, kubernetes } = setup();
    kubernetes.failWith = new KubernetesApiError(403, 'list apiservices: Forbidden');
    // Act
    const act = runClusterOnce(
      { insights, network, clock, kubernetes },
      { cluster: 'demo', window, kubernetes: 'resolve', targetsFailure: 'throw' },
    );
    // Assess
    await expect(act).rejects.toThrow(KubernetesApiError);
    expect(insights.started).toEqual([]);
  });
});
