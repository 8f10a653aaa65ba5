import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { awsErrorSummary } from '#adapters/aws/aws-error.ts';
import { AwsCallError } from '#core/errors.ts';
import type { Notifier, OutboundMessage } from '#core/gateways.ts';

/**
 * Publishes rendered notifications to one SNS topic with `MessageStructure: "json"`, so each
 * protocol gets its own key of the message (`default`, `email`, `sqs`, `lambda`, `https`).
 *
 * @example
 * const notifier = new SnsNotifier(new SNSClient(lambdaClientConfig()), config.topicArn);
 * await notifier.publish(renderSnsMessage(notification));
 */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  /**
   * Publishes one message.
   *
   * @throws AwsCallError naming the topic and the SDK error when Publish fails.
   */
  async publish(message: OutboundMessage): Promise<{ readonly messageId: string }> {
    const attributes: Record<string, MessageAttributeValue> = {};
    for (const [name, attribute] of Object.entries(message.attributes)) {
      attributes[name] = { DataType: attribute.dataType, StringValue: attribute.value };
    }
    try {
      const out = await this.client.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Subject: message.subject,
          Message: message.message,
          MessageStructure: 'json',
          MessageAttributes: attributes,
        }),
      );
      return { messageId: out.MessageId ?? '' };
    } catch (error) {
      throw new AwsCallError('Publish', `topic ${this.topicArn}: ${awsErrorSummary(error)}`, {
        cause: error,
      });
    }
  }
}
