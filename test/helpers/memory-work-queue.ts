import type { ReceivedWork } from '#app/fanout/process-work.ts';
import type { Clock, OutboundWork, WorkQueue, WorkSendResult } from '#core/gateways.ts';

/** A message as the queue keeps it. */
export interface QueuedMessage {
  readonly id: string;
  readonly body: string;
  readonly sentAt: number;
  visibleAt: number;
  receiveCount: number;
  receiptHandle: string | null;
}

/** Settings of {@link MemoryWorkQueue}, as the queue's attributes. */
export interface MemoryQueueSettings {
  readonly visibilityTimeoutMs: number;
  /** The redrive policy's maxReceiveCount. */
  readonly maxReceiveCount: number;
}

/**
 * A {@link WorkQueue} in memory that behaves like an SQS standard queue with a redrive policy:
 * `DelaySeconds` hides a sent message until then; a receive hides it for the visibility timeout
 * and counts the receive; `setVisibility` (ChangeMessageVisibility) takes the current receipt
 * handle only; a message whose receive count reached `maxReceiveCount` moves to the dead-letter
 * list at its next receive instead of being delivered; `delete` needs the current receipt.
 */
export class MemoryWorkQueue implements WorkQueue {
  readonly messages = new Map<string, QueuedMessage>();
  readonly deadLetters: QueuedMessage[] = [];
  sends = 0;
  /** Refuses a message with the returned reason (SendMessageBatch's `Failed` entries). */
  refuse: ((message: OutboundWork) => string | null) | null = null;
  private next = 0;

  constructor(
    private readonly clock: Clock,
    private readonly settings: MemoryQueueSettings,
  ) {}

  async send(messages: readonly OutboundWork[]): Promise<WorkSendResult[]> {
    return messages.map((message): WorkSendResult => {
      const refused = this.refuse?.(message) ?? null;
      if (refused !== null) return { id: message.id, outcome: 'failed', message: refused };
      const id = `m-${++this.next}`;
      const now = this.clock.now();
      this.messages.set(id, {
        id,
        body: message.body,
        sentAt: now,
        visibleAt: now + message.delaySeconds * 1000,
        receiveCount: 0,
        receiptHandle: null,
      });
      this.sends++;
      return { id: message.id, outcome: 'sent', messageId: id };
    });
  }

  async setVisibility(receiptHandle: string, seconds: number): Promise<void> {
    const message = this.byReceipt(receiptHandle);
    if (message === undefined) throw new Error(`ReceiptHandleIsInvalid: ${receiptHandle}`);
    message.visibleAt = this.clock.now() + seconds * 1000;
  }

  /** ReceiveMessage: up to `max` visible messages, oldest visible first. */
  receive(max = 1): ReceivedWork[] {
    const now = this.clock.now();
    const visible = [...this.messages.values()]
      .filter((message) => message.visibleAt <= now)
      .sort((a, b) => a.visibleAt - b.visibleAt || a.sentAt - b.sentAt);
    const received: ReceivedWork[] = [];
    for (const message of visible) {
      if (received.length >= max) break;
      if (message.receiveCount >= this.settings.maxReceiveCount) {
        this.messages.delete(message.id);
        this.deadLetters.push(message);
        continue;
      }
      message.receiveCount++;
      message.receiptHandle = `${message.id}#${message.receiveCount}`;
      message.visibleAt = now + this.settings.visibilityTimeoutMs;
      received.push({
        messageId: message.id,
        receiptHandle: message.receiptHandle,
        body: message.body,
        receiveCount: message.receiveCount,
      });
    }
    return received;
  }

  /** DeleteMessage with the current receipt handle; `false` for a stale one. */
  delete(receiptHandle: string): boolean {
    const message = this.byReceipt(receiptHandle);
    if (message === undefined) return false;
    this.messages.delete(message.id);
    return true;
  }

  /** When the next hidden message becomes visible (`null` when the queue is empty). */
  nextVisibleAt(): number | null {
    let next: number | null = null;
    for (const message of this.messages.values()) {
      if (next === null || message.visibleAt < next) next = message.visibleAt;
    }
    return next;
  }

  private byReceipt(receiptHandle: string): QueuedMessage | undefined {
    return [...this.messages.values()].find((m) => m.receiptHandle === receiptHandle);
  }
}
