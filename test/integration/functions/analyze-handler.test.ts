import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnalyzeResponse } from '#functions/analyze.ts';
import { parseAlertNotification } from '#notifiers/notification-schema.ts';
import { captureOutput, emfPoints } from '#test/helpers/capture-output.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { lambdaContext } from '#test/helpers/lambda-context.ts';
import {
  type AnalyzeHarness,
  analyzeHarness,
  appendApiServerEvents,
  committedWindowEnd,
  metricsServerTimeout,
  stateItems,
} from '#test/helpers/moto-app.ts';
import { createMotoCluster, type MotoCluster } from '#test/helpers/moto-cluster.ts';
import { API_STREAM, seedClusterLogs } from '#test/helpers/moto-logs.ts';
import { receiveAll } from '#test/helpers/moto-resources.ts';

// The module builds its deployed handler at import (cold start) from the environment.
vi.hoisted(() => {
  process.env.CLUSTERS ??= 'shop';
  process.env.STATE_TABLE ??= 'eks-sg-advisor-state';
  process.env.ALERT_TOPIC_ARN ??= 'arn:aws:sns:us-east-1:123456789012:eks-sg-advisor-alerts';
});
const { makeHandler } = await import('#functions/analyze.ts');

const MINUTE = 60_000;
const CONTEXT = 'eks-sg-advisor-test-analyze';
const PK = 'cluster#123456789012/us-east-1/shop';
// moto keeps log events of the last 14 days only: the test's time starts at the real now.
const T = Math.floor(Date.now() / 1000) * 1000;

let app: AnalyzeHarness;
let cluster: MotoCluster;

beforeEach(async () => {
  app = await analyzeHarness(['shop']);
  cluster = await createMotoCluster(app.ec2, 'shop');
  await seedClusterLogs(app.logs, 'shop', {
    [API_STREAM]: [
      { timestamp: T - 30 * MINUTE, message: metricsServerTimeout(T - 30 * MINUTE, cluster.podIp) },
      { timestamp: T - 20 * MINUTE, message: metricsServerTimeout(T - 20 * MINUTE, cluster.podIp) },
    ],
  });
});

afterEach(() => {
  app.destroy();
});

function handlerWith(clock: FakeClock, env: Record<string, string> = {}) {
  const { logs, eks, ec2, dynamodb, sns } = app;
  return makeHandler({
    config: app.config({ LOG_LEVEL: 'INFO', ...env }),
    clients: { logs, eks, ec2, dynamodb, sns },
    clock,
    timeoutEarlyInMillis: 5_000,
  });
}

async function invoke(handler: ReturnType<typeof makeHandler>, event: unknown) {
  return captureOutput(() => handler(event, lambdaContext(CONTEXT)) as Promise<AnalyzeResponse>);
}

interface Envelope {
  Subject: string;
  Message: string;
  MessageAttributes: Record<string, { Type: string; Value: string }>;
}

describe('analyze handler (middy chain) against moto_server', () => {
  it('publishes a blocked metrics-server once, stays quiet while it repeats, then publishes its resolution after the fix', async () => {
    // Prepare
    const clock = new FakeClock(T);
    const handler = handlerWith(clock);
    const scheduled = { source: 'aws.events', 'detail-type': 'Scheduled Event' };

    // Act: the first run sees the failures.
    const first = await invoke(handler, scheduled);
    const delivered = await receiveAll(app.sqs, app.queueUrl);
    // Act: 15 minutes later the failures go on.
    clock.advance(15 * MINUTE);
    await appendApiServerEvents(app.logs, 'shop', [
      { timestamp: T + 2 * MINUTE, message: metricsServerTimeout(T + 2 * MINUTE, cluster.podIp) },
    ]);
    const second = await invoke(handler, scheduled);
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
    const third = await invoke(handler, scheduled);
    const resolved = await receiveAll(app.sqs, app.queueUrl);

    // Assess: the first notification.
    expect(first.outcome.ok).toBe(true);
    expect(delivered).toHaveLength(1);
    const envelope = JSON.parse(delivered[0]?.Body ?? '') as Envelope;
    expect(envelope.Subject).toBe('[eks-sg-advisor] shop: 1 new (critical)');
    expect(envelope.MessageAttributes).toMatchObject({
      cluster: { Type: 'String', Value: 'shop' },
      severity: { Type: 'String', Value: 'critical' },
      changes: { Type: 'String.Array', Value: '["new"]' },
      findingCount: { Type: 'Number', Value: '1' },
    });
    const notification = parseAlertNotification(envelope.Message);
    expect(envelope.MessageAttributes.notificationId?.Value).toBe(notification.id);
    expect(notification.cluster).toBe('shop');
    expect(notification.alerts).toHaveLength(1);
    expect(notification.alerts[0]).toMatchObject({
      change: 'new',
      kind: 'apiservice-availability',
      name: 'v1beta1.metrics.k8s.io',
      verdicts: ['blocked'],
      rules: [`ingress ${cluster.nodeSg} tcp/10251 from ${cluster.clusterSg}`],
    });
    // Assess: the handler's answer and the committed window.
    const firstRun = first.outcome.ok ? first.outcome.value.clusters[0] : undefined;
    expect(firstRun).toMatchObject({
      status: 'analysed',
      cluster: 'shop',
      windowSource: 'scheduled',
      planReason: 'first-run',
      commit: 'committed',
      alerts: { kind: 'published', counts: { new: 1 } },
    });
    // Assess: nothing new on the second run, and the window moved on.
    expect(second.outcome.ok && second.outcome.value.clusters[0]).toMatchObject({
      commit: 'committed',
      alerts: { kind: 'nothing-to-send', counts: { unchanged: 1 } },
    });
    expect(quiet).toHaveLength(0);
    // Assess: the resolution.
    expect(third.outcome.ok && third.outcome.value.clusters[0]).toMatchObject({
      alerts: { kind: 'published', counts: { resolved: 1, open: 0 } },
    });
    expect(resolved).toHaveLength(1);
    const resolution = JSON.parse(resolved[0]?.Body ?? '') as Envelope;
    expect(resolution.Subject).toBe('[eks-sg-advisor] shop: 1 resolved (info)');
    expect(parseAlertNotification(resolution.Message).alerts[0]).toMatchObject({
      change: 'resolved',
      name: 'v1beta1.metrics.k8s.io',
    });
    expect(await committedWindowEnd(app.dynamodb, app.tableName, PK)).toBe(
      (T + 90 * MINUTE - 5 * MINUTE) / 1000,
    );
  });

  it('logs each finding and emits findings by kind, blocked endpoints and bytes scanned in EMF', async () => {
    // Prepare
    const handler = handlerWith(new FakeClock(T));
    // Act
    const { outcome, records } = await invoke(handler, {});
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

  it('fails when SNS publish fails, commits nothing, and the next run delivers exactly once', async () => {
    // Prepare
    const clock = new FakeClock(T);
    const broken = handlerWith(clock, {
      ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:no-such-topic',
    });
    const working = handlerWith(clock);

    // Act
    const failed = await invoke(broken, {});
    const afterFailure = {
      window: await committedWindowEnd(app.dynamodb, app.tableName, PK),
      items: await stateItems(app.dynamodb, app.tableName),
      messages: await receiveAll(app.sqs, app.queueUrl),
    };
    clock.advance(MINUTE);
    const retried = await invoke(working, {});
    const delivered = await receiveAll(app.sqs, app.queueUrl);
    const committed = await committedWindowEnd(app.dynamodb, app.tableName, PK);
    clock.advance(15 * MINUTE);
    const next = await invoke(working, {});
    const again = await receiveAll(app.sqs, app.queueUrl);

    // Assess
    expect(failed.outcome.ok).toBe(false);
    expect(failed.outcome.ok ? null : String(failed.outcome.error)).toMatch(
      /ClusterRunsFailedError: 1 of 1 cluster\(s\) failed: shop: Publish: topic .*no-such-topic/,
    );
    expect(afterFailure).toEqual({ window: null, items: 0, messages: [] });
    expect(retried.outcome.ok).toBe(true);
    expect(delivered).toHaveLength(1);
    const notification = parseAlertNotification(
      (JSON.parse(delivered[0]?.Body ?? '') as Envelope).Message,
    );
    expect(notification.alerts.map((alert) => [alert.change, alert.name])).toEqual([
      ['new', 'v1beta1.metrics.k8s.io'],
    ]);
    expect(committed).toBe((T + MINUTE - 5 * MINUTE) / 1000);
    expect(next.outcome.ok).toBe(true);
    expect(again).toHaveLength(0);
  });

  it('answers an on-demand dry run of the last two hours with the report, writing nothing', async () => {
    // Prepare
    const handler = handlerWith(new FakeClock(T));
    // Act
    const { outcome } = await invoke(handler, { since: '2h', dryRun: true });
    // Assess
    expect(outcome.ok).toBe(true);
    const result = outcome.ok ? outcome.value : null;
    expect(result).toMatchObject({ trigger: 'on-demand', dryRun: true });
    expect(result?.clusters[0]).toMatchObject({
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
    const handler = handlerWith(clock);
    // Act
    const baseline = await invoke(handler, { notify: false });
    clock.advance(15 * MINUTE);
    const next = await invoke(handler, {});
    // Assess
    expect(baseline.outcome.ok && baseline.outcome.value.clusters[0]).toMatchObject({
      commit: 'committed',
      alerts: { kind: 'withheld', reason: 'notify-off', counts: { new: 1 } },
    });
    expect(next.outcome.ok && next.outcome.value.clusters[0]).toMatchObject({
      alerts: { kind: 'nothing-to-send' },
    });
    expect(await receiveAll(app.sqs, app.queueUrl)).toHaveLength(0);
  });

  it('rejects a bad event with a message naming the field, before any AWS call', async () => {
    // Prepare
    const handler = handlerWith(new FakeClock(T));
    // Act
    const unknown = await invoke(handler, { cluster: 'shop' });
    const wrongType = await invoke(handler, { clusters: ['shop', 7] });
    const unconfigured = await invoke(handler, { clusters: ['other'] });
    // Assess
    const message = (captured: { outcome: { ok: boolean; error?: unknown } }): string =>
      captured.outcome.ok ? '' : String(captured.outcome.error);
    expect(message(unknown)).toBe(
      "InputError: analyze event: unknown field 'cluster' (expected any of clusters, since, dryRun, notify)",
    );
    expect(message(wrongType)).toBe(
      "InputError: analyze event: field 'clusters[1]' must be a string",
    );
    expect(message(unconfigured)).toMatch(
      /field 'clusters\[0\]' names 'other', which is not configured/,
    );
    expect(await stateItems(app.dynamodb, app.tableName)).toBe(0);
  });

  it('analyses the other clusters when one fails, then fails naming it', async () => {
    // Prepare: 'quiet' has no API-server logs.
    await createMotoCluster(app.ec2, 'quiet');
    const handler = handlerWith(new FakeClock(T), { CLUSTERS: 'quiet,shop' });
    // Act
    const { outcome, records } = await invoke(handler, {});
    // Assess
    expect(outcome.ok ? null : String(outcome.error)).toMatch(
      /1 of 2 cluster\(s\) failed: quiet: cluster quiet has no log group/,
    );
    expect(records).toContainEqual(
      expect.objectContaining({
        message: 'cluster analysed',
        cluster: 'shop',
        commit: 'committed',
      }),
    );
    expect(await receiveAll(app.sqs, app.queueUrl)).toHaveLength(1);
    expect(
      await committedWindowEnd(app.dynamodb, app.tableName, 'cluster#123456789012/us-east-1/quiet'),
    ).toBeNull();
  });
});
