import { describe, expect, it } from 'vitest';
import { QueryAbortedError, QueryFailedError } from '#core/errors.ts';
import { DEFAULT_WINDOW_PLAN } from '#core/window/plan-window.ts';
import { runScheduledWindow } from '#core/window/scheduled-run.ts';
import type { TimeWindow } from '#core/window/time-window.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { MemoryWindowStore } from '#test/helpers/memory-window-store.ts';

const CLUSTER = { name: 'prod', account: '123456789012', region: 'eu-west-1' };
const NOW = 1_800_000_000_000;
const END = NOW / 1000 - 300;

describe('runScheduledWindow', () => {
  it('runs the work on the planned window and then commits its end', async () => {
    // Prepare
    const store = new MemoryWindowStore();
    await store.commit(CLUSTER, null, END - 300);
    const seen: unknown[] = [];
    // Act
    const outcome = await runScheduledWindow(
      { store, clock: new FakeClock(NOW) },
      { cluster: CLUSTER },
      async (_plan, window) => {
        seen.push(window);
        return 'delivered';
      },
    );
    // Assess
    expect(seen).toEqual([{ startSec: END - 300, endSec: END }]);
    expect(outcome).toMatchObject({ kind: 'committed', result: 'delivered' });
    expect(await store.load(CLUSTER)).toBe(END);
  });

  it('commits nothing when the work fails, so the next run reads the same seconds', async () => {
    // Prepare
    const store = new MemoryWindowStore();
    await store.commit(CLUSTER, null, END - 300);
    // Act
    const act = runScheduledWindow(
      { store, clock: new FakeClock(NOW) },
      { cluster: CLUSTER },
      async () => {
        throw new Error('SNS publish failed');
      },
    );
    // Assess
    await expect(act).rejects.toThrow('SNS publish failed');
    expect(await store.load(CLUSTER)).toBe(END - 300);
  });

  it('reports a conflict when a concurrent run committed first', async () => {
    // Prepare
    const store = new MemoryWindowStore();
    await store.commit(CLUSTER, null, END - 300);
    const clock = new FakeClock(NOW);
    // Act
    const [a, b] = await Promise.all([
      runScheduledWindow({ store, clock }, { cluster: CLUSTER }, async () => 'a'),
      runScheduledWindow({ store, clock }, { cluster: CLUSTER }, async () => 'b'),
    ]);
    // Assess
    expect([a.kind, b.kind].sort()).toEqual(['committed', 'conflict']);
    expect(b).toMatchObject({ kind: 'conflict', currentEndSec: END });
  });

  it('does no work when the store is already up to date', async () => {
    // Prepare
    const store = new MemoryWindowStore();
    await store.commit(CLUSTER, null, END);
    let calls = 0;
    // Act
    const outcome = await runScheduledWindow(
      { store, clock: new FakeClock(NOW) },
      { cluster: CLUSTER },
      async () => {
        calls++;
      },
    );
    // Assess
    expect(outcome.kind).toBe('up-to-date');
    expect(calls).toBe(0);
  });

  it('commits no end later than the clock reads at commit time (the clock was stepped back mid-run)', async () => {
    // Prepare
    const store = new MemoryWindowStore();
    await store.commit(CLUSTER, null, END - 300);
    const clock = new FakeClock(NOW);
    // Act
    const outcome = await runScheduledWindow({ store, clock }, { cluster: CLUSTER }, async () => {
      clock.set(NOW - 3 * 3_600_000);
      return 'delivered';
    });
    // Assess
    expect(outcome).toMatchObject({ kind: 'end-in-future', result: 'delivered' });
    expect(await store.load(CLUSTER)).toBe(END - 300);
  });

  describe('catching up a backlog', () => {
    // A query over more than two hours of this backlog does not finish in time.
    const slow = async (_plan: unknown, window: TimeWindow): Promise<TimeWindow> => {
      if (window.endSec - window.startSec > 2 * 3600) {
        throw new QueryFailedError('q-1', 'Timeout', 'the query ran for 60 minutes');
      }
      return window;
    };

    it('splits a window that timed out instead of retrying it whole, and saves progress per window', async () => {
      // Prepare: 12 h behind, windows of at most 6 h
      const store = new MemoryWindowStore();
      await store.commit(CLUSTER, null, END - 12 * 3600);
      const clock = new FakeClock(NOW);
      const read: TimeWindow[] = [];
      const failures: string[] = [];
      // Act: nine scheduled runs five minutes apart
      for (let i = 0; i < 9; i++) {
        await runScheduledWindow({ store, clock }, { cluster: CLUSTER }, async (plan, window) =>
          read.push(await slow(plan, window)),
        ).catch((error: Error) => failures.push(error.name));
        clock.advance(300_000);
      }
      // Assess
      expect(failures.slice(0, 2)).toEqual(['QueryFailedError', 'QueryFailedError']);
      expect(read[0]).toEqual({ startSec: END - 12 * 3600, endSec: END - 12 * 3600 + 5400 });
      expect(read.every((window) => window.endSec - window.startSec <= 2 * 3600)).toBe(true);
      for (let i = 1; i < read.length; i++) expect(read[i]?.startSec).toBe(read[i - 1]?.endSec);
      expect(await store.load(CLUSTER)).toBe(read.at(-1)?.endSec);
    });

    it('treats a run stopped at its deadline as a timed-out window', async () => {
      // Prepare
      const store = new MemoryWindowStore();
      await store.commit(CLUSTER, null, END - 12 * 3600);
      // Act
      const act = runScheduledWindow(
        { store, clock: new FakeClock(NOW) },
        { cluster: CLUSTER },
        async () => {
          throw new QueryAbortedError('q-1', 'deadline', null);
        },
      );
      // Assess
      await expect(act).rejects.toThrow(QueryAbortedError);
      expect(await store.load(CLUSTER)).toBe(END - 12 * 3600);
      expect(await store.loadExtras(CLUSTER)).toMatchObject({
        pieceSec: DEFAULT_WINDOW_PLAN.maxWindowMs / 2000,
      });
    });
  });
});
