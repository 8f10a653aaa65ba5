import { SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { SnsNotifier } from '#adapters/aws/sns-notifier.ts';
import { AwsCallError } from '#core/errors.ts';
import { parseAlertNotification } from '#render/alerts/notification-schema.ts';
import { renderSnsMessage } from '#render/alerts/sns-message.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { receiveAll, topicWithQueue } from '#test/helpers/moto-resources.ts';
import { firstRun, secondRun } from '#test/helpers/scenarios.ts';

describe('SnsNotifier against moto_server', () => {
  it('delivers the JSON report to a raw SQS subscriber, with the filter attributes as SQS attributes', async () => {
    // Prepare
    const { sns, sqs, topicArn, queueUrl } = await topicWithQueue({ raw: true });
    const rendered = renderSnsMessage(firstRun().notification);

    // Act
    const { messageId } = await new SnsNotifier(sns, topicArn).publish(rendered);
    const messages = await receiveAll(sqs, queueUrl);

    // Assess
    expect(messageId).not.toBe('');
    expect(messages).toHaveLength(1);
    const body = messages[0]?.Body ?? '';
    expect(body).toBe((JSON.parse(rendered.message) as { sqs: string }).sqs);
    const report = parseAlertNotification(body);
    expect(report).toEqual(rendered.notification);
    expect(report.counts).toEqual({
      new: 4,
      changed: 0,
      resolved: 0,
      open: 4,
      findings: 4,
      recommendations: 2,
    });
    expect(report.alerts.map((alert) => [alert.change, alert.name])).toEqual([
      ['new', 'vingress.elbv2.k8s.aws'],
      ['new', 'v1beta1.metrics.k8s.io'],
      ['new', 'certificates.cert-manager.io'],
      ['new', 'validate.kyverno.svc-fail'],
    ]);
    expect(messages[0]?.MessageAttributes).toEqual({
      cluster: { DataType: 'String', StringValue: 'prod-eu-1' },
      account: { DataType: 'String', StringValue: '123456789012' },
      region: { DataType: 'String', StringValue: 'eu-west-1' },
      severity: { DataType: 'String', StringValue: 'critical' },
      findingCount: { DataType: 'Number', StringValue: '4' },
      changes: { DataType: 'String.Array', StringValue: '["new"]' },
      notificationId: { DataType: 'String', StringValue: report.id },
    });
  });

  it('wraps the same report in the SNS envelope for a non-raw subscriber, with subject and attributes', async () => {
    // Prepare
    const { sns, sqs, topicArn, queueUrl } = await topicWithQueue();
    const rendered = renderSnsMessage(secondRun().notification);

    // Act
    await new SnsNotifier(sns, topicArn).publish(rendered);
    const messages = await receiveAll(sqs, queueUrl);

    // Assess
    const envelope = JSON.parse(messages[0]?.Body ?? '{}') as Record<string, unknown>;
    expect(envelope).toMatchObject({
      Type: 'Notification',
      TopicArn: topicArn,
      Subject: '[eks-sg-advisor] prod-eu-1: 1 changed, 2 resolved (critical)',
      MessageAttributes: {
        cluster: { Type: 'String', Value: 'prod-eu-1' },
        severity: { Type: 'String', Value: 'critical' },
        findingCount: { Type: 'Number', Value: '2' },
      },
    });
    const report = parseAlertNotification(envelope.Message as string);
    expect(report.alerts.map((alert) => alert.change)).toEqual(['changed', 'resolved', 'resolved']);
  });

  it('lets subscription filter policies select on severity', async () => {
    // Prepare
    const critical = await topicWithQueue({
      raw: true,
      queueName: 'critical',
      filterPolicy: { severity: ['critical'] },
    });
    const info = await topicWithQueue({
      raw: true,
      queueName: 'info',
      filterPolicy: { severity: ['info'] },
      topicArn: critical.topicArn,
    });

    // Act
    await new SnsNotifier(critical.sns, critical.topicArn).publish(
      renderSnsMessage(firstRun().notification),
    );

    // Assess
    expect(await receiveAll(critical.sqs, critical.queueUrl)).toHaveLength(1);
    expect(await receiveAll(info.sqs, info.queueUrl)).toHaveLength(0);
  });

  it('names the operation and the topic when Publish fails', async () => {
    // Prepare
    const missing = 'arn:aws:sns:us-east-1:123456789012:missing';
    const notifier = new SnsNotifier(new SNSClient(testClientConfig), missing);

    // Act
    const error = await notifier
      .publish(renderSnsMessage(firstRun().notification))
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).message).toMatch(
      /^Publish: topic arn:aws:sns:us-east-1:123456789012:missing: \w+/,
    );
  });
});
