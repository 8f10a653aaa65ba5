// The deployed handlers read their configuration at import: set it first.
import '#test/helpers/deployed-env.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeClusterWork } from '#core/clusters/cluster-work.ts';
import { makeHandler } from '#functions/analyze.ts';
import {
  analyzeHandler,
  appClients,
  inlineResults,
  invokeAnalyze,
  MINUTE,
  shopWithBlockedMetricsServer,
} from '#test/helpers/analyze-app.ts';
import { eksClientPointingAt } from '#test/helpers/eks-endpoint-patch.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { type K8sApiServer, startK8sApiServer } from '#test/helpers/k8s-api-server.ts';
import { type AnalyzeHarness, receiveWork, stateItems } from '#test/helpers/moto-app.ts';
import type { MotoCluster } from '#test/helpers/moto-cluster.ts';
import { receiveAll } from '#test/helpers/moto-resources.ts';
import { testTls } from '#test/helpers/test-tls.ts';

// The test's time starts at the real now (moto keeps log events of the last 14 days only).
const T = Math.floor(Date.now() / 1000) * 1000;

let app: AnalyzeHarness;
let cluster: MotoCluster;
let k8s: K8sApiServer | null = null;

beforeEach(async () => {
  ({ app, cluster } = await shopWithBlockedMetricsServer(T));
});

afterEach(async () => {
  app.destroy();
  await k8s?.close();
  k8s = null;
});

describe('analyze handler on demand against moto_server', () => {
  it('answers an on-demand dry run of the last two hours with the report, writing nothing', async () => {
    // Prepare
    const handler = analyzeHandler(app, new FakeClock(T));
    // Act
    const captured = await invokeAnalyze(handler, { since: '2h', dryRun: true });
    // Assess
    expect(captured.outcome.ok).toBe(true);
    const result = captured.outcome.ok ? captured.outcome.value : null;
    expect(result).toMatchObject({ trigger: 'on-demand', mode: 'inline', dryRun: true });
    expect(inlineResults(captured)[0]).toMatchObject({
      status: 'analysed',
      windowSource: 'since',
      window: { start: new Date(T - 120 * MINUTE).toISOString(), end: new Date(T).toISOString() },
      commit: 'not-committed',
      alerts: { kind: 'withheld', reason: 'dry-run', counts: { new: 1 } },
      report: {
        cluster: 'shop',
        recommendations: [
          expect.objectContaining({ groupId: cluster.nodeSg, fromPort: 10251, toPort: 10251 }),
        ],
      },
    });
    expect(await stateItems(app.dynamodb, app.tableName)).toBe(0);
    expect(await receiveAll(app.sqs, app.queueUrl)).toHaveLength(0);
  });

  it('with notify false saves the alerts as known and commits, so the next run publishes nothing', async () => {
    // Prepare
    const clock = new FakeClock(T);
    const handler = analyzeHandler(app, clock);
    // Act
    const baseline = await invokeAnalyze(handler, { notify: false });
    clock.advance(15 * MINUTE);
    const next = await invokeAnalyze(handler, {});
    // Assess
    expect(inlineResults(baseline)[0]).toMatchObject({
      commit: 'committed',
      alerts: { kind: 'withheld', reason: 'notify-off', counts: { new: 1 } },
    });
    expect(inlineResults(next)[0]).toMatchObject({
      alerts: { kind: 'nothing-to-send' },
    });
    expect(await receiveAll(app.sqs, app.queueUrl)).toHaveLength(0);
  });

  it('rejects a bad event with a message naming the field, before any AWS call', async () => {
    // Prepare
    const handler = analyzeHandler(app, new FakeClock(T));
    // Act
    const unknown = await invokeAnalyze(handler, { cluster: 'shop' });
    const wrongType = await invokeAnalyze(handler, { clusters: ['shop', 7] });
    const unconfigured = await invokeAnalyze(handler, { clusters: ['other'] });
    // Assess
    const message = (captured: { outcome: { ok: boolean; error?: unknown } }): string =>
      captured.outcome.ok ? '' : String(captured.outcome.error);
    expect(message(unknown)).toBe(
      "InputError: analyze event: unknown field 'cluster' (expected any of clusters, since, dryRun, notify, fanOut, kubernetes)",
    );
    expect(message(wrongType)).toBe(
      "InputError: analyze event: field 'clusters[1]' must be a string",
    );
    expect(message(unconfigured)).toMatch(
      /field 'clusters\[0\]' names 'other', which is not configured/,
    );
    expect(await stateItems(app.dynamodb, app.tableName)).toBe(0);
  });

  it("reads the cluster's Kubernetes API when the event says kubernetes, though the configuration says off", async () => {
    // Prepare: DescribeCluster of shop answers with a local API server (moto's endpoint is fake).
    const tls = testTls();
    k8s = await startK8sApiServer({ tls: tls.cluster });
    const eks = eksClientPointingAt({ endpoint: k8s.endpoint, caPem: tls.cluster.caPem });
    const handler = makeHandler({
      config: app.config({ KUBERNETES_MODE: 'off' }),
      clients: { ...appClients(app), eks },
      clock: new FakeClock(T),
      timeoutEarlyInMillis: 5_000,
      clientConfig: { maxAttempts: 1 },
    });
    // Act
    const configured = await invokeAnalyze(handler, { dryRun: true });
    const readsAsConfigured = k8s.requests.length;
    const overridden = await invokeAnalyze(handler, { dryRun: true, kubernetes: 'resolve' });
    // Assess
    expect(inlineResults(configured)[0]).toMatchObject({ status: 'analysed' });
    expect(readsAsConfigured).toBe(0);
    expect(inlineResults(overridden)[0]).toMatchObject({ status: 'analysed' });
    expect(k8s.requests.map((r) => r.path)).toContain(
      '/apis/apiregistration.k8s.io/v1/apiservices',
    );
    const notes = (result: unknown) =>
      ((result as { report?: { notes?: { code: string }[] } }).report?.notes ?? []).map(
        (n) => n.code,
      );
    expect(notes(inlineResults(overridden)[0])).not.toContain('kubernetes-unavailable');
    eks.destroy();
  });

  it('carries the kubernetes mode of a fanned-out event in every work message', async () => {
    // Prepare
    const handler = analyzeHandler(app, new FakeClock(T));
    // Act
    const captured = await invokeAnalyze(handler, { fanOut: true, kubernetes: 'audit' });
    const messages = await receiveWork(app.sqs, app.workQueueUrl);
    // Assess
    expect(captured.outcome.ok).toBe(true);
    expect(messages.map((m) => decodeClusterWork(m.Body ?? '').kubernetes)).toEqual(['audit']);
  });
});
