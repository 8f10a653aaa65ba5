// The deployed handlers read their configuration at import: set it first.
import '#test/helpers/deployed-env.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAlertNotification } from '#render/alerts/notification-schema.ts';
import {
  analyzeHandler,
  envelopeOf,
  invokeAnalyze,
  MINUTE,
  SHOP_PK,
  shopWithBlockedMetricsServer,
} from '#test/helpers/analyze-app.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { type AnalyzeHarness, committedWindowEnd, stateItems } from '#test/helpers/moto-app.ts';
import { createMotoCluster } from '#test/helpers/moto-cluster.ts';
import { receiveAll } from '#test/helpers/moto-resources.ts';

// The test's time starts at the real now (moto keeps log events of the last 14 days only).
const T = Math.floor(Date.now() / 1000) * 1000;

let app: AnalyzeHarness;

beforeEach(async () => {
  ({ app } = await shopWithBlockedMetricsServer(T));
});

afterEach(() => {
  app.destroy();
});

describe('analyze handler faults against moto_server', () => {
  it('fails when SNS publish fails, commits nothing, and the next run delivers exactly once', async () => {
    // Prepare
    const clock = new FakeClock(T);
    const broken = analyzeHandler(app, clock, {
      ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:no-such-topic',
    });
    const working = analyzeHandler(app, clock);

    // Act
    const failed = await invokeAnalyze(broken, {});
    const afterFailure = {
      window: await committedWindowEnd(app.dynamodb, app.tableName, SHOP_PK),
      items: await stateItems(app.dynamodb, app.tableName),
      messages: await receiveAll(app.sqs, app.queueUrl),
    };
    clock.advance(MINUTE);
    const retried = await invokeAnalyze(working, {});
    const delivered = await receiveAll(app.sqs, app.queueUrl);
    const committed = await committedWindowEnd(app.dynamodb, app.tableName, SHOP_PK);
    clock.advance(15 * MINUTE);
    const next = await invokeAnalyze(working, {});
    const again = await receiveAll(app.sqs, app.queueUrl);

    // Assess
    expect(failed.outcome.ok).toBe(false);
    expect(failed.outcome.ok ? null : String(failed.outcome.error)).toMatch(
      /ClusterRunsFailedError: 1 of 1 cluster\(s\) failed: shop: Publish: topic .*no-such-topic/,
    );
    expect(afterFailure).toEqual({ window: null, items: 0, messages: [] });
    expect(retried.outcome.ok).toBe(true);
    expect(delivered).toHaveLength(1);
    const notification = parseAlertNotification(envelopeOf(delivered[0]).Message);
    expect(notification.alerts.map((alert) => [alert.change, alert.name])).toEqual([
      ['new', 'v1beta1.metrics.k8s.io'],
    ]);
    expect(committed).toBe((T + MINUTE - 5 * MINUTE) / 1000);
    expect(next.outcome.ok).toBe(true);
    expect(again).toHaveLength(0);
  });

  it('analyses the other clusters when one fails, then fails naming it', async () => {
    // Prepare: 'quiet' has no API-server logs.
    await createMotoCluster(app.ec2, 'quiet');
    const handler = analyzeHandler(app, new FakeClock(T), { CLUSTERS: 'quiet,shop' });
    // Act
    const { outcome, records } = await invokeAnalyze(handler, {});
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
