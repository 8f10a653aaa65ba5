import type { SNSEvent } from 'aws-lambda';
import type { RenderedSnsMessage } from '#render/alerts/sns-message.ts';

/**
 * The event SNS gives a subscribed Lambda for a published message: the `lambda` key of the
 * JSON message as `Sns.Message`, the subject, and the message attributes.
 */
export function snsLambdaEvent(rendered: RenderedSnsMessage, topicArn: string): SNSEvent {
  const keys = JSON.parse(rendered.message) as Record<string, string>;
  const attributes: Record<string, { Type: string; Value: string }> = {};
  for (const [name, attribute] of Object.entries(rendered.attributes)) {
    attributes[name] = { Type: attribute.dataType, Value: attribute.value };
  }
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:0b6941c3-f04d-4d3e-a66d-b1df00e1e381`,
        Sns: {
          Type: 'Notification',
          MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
          TopicArn: topicArn,
          Subject: rendered.subject,
          Message: keys.lambda ?? keys.default ?? '',
          Timestamp: rendered.notification.generatedAt,
          SignatureVersion: '1',
          Signature: 'EXAMPLE',
          SigningCertUrl: 'EXAMPLE',
          UnsubscribeUrl: 'EXAMPLE',
          MessageAttributes: attributes,
        },
      },
    ],
  };
}
