import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  analyzeHandler,
  inlineResults,
  invokeAnalyze,
  MINUTE,
  shopWithBlockedMetricsServer,
} from '#test/helpers/analyze-app.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { type AnalyzeHarness, stateItems } from '#test/helpers/moto-app.ts';
import type { MotoCluster } from '#test/helpers/moto-cluster.ts';
import { receiveAll } from '#test/helpers/moto-resources.ts';

// The deployed handler is built at import (cold start) from the environment.
vi.hoisted(() => {
  process.env.CLUSTERS ??= 'shop';
  process.env.STATE_TABLE ??= 'eks-sg-advisor-state';
  process.env.ALERT_TOPIC_ARN ??= 'arn:aws:sns:us-east-1:123456789012:eks-sg-advisor-alerts';
  process.env.WORK_QUEUE_URL ??=
    'https://sqs.us-east-1.amazonaws.com/123456789012/eks-sg-advisor-work';
});

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
      "InputError: analyze event: unknown field 'cluster' (expected any of clusters, since, dryRun, notify, fanOut)",
    );
    expect(message(wrongType)).toBe(
      "InputError: analyze event: field 'clusters[1]' must be a string",
    );
    expect(message(unconfigured)).toMatch(
      /field 'clusters\[0\]' names 'other', which is not configured/,
    );
    expect(await stateItems(app.dynamodb, app.tableName)).toBe(0);
  });
});
