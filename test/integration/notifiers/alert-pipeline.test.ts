import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoAlertStateStore } from '#adapters/aws/dynamodb-alert-store.ts';
import { SnsNotifier } from '#adapters/aws/sns-notifier.ts';
import { SsmSecureString } from '#adapters/aws/ssm-secure-string.ts';
import { SlackWebhookSender } from '#adapters/slack/slack-webhook-sender.ts';
import { runAlertCycle } from '#app/pipeline/alert-cycle.ts';
import type { Report } from '#core/model/report.ts';
import { parseAlertNotification } from '#render/alerts/notification-schema.ts';
import { renderSlackMessage } from '#render/alerts/slack-blocks.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { createStateTable, receiveAll, topicWithQueue } from '#test/helpers/moto-resources.ts';
import { HOUR, loadReport, MINUTE, T0 } from '#test/helpers/reports.ts';
import { FakeSlack } from '#test/helpers/slack-server.ts';

let slack: FakeSlack;

beforeEach(async () => {
  slack = await FakeSlack.start();
});

afterEach(async () => {
  await slack.close();
});

// The report of a later run: the same findings, last seen `agoMs` before `now`.
function seenAgain(report: Report, now: number, agoMs: number): Report {
  return {
    ...report,
    findings: report.findings.map((finding) => ({
      ...finding,
      lastSeen: new Date(now - agoMs).toISOString(),
    })),
  };
}

describe('alert pipeline against moto_server and a local Slack', () => {
  it('notifies once, stays quiet while nothing changes, then notifies the resolution; Slack renders what SQS received', async () => {
    // Prepare
    const { client, tableName } = await createStateTable();
    const { sns, sqs, topicArn, queueUrl } = await topicWithQueue({ raw: true });
    const ssm = new SSMClient(testClientConfig);
    await ssm.send(
      new PutParameterCommand({
        Name: '/eks-sg-advisor/slack-webhook',
        Type: 'SecureString',
        Value: slack.url,
      }),
    );
    const deps = {
      store: new DynamoAlertStateStore(client, tableName),
      notifier: new SnsNotifier(sns, topicArn),
    };
    const clock = new FakeClock(T0);
    const sender = new SlackWebhookSender({
      webhookUrl: new SsmSecureString(ssm, '/eks-sg-advisor/slack-webhook'),
      clock,
    });
    const report = loadReport('prod-eu');

    // Act
    const first = await runAlertCycle(deps, 'prod-eu-1', report, clock.now());
    const delivered = await receiveAll(sqs, queueUrl);
    clock.advance(5 * MINUTE);
    const second = await runAlertCycle(
      deps,
      'prod-eu-1',
      seenAgain(report, clock.now(), MINUTE),
      clock.now(),
    );
    const quiet = await receiveAll(sqs, queueUrl);
    clock.advance(2 * HOUR);
    const third = await runAlertCycle(
      deps,
      'prod-eu-1',
      { ...report, findings: [], recommendations: [] },
      clock.now(),
    );
    const resolved = await receiveAll(sqs, queueUrl);
    for (const message of [...delivered, ...resolved]) {
      await sender.send(renderSlackMessage(parseAlertNotification(message.Body ?? '')));
    }

    // Assess
    expect(first.published).not.toBeNull();
    expect(delivered).toHaveLength(1);
    expect(second.published).toBeNull();
    expect(second.diff.unchanged).toHaveLength(4);
    expect(quiet).toHaveLength(0);
    expect(third.diff.resolved).toHaveLength(4);
    expect(resolved).toHaveLength(1);
    expect(parseAlertNotification(resolved[0]?.Body ?? '').counts).toMatchObject({
      new: 0,
      resolved: 4,
      open: 0,
    });
    expect(slack.requests).toHaveLength(2);
    const posted = slack.requests.map((request) => JSON.parse(request.body) as { text: string });
    expect(posted.map((body) => body.text)).toEqual([
      'prod-eu-1: 4 new security-group alert(s), severity critical',
      'prod-eu-1: 4 resolved security-group alert(s), severity info',
    ]);
  });
});
