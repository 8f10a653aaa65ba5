import { describe, expect, it } from 'vitest';
import { runScheduledWindow } from '#core/window/scheduled-run.ts';
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
});
