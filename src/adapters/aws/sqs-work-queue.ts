import {
  ChangeMessageVisibilityCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { awsErrorMessage } from '#adapters/aws/aws-error.ts';
import { AwsCallError } from '#core/errors.ts';
import type { OutboundWork, WorkQueue, WorkSendResult } from '#core/gateways.ts';

/** SendMessageBatch takes at most ten entries. */
const BATCH = 10;

/**
 * {@link WorkQueue} over an SQS standard queue: `send` is SendMessageBatch, ten entries per call;
 * an entry SQS refused, or every entry of a call that failed as a whole, comes back `failed`
 * with the reason (the caller decides whether to send it again). `setVisibility` is
 * ChangeMessageVisibility.
 *
 * @example
 * const queue = new SqsWorkQueue(new SQSClient({}), process.env.WORK_QUEUE_URL);
 * await queue.send([{ id: 'c0', body, delaySeconds: 0 }]);
 */
export class SqsWorkQueue implements WorkQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: readonly OutboundWork[]): Promise<WorkSendResult[]> {
    const results: WorkSendResult[] = [];
    for (let i = 0; i < messages.length; i += BATCH) {
      results.push(...(await this.sendBatch(messages.slice(i, i + BATCH))));
    }
    return results;
  }

  /** @throws AwsCallError naming the queue when the call fails. */
  async setVisibility(receiptHandle: string, seconds: number): Promise<void> {
    try {
      await this.client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: this.queueUrl,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: seconds,
        }),
      );
    } catch (error) {
      throw new AwsCallError(
        'ChangeMessageVisibility',
        `${this.queueUrl}: ${awsErrorMessage(error)}`,
        { cause: error },
      );
    }
  }

  private async sendBatch(batch: readonly OutboundWork[]): Promise<WorkSendResult[]> {
    try {
      const out = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((message) => ({
            Id: message.id,
            MessageBody: message.body,
            DelaySeconds: message.delaySeconds,
          })),
        }),
      );
      const sent = new Map((out.Successful ?? []).map((entry) => [entry.Id, entry.MessageId]));
      const failed = new Map(
        (out.Failed ?? []).map((entry) => [entry.Id, `${entry.Code}: ${entry.Message ?? ''}`]),
      );
      return batch.map((message): WorkSendResult => {
        const messageId = sent.get(message.id);
        if (messageId !== undefined) return { id: message.id, outcome: 'sent', messageId };
        const reason = failed.get(message.id) ?? 'SQS reported neither success nor failure';
        return { id: message.id, outcome: 'failed', message: `SendMessageBatch: ${reason}` };
      });
    } catch (error) {
      const message = `SendMessageBatch: ${this.queueUrl}: ${awsErrorMessage(error)}`;
      return batch.map((entry) => ({ id: entry.id, outcome: 'failed', message }));
    }
  }
}
