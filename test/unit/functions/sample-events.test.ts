import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeClusterWork } from '#core/fanout/cluster-work.ts';
import { resolveAnalyzeRequest } from '#core/run/analyze-event.ts';
import { resolveEnableLoggingRequest } from '#core/run/enable-logging-event.ts';
import { parseAlertNotification } from '#notifiers/notification-schema.ts';
import { renderSnsMessage } from '#notifiers/sns-message.ts';
import { firstRun } from '#test/helpers/scenarios.ts';
import { snsLambdaEvent } from '#test/helpers/sns-event.ts';

function sample(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../../events/${name}`, import.meta.url), 'utf8'));
}

const DEMO = { name: 'demo', account: null, region: null };
const PROD = { name: 'prod', account: null, region: null };
const DEFAULTS = { clusters: [DEMO], dryRun: false, maxSinceMs: 86_400_000 };

describe('events/ (the samples for sls invoke and invoke local)', () => {
  it('notify-slack.json is the SNS event of the first-run notification (rewrite it with vitest -u)', async () => {
    // Prepare
    const rendered = renderSnsMessage(firstRun().notification);
    // Act
    const event = snsLambdaEvent(
      rendered,
      'arn:aws:sns:us-east-1:123456789012:eks-sg-advisor-prod-alerts',
    );
    // Assess
    await expect(`${JSON.stringify(event, null, 2)}\n`).toMatchFileSnapshot(
      '../../../events/notify-slack.json',
    );
  });

  it('notify-slack.json carries an alert notification the Slack function accepts', () => {
    // Prepare
    const event = sample('notify-slack.json') as { Records: { Sns: { Message: string } }[] };
    // Act
    const notification = parseAlertNotification(event.Records[0]?.Sns.Message ?? '');
    // Assess
    expect(notification.schema).toBe('eks-sg-advisor/alert-notification@1');
    expect(notification.counts.new).toBeGreaterThan(0);
  });

  it('analyze.json is an on-demand dry run of the last two hours', () => {
    // Act
    const request = resolveAnalyzeRequest(sample('analyze.json'), DEFAULTS);
    // Assess
    expect(request).toEqual({
      trigger: 'on-demand',
      clusters: [DEMO],
      sinceMs: 2 * 3_600_000,
      dryRun: true,
      notify: true,
      fanOut: null,
      kubernetes: null,
    });
  });

  it('analyze-scheduled.json is what an EventBridge schedule sends', () => {
    // Act
    const request = resolveAnalyzeRequest(sample('analyze-scheduled.json'), DEFAULTS);
    // Assess
    expect(request).toMatchObject({ trigger: 'schedule', sinceMs: null, notify: true });
  });

  it('enable-logging.json works on every configured cluster', () => {
    // Act
    const request = resolveEnableLoggingRequest(sample('enable-logging.json'), [DEMO, PROD]);
    // Assess
    expect(request).toEqual({ clusters: [DEMO, PROD], dryRun: false, indexLogStream: false });
  });

  it('analyze-cluster.json is the SQS event of one scheduled work message for cluster demo', () => {
    // Act
    const event = sample('analyze-cluster.json') as { Records: { body: string }[] };
    const work = decodeClusterWork(event.Records[0]?.body ?? '');
    // Assess
    expect(event.Records).toHaveLength(1);
    expect(work).toMatchObject({
      ...{ cluster: DEMO, trigger: 'schedule', sinceMs: null, deferrals: 0 },
      kubernetes: null,
    });
  });
});
