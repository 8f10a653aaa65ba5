import { describe, expect, it } from 'vitest';
import { tryAcquireSlot } from '#app/fanout/query-slots.ts';
import { chooseRunMode, runClusterWorkInline } from '#app/fanout/run-inline.ts';
import type { ClusterWork } from '#core/clusters/cluster-work.ts';
import { LoggingNotEnabledError } from '#core/errors.ts';
import type { ClusterUpToDate } from '#core/run/cluster-run-result.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { MemorySlots } from '#test/helpers/memory-slots.ts';

const NOW = Date.UTC(2026, 10, 28, 15);
const ACCOUNT = '210987654321';

function work(name: string): ClusterWork {
  return {
    cluster: { name, account: ACCOUNT, region: 'eu-west-1' },
    trigger: 'on-demand',
    sinceMs: 7_200_000,
    dryRun: true,
    notify: true,
    dispatchedAt: NOW,
    deferrals: 0,
    kubernetes: null,
  };
}

describe('chooseRunMode', () => {
  it.each([
    [{ fanOut: null, clusters: [1, 2, 3, 4, 5] }, 5, 'inline'],
    [{ fanOut: null, clusters: [1, 2, 3, 4, 5, 6] }, 5, 'fan-out'],
    [{ fanOut: true, clusters: [1] }, 5, 'fan-out'],
    [{ fanOut: false, clusters: Array.from({ length: 50 }) }, 5, 'inline'],
    [{ fanOut: null, clusters: [1] }, 0, 'fan-out'],
  ])('%j with inline maximum %i runs %s', (request, inlineMax, mode) => {
    // Act
    const chosen = chooseRunMode(request, inlineMax);
    // Assess
    expect(chosen).toBe(mode);
  });
});

describe('runClusterWorkInline', () => {
  it('runs each cluster holding a slot, waits for one while the account’s are all held, and reports a failure without stopping', async () => {
    // Prepare
    const clock = new FakeClock(NOW);
    const slots = new MemorySlots();
    const busy = await tryAcquireSlot(
      { slots, clock },
      { scope: ACCOUNT, cap: 1, holder: 'worker', label: 'x', leaseMs: 600_000 },
    );
    clock.onSleep = () => {
      if (busy && slots.items.size > 0 && clock.sleeps.length === 2) void slots.release(busy);
    };
    const run = async (w: ClusterWork): Promise<ClusterUpToDate> => {
      if (w.cluster.name === 'broken') throw new LoggingNotEnabledError('broken');
      return { status: 'up-to-date', cluster: w.cluster.name, lastEnd: '2026-11-28T14:55:00.000Z' };
    };
    const seen: string[] = [];
    // Act
    const results = await runClusterWorkInline(
      { slots, clock, run, random: () => 0 },
      [work('broken'), work('ok')],
      { cap: 1, leaseMs: 600_000 },
      {
        holder: 'req-1',
        onResult: (result) => void seen.push(`${result.cluster}:${result.status}`),
      },
    );
    // Assess
    expect(seen).toEqual(['broken:failed', 'ok:up-to-date']);
    expect(results[0]).toMatchObject({ error: { name: 'LoggingNotEnabledError' } });
    expect(clock.sleeps).toEqual([1_500, 3_000]);
    expect(slots.items.size).toBe(0);
  });

  it('starts no cluster once the signal fired, and fails the one waiting for a slot', async () => {
    // Prepare
    const clock = new FakeClock(NOW);
    const slots = new MemorySlots();
    await tryAcquireSlot(
      { slots, clock },
      { scope: ACCOUNT, cap: 1, holder: 'worker', label: 'x', leaseMs: 600_000 },
    );
    const controller = new AbortController();
    clock.onSleep = () => controller.abort();
    const started: string[] = [];
    // Act
    const results = await runClusterWorkInline(
      {
        slots,
        clock,
        run: async (w) => {
          started.push(w.cluster.name);
          return { status: 'up-to-date', cluster: w.cluster.name, lastEnd: '' };
        },
      },
      [work('a'), work('b')],
      { cap: 1, leaseMs: 600_000 },
      { holder: 'req-1', signal: controller.signal },
    );
    // Assess
    expect(started).toEqual([]);
    expect(results.map((r) => (r.status === 'failed' ? r.error.name : r.status))).toEqual([
      'SlotWaitError',
      'AbortError',
    ]);
  });
});
