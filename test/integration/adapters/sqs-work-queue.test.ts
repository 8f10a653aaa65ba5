import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { SqsWorkQueue } from '#adapters/aws/sqs-work-queue.ts';
import { dispatchClusterWork } from '#app/fanout/dispatch.ts';
import { decodeClusterWork } from '#core/clusters/cluster-work.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { fleet } from '#test/helpers/fanout-sim.ts';
import { receiveWork } from '#test/helpers/moto-app.ts';

const NOW = Date.UTC(2026, 10, 28, 15);

async function queue(): Promise<{ sqs: SQSClient; queueUrl: string }> {
  const sqs = new SQSClient(testClientConfig);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'cluster-work' }));
  return { sqs, queueUrl: QueueUrl ?? '' };
}

async function receiveEverything(sqs: SQSClient, queueUrl: string) {
  const all = [];
  for (
    let batch = await receiveWork(sqs, queueUrl);
    batch.length > 0;
    batch = await receiveWork(sqs, queueUrl)
  ) {
    all.push(...batch);
  }
  return all;
}

function works(count: number) {
  return fleet(count, ['210987654321', '345678901234']).map((cluster) => ({
    cluster,
    trigger: 'schedule' as const,
    sinceMs: null,
    dryRun: false,
    notify: true,
    dispatchedAt: NOW,
    deferrals: 0,
    kubernetes: null,
  }));
}

describe('SqsWorkQueue against moto_server', () => {
  it('dispatches 23 clusters in batches of ten, and a receiver gets one message per cluster', async () => {
    // Prepare
    const { sqs, queueUrl } = await queue();
    const sent: number[] = [];
    sqs.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'SendMessageBatchCommand') {
          sent.push((args.input as { Entries: unknown[] }).Entries.length);
        }
        return next(args);
      },
      { step: 'initialize', name: 'countBatches' },
    );
    // Act
    const result = await dispatchClusterWork(new SqsWorkQueue(sqs, queueUrl), works(23));
    const received = await receiveEverything(sqs, queueUrl);
    // Assess
    expect(result.failed).toEqual([]);
    expect(sent).toEqual([10, 10, 3]);
    const clusters = received.map((m) => decodeClusterWork(m.Body ?? '').cluster.name).sort();
    expect(clusters).toEqual(works(23).map((w) => w.cluster.name));
    expect(received.every((m) => m.Attributes?.ApproximateReceiveCount === '1')).toBe(true);
    sqs.destroy();
  });

  it('makes a received message visible again at once, its receive count going up', async () => {
    // Prepare
    const { sqs, queueUrl } = await queue();
    const work = new SqsWorkQueue(sqs, queueUrl);
    await dispatchClusterWork(work, works(1));
    const [first] = await receiveWork(sqs, queueUrl);
    // Act
    await work.setVisibility(first?.ReceiptHandle ?? '', 0);
    const [again] = await receiveWork(sqs, queueUrl);
    // Assess
    expect(again?.MessageId).toBe(first?.MessageId);
    expect(again?.Attributes?.ApproximateReceiveCount).toBe('2');
    sqs.destroy();
  });

  it('reports every message of a call that failed, naming the queue, instead of throwing', async () => {
    // Prepare
    const sqs = new SQSClient(testClientConfig);
    const missing = `${process.env.AWS_ENDPOINT_URL}/123456789012/no-such-queue`;
    // Act
    const result = await dispatchClusterWork(new SqsWorkQueue(sqs, missing), works(2), {
      attempts: 2,
    });
    // Assess
    expect(result.sent).toEqual([]);
    expect(result.failed).toHaveLength(2);
    expect(result.failed[0]?.message).toMatch(/^SendMessageBatch: .*no-such-queue: /);
    sqs.destroy();
  });
});
