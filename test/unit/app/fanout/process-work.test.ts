import { describe, expect, it } from 'vitest';
import { processClusterWork, type ReceivedWork } from '#app/fanout/process-work.ts';
import { tryAcquireSlot } from '#app/fanout/query-slots.ts';
import type { ClusterRunner } from '#app/fanout/run-cluster-work.ts';
import {
  type ClusterWork,
  decodeClusterWork,
  encodeClusterWork,
} from '#core/clusters/cluster-work.ts';
import { AwsCallError, LoggingNotEnabledError } from '#core/errors.ts';
import type { ClusterUpToDate } from '#core/run/cluster-run-result.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { MemorySlots } from '#test/helpers/memory-slots.ts';
import { MemoryWorkQueue } from '#test/helpers/memory-work-queue.ts';

const NOW = Date.UTC(2026, 10, 28, 15);
const PAYMENTS = { name: 'payments', account: '210987654321', region: 'eu-west-1' };
const WORK: ClusterWork = {
  cluster: PAYMENTS,
  trigger: 'schedule',
  sinceMs: null,
  dryRun: false,
  notify: true,
  dispatchedAt: NOW,
  deferrals: 0,
  kubernetes: null,
};
const UP_TO_DATE: ClusterUpToDate = {
  status: 'up-to-date',
  cluster: 'payments',
  lastEnd: '2026-11-28T14:55:00.000Z',
};
const SETTINGS = { configured: [PAYMENTS], cap: 1, leaseMs: 960_000 };

function setup(run: ClusterRunner = async () => UP_TO_DATE) {
  const clock = new FakeClock(NOW);
  const queue = new MemoryWorkQueue(clock, { visibilityTimeoutMs: 1_800_000, maxReceiveCount: 3 });
  const slots = new MemorySlots();
  const calls: ClusterWork[] = [];
  const deps = {
    slots,
    queue,
    clock,
    random: () => 0,
    run: (work: ClusterWork, signal?: AbortSignal) => {
      calls.push(work);
      return run(work, signal);
    },
  };
  return { clock, queue, slots, calls, deps };
}

async function received(queue: MemoryWorkQueue, work: ClusterWork = WORK): Promise<ReceivedWork> {
  await queue.send([{ id: 'w', body: encodeClusterWork(work), delaySeconds: 0 }]);
  const [message] = queue.receive(1);
  if (!message) throw new Error('nothing received');
  return message;
}

describe('processClusterWork', () => {
  it('runs the cluster holding one of its account’s slots, then frees the slot', async () => {
    // Prepare
    const { deps, queue, slots, calls } = setup();
    let heldDuringRun = 0;
    deps.run = async (work) => {
      calls.push(work);
      heldDuringRun = slots.held('210987654321', NOW);
      return UP_TO_DATE;
    };
    // Act
    const outcome = await processClusterWork(deps, await received(queue), SETTINGS, {
      holder: 'r1/m1',
    });
    // Assess
    expect(outcome).toEqual({ kind: 'done', work: WORK, result: UP_TO_DATE });
    expect(calls).toEqual([WORK]);
    expect(heldDuringRun).toBe(1);
    expect(slots.items.size).toBe(0);
  });

  it('puts the message back with a growing delay when every slot is held, without running it or using a receive', async () => {
    // Prepare
    const { deps, queue, slots, calls, clock } = setup();
    await tryAcquireSlot(
      { slots, clock },
      { scope: '210987654321', cap: 1, holder: 'other', label: 'x', leaseMs: 600_000 },
    );
    const message = await received(queue, { ...WORK, deferrals: 2 });
    // Act
    const outcome = await processClusterWork(deps, message, SETTINGS, { holder: 'r1/m1' });
    // Assess: 5 s × 2² = 20 s, half of it random (here 0): 10 s.
    expect(outcome).toEqual({
      kind: 'deferred',
      work: { ...WORK, deferrals: 2 },
      delaySeconds: 10,
    });
    expect(calls).toEqual([]);
    const copies = [...queue.messages.values()].filter((m) => m.receiveCount === 0);
    expect(copies).toHaveLength(1);
    expect(copies[0]?.visibleAt).toBe(NOW + 10_000);
    expect(decodeClusterWork(copies[0]?.body ?? '')).toEqual({ ...WORK, deferrals: 3 });
  });

  it('fails a message that waited for a slot longer than the limit, so it is retried and then dead-lettered', async () => {
    // Prepare
    const { deps, queue, slots, clock } = setup();
    await tryAcquireSlot(
      { slots, clock },
      { scope: '210987654321', cap: 1, holder: 'other', label: 'x', leaseMs: 7_200_000 },
    );
    const message = await received(queue);
    clock.advance(3_600_001);
    // Act
    const outcome = await processClusterWork(deps, message, SETTINGS, { holder: 'r1/m1' });
    // Assess
    expect(outcome).toMatchObject({
      kind: 'failed',
      result: {
        status: 'failed',
        error: {
          name: 'SlotWaitError',
          message: expect.stringContaining('stayed held for 3600 s since dispatch'),
        },
      },
      retryInSeconds: 48,
    });
  });

  it('on failure frees the slot and makes the message visible again after a backoff by receive count', async () => {
    // Prepare
    const { deps, queue, slots, clock } = setup(async () => {
      throw new LoggingNotEnabledError('payments');
    });
    const first = await received(queue);
    // Act
    const outcome = await processClusterWork(deps, first, SETTINGS, { holder: 'r1/m1' });
    clock.advance(48_000);
    const [second] = queue.receive(1);
    const again = second
      ? await processClusterWork(deps, second, SETTINGS, { holder: 'r2/m1' })
      : null;
    // Assess: 60 s, then 120 s, a fifth of it random (here 0).
    expect(outcome).toMatchObject({
      kind: 'failed',
      work: WORK,
      result: { status: 'failed', cluster: 'payments', error: { name: 'LoggingNotEnabledError' } },
      retryInSeconds: 48,
    });
    expect(second?.receiveCount).toBe(2);
    expect(again).toMatchObject({ kind: 'failed', retryInSeconds: 96 });
    expect(slots.items.size).toBe(0);
  });

  it('still fails the message when setting its visibility fails (the queue’s visibility timeout applies)', async () => {
    // Prepare
    const { deps, queue } = setup(async () => {
      throw new AwsCallError('StartQuery', 'throttled');
    });
    const message = await received(queue);
    // Act
    const outcome = await processClusterWork(
      deps,
      { ...message, receiptHandle: 'stale' },
      SETTINGS,
      {
        holder: 'r1/m1',
      },
    );
    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', retryInSeconds: null });
  });

  it('fails the message when the slot table cannot be read, without running the cluster', async () => {
    // Prepare
    const { deps, queue, slots, calls } = setup();
    slots.failWith = new AwsCallError('Query', 'table unavailable');
    // Act
    const outcome = await processClusterWork(deps, await received(queue), SETTINGS, {
      holder: 'r1/m1',
    });
    // Assess
    expect(outcome).toMatchObject({
      kind: 'failed',
      result: { error: { name: 'AwsCallError', message: 'Query: table unavailable' } },
    });
    expect(calls).toEqual([]);
  });

  it('rejects a message that is not work, or names a cluster that is not configured', async () => {
    // Prepare
    const { deps, queue, calls } = setup();
    const other = { ...WORK, cluster: { ...PAYMENTS, name: 'ledger' } };
    // Act
    const garbage = await processClusterWork(
      deps,
      { messageId: 'm', receiptHandle: 'r', body: '{"hello":1}', receiveCount: 1 },
      SETTINGS,
      { holder: 'h' },
    );
    const unconfigured = await processClusterWork(deps, await received(queue, other), SETTINGS, {
      holder: 'h',
    });
    // Assess
    expect(garbage).toMatchObject({ kind: 'rejected', error: { name: 'InputError' } });
    expect(unconfigured).toEqual({
      kind: 'rejected',
      error: {
        name: 'InputError',
        message:
          'work message names cluster 210987654321/eu-west-1/ledger, which is not configured',
      },
    });
    expect(calls).toEqual([]);
  });
});
