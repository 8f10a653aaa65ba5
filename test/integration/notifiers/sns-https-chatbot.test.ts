import { SubscribeCommand } from '@aws-sdk/client-sns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnsNotifier } from '#adapters/aws/sns-notifier.ts';
import { parseAlertNotification } from '#render/alerts/notification-schema.ts';
import { renderSnsMessage } from '#render/alerts/sns-message.ts';
import { receiveAll, topicWithQueue } from '#test/helpers/moto-resources.ts';
import { firstRun } from '#test/helpers/scenarios.ts';
import { FakeSlack } from '#test/helpers/slack-server.ts';

// moto delivers http and https subscriptions alike, with a plain POST of the SNS envelope to the
// endpoint URL, and does not check that an `https` subscription's URL is https. So a loopback
// http:// server stands in for Amazon Q Developer's HTTPS endpoint (a test set-up choice only:
// which key of the message an `https` subscriber gets is what is under test).
let endpoint: FakeSlack;

beforeEach(async () => {
  endpoint = await FakeSlack.start();
});

afterEach(async () => {
  await endpoint.close();
});

interface Envelope {
  readonly Type: string;
  readonly Message: string;
}

async function publishTo(protocol: 'https' | 'http') {
  const { sns, sqs, topicArn, queueUrl } = await topicWithQueue({ raw: true });
  await sns.send(
    new SubscribeCommand({ TopicArn: topicArn, Protocol: protocol, Endpoint: endpoint.url }),
  );
  const rendered = renderSnsMessage(firstRun().notification);
  await new SnsNotifier(sns, topicArn).publish(rendered);
  const notifications = endpoint.requests
    .map((request) => JSON.parse(request.body) as Envelope)
    .filter((envelope) => envelope.Type === 'Notification');
  return { notifications, queued: await receiveAll(sqs, queueUrl), rendered };
}

describe('the alert topic on moto_server, subscribed over HTTPS like Amazon Q Developer (Chatbot)', () => {
  it('delivers to an https subscriber a body that parses as a Chatbot custom notification', async () => {
    // Act
    const { notifications } = await publishTo('https');

    // Assess
    expect(notifications).toHaveLength(1);
    const chatbot = JSON.parse(notifications[0]?.Message ?? '{}') as Record<string, unknown>;
    expect(chatbot).toMatchObject({
      version: '1.0',
      source: 'custom',
      content: {
        textType: 'client-markdown',
        title: expect.stringContaining('prod-eu-1'),
        description: expect.stringContaining('4 new'),
        nextSteps: expect.arrayContaining([
          expect.stringContaining('aws ec2 authorize-security-group-ingress'),
        ]),
        keywords: expect.arrayContaining(['EKS']),
      },
    });
    expect(chatbot).not.toHaveProperty('schema');
  });

  it('gives an http subscriber the same Chatbot body, and an SQS subscriber the JSON report', async () => {
    // Act
    const { notifications, queued, rendered } = await publishTo('http');

    // Assess
    expect(JSON.parse(notifications[0]?.Message ?? '{}')).toMatchObject({
      version: '1.0',
      source: 'custom',
    });
    expect(parseAlertNotification(queued[0]?.Body ?? '')).toEqual(rendered.notification);
  });
});
