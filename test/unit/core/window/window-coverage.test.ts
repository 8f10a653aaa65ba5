import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterRef, WindowCommitResult, WindowStore } from '#core/ports.ts';
import { runScheduledWindow } from '#core/window/scheduled-run.ts';
import type { TimeWindow } from '#core/window/time-window.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { MemoryWindowStore } from '#test/helpers/memory-window-store.ts';

const SCHEDULE_MS = 5 * 60_000;
const T0 = 1_800_000_000_000;
const CLUSTER = { name: 'prod' };

/** What can happen to one invocation of the schedule. */
interface Invocation {
  readonly failsBeforeDelivery: boolean;
  readonly commitFails: boolean;
}
interface Tick {
  readonly delayMs: number;
  readonly skipped: boolean;
  readonly invocations: readonly Invocation[];
}

const tick: fc.Arbitrary<Tick> = fc.record({
  delayMs: fc.integer({ min: 0, max: 40_000 }),
  skipped: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  invocations: fc.oneof(
    { weight: 8, arbitrary: fc.tuple(weighted(0.1, 0.05)) },
    { weight: 2, arbitrary: fc.tuple(weighted(0.1, 0.05), weighted(0.1, 0.05)) },
  ),
});

function weighted(failRate: number, commitFailRate: number): fc.Arbitrary<Invocation> {
  return fc.record({
    failsBeforeDelivery: fc.integer({ min: 0, max: 999 }).map((n) => n < failRate * 1000),
    commitFails: fc.integer({ min: 0, max: 999 }).map((n) => n < commitFailRate * 1000),
  });
}

/** A store whose commit fails for one run after that run delivered (an outage at the worst time). */
function failingCommits(store: WindowStore): WindowStore {
  return {
    load: (cluster: ClusterRef) => store.load(cluster),
    loadExtras: (cluster: ClusterRef) => store.loadExtras(cluster),
    commit: async (): Promise<WindowCommitResult> => {
      throw new Error('DynamoDB unavailable');
    },
  };
}

interface Trace {
  readonly queried: TimeWindow[];
  readonly delivered: TimeWindow[];
  readonly committed: TimeWindow[];
  readonly deliveredUncommitted: TimeWindow[];
}

async function simulate(
  ticks: readonly Tick[],
  outage: { at: number; ticks: number },
): Promise<Trace> {
  const clock = new FakeClock(T0);
  const store = new MemoryWindowStore();
  const trace: Trace = { queried: [], delivered: [], committed: [], deliveredUncommitted: [] };
  for (const [i, t] of ticks.entries()) {
    if (t.skipped || (i >= outage.at && i < outage.at + outage.ticks)) continue;
    clock.set(T0 + i * SCHEDULE_MS + t.delayMs);
    await Promise.all(
      t.invocations.map(async (inv) => {
        const deps = { store: inv.commitFails ? failingCommits(store) : store, clock };
        let delivered: TimeWindow | null = null;
        try {
          const outcome = await runScheduledWindow(
            deps,
            { cluster: CLUSTER },
            async (_plan, window) => {
              trace.queried.push(window);
              if (inv.failsBeforeDelivery) throw new Error('query failed');
              trace.delivered.push(window);
              delivered = window;
            },
          );
          if (outcome.kind === 'committed') trace.committed.push(outcome.plan.window);
          if (outcome.kind === 'conflict') trace.deliveredUncommitted.push(outcome.plan.window);
        } catch {
          if (delivered) trace.deliveredUncommitted.push(delivered);
        }
      }),
    );
  }
  return trace;
}

function countsPerSecond(windows: readonly TimeWindow[], from: number, to: number): Uint16Array {
  const counts = new Uint16Array(to - from);
  for (const w of windows) {
    for (let s = w.startSec; s < w.endSec; s++) counts[s - from] = (counts[s - from] ?? 0) + 1;
  }
  return counts;
}

describe('incremental windows over hundreds of scheduled runs', () => {
  it('commit windows that tile time exactly once, and deliver every second at least once, whatever fails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(tick, { minLength: 200, maxLength: 400 }),
        fc.record({
          at: fc.integer({ min: 0, max: 200 }),
          ticks: fc.integer({ min: 0, max: 120 }),
        }),
        async (ticks, outage) => {
          // Act
          const trace = await simulate(ticks, outage);
          // Assess
          const committed = [...trace.committed].sort((a, b) => a.startSec - b.startSec);
          if (committed.length === 0) return;
          const from = committed[0]?.startSec ?? 0;
          const to = committed.at(-1)?.endSec ?? 0;
          const gaps = committed.filter((w, k) => k > 0 && w.startSec !== committed[k - 1]?.endSec);
          expect(gaps).toEqual([]);
          const once = countsPerSecond(committed, from, to);
          expect(once.every((n) => n === 1)).toBe(true);
          const delivered = countsPerSecond(trace.delivered, from, to);
          expect(delivered.every((n) => n >= 1)).toBe(true);
          // A second is delivered twice only inside a window that was delivered and not committed.
          const explained = countsPerSecond(trace.deliveredUncommitted, from, to);
          const unexplained = delivered.filter((n, s) => n !== 1 + (explained[s] ?? 0));
          expect(unexplained.length).toBe(0);
        },
      ),
      { numRuns: 40, seed: 20_261_128 },
    );
  }, 60_000);

  it('scans each second once when nothing fails', async () => {
    // Prepare
    const ticks: Tick[] = Array.from({ length: 288 }, () => ({
      delayMs: 2_000,
      skipped: false,
      invocations: [{ failsBeforeDelivery: false, commitFails: false }],
    }));
    // Act
    const trace = await simulate(ticks, { at: 0, ticks: 0 });
    // Assess
    expect(trace.queried).toEqual(trace.committed);
    expect(trace.queried).toHaveLength(288);
    const from = trace.queried[0]?.startSec ?? 0;
    const to = trace.queried.at(-1)?.endSec ?? 0;
    expect(countsPerSecond(trace.queried, from, to).every((n) => n === 1)).toBe(true);
  });
});
