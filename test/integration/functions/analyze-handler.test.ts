// The deployed handlers read their configuration at import: set it first.
import '#test/helpers/deployed-env.ts';
import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAlertNotification } from '#render/alerts/notification-schema.ts';
import {
  analyzeHandler,
  clusterLog,
  envelopeOf,
  invokeAnalyze,
  MINUTE,
  SHOP_PK,
  scheduledRun,
  shopWithBlockedMetricsServer,
} from '#test/helpers/analyze-app.ts';
import { emfPoints } from '#test/helpers/capture-output.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import {
  type AnalyzeHarness,
  appendApiServerEvents,
  committedWindowEnd,
  metricsServerTimeout,
} from '#test/helpers/moto-app.ts';
import type { MotoCluster } from '#test/helpers/moto-cluster.ts';
import { receiveAll } from '#test/helpers/moto-resources.ts';

// The test's time starts at the real now (moto keeps log events of the last 14 days only).
const T = Math.floor(Date.now() / 1000) * 1000;

let app: AnalyzeHarness;
let cluster: MotoCluster;

beforeEach(async () => {
  ({ app, cluster } = await shopWithBlockedMetricsServer(T));
});

afterEach(() => {
  app.destroy();
});

describe('analyze and analyzeCluster handlers (middy chain) against moto_server', () => {
  it('publishes a blocked metrics-server once, stays quiet while it repeats, then publishes its resolution after the fix', async () => {
    // Prepare
    const clock = new FakeClock(T);

    // Act: the first run sees the failures (the schedule fans out, the worker runs the cluster).
    const first = await scheduledRun(app, clock);
    const delivered = await receiveAll(app.sqs, app.queueUrl);
    // Act: 15 minutes later the failures go on.
    clock.advance(15 * MINUTE);
    await appendApiServerEvents(app.logs, 'shop', [
      { timestamp: T + 2 * MINUTE, message: metricsServerTimeout(T + 2 * MINUTE, cluster.podIp) },
    ]);
    const second = await scheduledRun(app, clock);
    const quiet = await receiveAll(app.sqs, app.queueUrl);
    // Act: the fix is applied and the failures stop; 75 minutes later the alert resolves.
    await app.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: cluster.nodeSg,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 10251,
            ToPort: 10251,
            UserIdGroupPairs: [{ GroupId: cluster.clusterSg }],
          },
        ],
      }),
    );
    clock.advance(75 * MINUTE);
    const third = await scheduledRun(app, clock);
    const resolved = await receiveAll(app.sqs, app.queueUrl);

    // Assess: one message for the one cluster, one worker invocation without item failures.
    expect(first.dispatch.outcome).toEqual({
      ok: true,
      value: {
        trigger: 'schedule',
        mode: 'fan-out',
        dryRun: false,
        notify: true,
        dispatched: ['123456789012/us-east-1/shop'],
      },
    });
    expect(first.work.map((output) => output.outcome)).toEqual([
      { ok: true, value: { batchItemFailures: [] } },
    ]);
    // Assess: the first notification.
    expect(delivered).toHaveLength(1);
    const envelope = envelopeOf(delivered[0]);
    // The cluster is named with its account and Region (names repeat across accounts).
    expect(envelope.Subject).toBe(
      '[eks-sg-advisor] shop (123456789012, us-east-1): 1 new (critical)',
    );
    expect(envelope.MessageAttributes).toMatchObject({
      cluster: { Type: 'String', Value: 'shop' },
      account: { Type: 'String', Value: '123456789012' },
      region: { Type: 'String', Value: 'us-east-1' },
      severity: { Type: 'String', Value: 'critical' },
      changes: { Type: 'String.Array', Value: '["new"]' },
      findingCount: { Type: 'Number', Value: '1' },
    });
    const notification = parseAlertNotification(envelope.Message);
    expect(envelope.MessageAttributes.notificationId?.Value).toBe(notification.id);
    expect(notification).toMatchObject({
      cluster: 'shop',
      account: '123456789012',
      region: 'us-east-1',
    });
    expect(notification.alerts).toHaveLength(1);
    expect(notification.alerts[0]).toMatchObject({
      change: 'new',
      kind: 'apiservice-availability',
      name: 'v1beta1.metrics.k8s.io',
      verdicts: ['blocked'],
      rules: [`ingress ${cluster.nodeSg} tcp/10251 from ${cluster.clusterSg}`],
    });
    // Assess: the worker's log of the run and the committed window.
    expect(clusterLog(first.records, 'shop')).toMatchObject({
      message: 'cluster analysed',
      target: '123456789012/us-east-1/shop',
      receiveCount: 1,
      status: 'analysed',
      cluster: 'shop',
      windowSource: 'scheduled',
      planReason: 'first-run',
      commit: 'committed',
      alerts: { kind: 'published', counts: { new: 1 } },
    });
    // Assess: nothing new on the second run, and the window moved on.
    expect(clusterLog(second.records, 'shop')).toMatchObject({
      commit: 'committed',
      alerts: { kind: 'nothing-to-send', counts: { unchanged: 1 } },
    });
    expect(quiet).toHaveLength(0);
    // Assess: the resolution.
    expect(clusterLog(third.records, 'shop')).toMatchObject({
      alerts: { kind: 'published', counts: { resolved: 1, open: 0 } },
    });
    expect(resolved).toHaveLength(1);
    const resolution = envelopeOf(resolved[0]);
    expect(resolution.Subject).toBe(
      '[eks-sg-advisor] shop (123456789012, us-east-1): 1 resolved (info)',
    );
    expect(parseAlertNotification(resolution.Message).alerts[0]).toMatchObject({
      change: 'resolved',
      name: 'v1beta1.metrics.k8s.io',
    });
    expect(await committedWindowEnd(app.dynamodb, app.tableName, SHOP_PK)).toBe(
      (T + 90 * MINUTE - 5 * MINUTE) / 1000,
    );
  });

  it('logs each finding and emits findings by kind, blocked endpoints and bytes scanned in EMF', async () => {
    // Prepare
    const handler = analyzeHandler(app, new FakeClock(T));
    // Act
    const { outcome, records } = await invokeAnalyze(handler, {});
    // Assess
    expect(outcome.ok).toBe(true);
    expect(records).toContainEqual(
      expect.objectContaining({
        message: 'finding',
        cluster: 'shop',
        label: `v1beta1.metrics.k8s.io ${cluster.podIp}:10251`,
        verdict: 'blocked',
        failures: 2,
      }),
    );
    const points = emfPoints(records);
    expect(points).toContainEqual({
      name: 'Findings',
      value: 1,
      dimensions: {
        service: 'eks-sg-advisor-test',
        cluster: 'shop',
        kind: 'apiservice-availability',
      },
    });
    expect(points).toContainEqual({
      name: 'BlockedEndpoints',
      value: 1,
      dimensions: { service: 'eks-sg-advisor-test', cluster: 'shop' },
    });
    expect(points).toContainEqual({
      name: 'BlockedEndpoints',
      value: 1,
      dimensions: { service: 'eks-sg-advisor-test' },
    });
    expect(points.map((point) => point.name)).toEqual(
      expect.arrayContaining([
        'BytesScanned',
        'RecordsScanned',
        'QueryDuration',
        'AlertsPublished',
      ]),
    );
  });
});
