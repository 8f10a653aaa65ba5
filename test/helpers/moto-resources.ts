import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { testClientConfig } from '#test/helpers/aws.ts';
import { createStateTable as createTable } from '#test/helpers/moto-state-table.ts';

/** Creates the project's state table as the infra will (see moto-state-table.ts), with a new client. */
export async function createStateTable(
  name = 'eks-sg-advisor-state',
): Promise<{ client: DynamoDBClient; tableName: string }> {
  const client = new DynamoDBClient(testClientConfig);
  await createTable(client, name);
  return { client, tableName: name };
}

/** A topic with one SQS queue subscribed (raw delivery or the SNS envelope, optional filter policy). */
export async function topicWithQueue(
  options: {
    raw?: boolean;
    filterPolicy?: Record<string, unknown>;
    queueName?: string;
    topicArn?: string;
  } = {},
): Promise<{ sns: SNSClient; sqs: SQSClient; topicArn: string; queueUrl: string }> {
  const sns = new SNSClient(testClientConfig);
  const sqs = new SQSClient(testClientConfig);
  const topicArn =
    options.topicArn ??
    (await sns.send(new CreateTopicCommand({ Name: 'eks-sg-advisor-alerts' }))).TopicArn ??
    '';
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: options.queueName ?? 'alerts' }),
  );
  const queueUrl = QueueUrl ?? '';
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const attributes: Record<string, string> = {};
  if (options.raw) attributes.RawMessageDelivery = 'true';
  if (options.filterPolicy) attributes.FilterPolicy = JSON.stringify(options.filterPolicy);
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: Attributes?.QueueArn,
      Attributes: attributes,
    }),
  );
  return { sns, sqs, topicArn, queueUrl };
}

/** Every message waiting in a queue (moto delivers SNS → SQS synchronously). */
export async function receiveAll(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const out = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      MessageAttributeNames: ['All'],
      WaitTimeSeconds: 0,
    }),
  );
  return out.Messages ?? [];
}
