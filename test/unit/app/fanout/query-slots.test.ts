import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holdingSlot, tryAcquireSlot, waitForSlot } from '#app/fanout/query-slots.ts';
import { SlotWaitError } from '#core/errors.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { MemorySlots } from '#test/helpers/memory-slots.ts';

const NOW = Date.UTC(2026, 10, 28, 15);
const ACCOUNT = '210987654321';

function request(holder: string, cap = 3) {
  return { scope: ACCOUNT, cap, holder, label: `${ACCOUNT}/eu-west-1/${holder}`, leaseMs: 60_000 };
}

describe('tryAcquireSlot', () => {
  it('leases up to the cap, then answers null without writing', async () => {
    // Prepare
    const slots = new MemorySlots();
    const deps = { slots, clock: new FakeClock(NOW), random: () => 0 };
    // Act
    const leases = [];
    for (const holder of ['a', 'b', 'c', 'd'])
      leases.push(await tryAcquireSlot(deps, request(holder)));
    // Assess
    expect(leases.map((lease) => lease?.index ?? null)).toEqual([0, 1, 2, null]);
    expect(leases[0]).toEqual({
      scope: ACCOUNT,
      index: 0,
      holder: 'a',
      label: `${ACCOUNT}/eu-west-1/a`,
      expiresAt: NOW + 60_000,
    });
    expect(slots.takes).toBe(3);
  });

  it('takes over a slot whose lease ran out (a crashed run), but not one still held', async () => {
    // Prepare
    const slots = new MemorySlots();
    const clock = new FakeClock(NOW);
    const deps = { slots, clock, random: () => 0 };
    await tryAcquireSlot(deps, request('crashed', 1));
    // Act
    const before = await tryAcquireSlot(deps, request('next', 1));
    clock.advance(60_001);
    const after = await tryAcquireSlot(deps, request('next', 1));
    // Assess
    expect(before).toBeNull();
    expect(after).toMatchObject({ index: 0, holder: 'next' });
  });

  it('tries the next free slot when another run took the first one in between', async () => {
    // Prepare
    const slots = new MemorySlots();
    const clock = new FakeClock(NOW);
    let raced = false;
    slots.beforeTake = (lease) => {
      if (raced) return;
      raced = true;
      slots.items.set(`${lease.scope}|${lease.index}`, { ...lease, holder: 'rival' });
    };
    // Act
    const lease = await tryAcquireSlot({ slots, clock, random: () => 0 }, request('me', 2));
    // Assess
    expect(lease).toMatchObject({ index: 1, holder: 'me' });
  });

  it('never lets more than the cap hold a slot, whatever the interleaving of takes and releases', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.tuple(fc.boolean(), fc.nat(20), fc.double({ min: 0, max: 0.999 })), {
          maxLength: 60,
        }),
        async (cap, steps) => {
          // Prepare
          const slots = new MemorySlots();
          const clock = new FakeClock(NOW);
          const held = [];
          // Act: concurrent acquisitions (started together) and releases of random holders.
          for (const [acquire, who, r] of steps) {
            if (acquire || held.length === 0) {
              const burst = await Promise.all(
                [0, 1, 2].map((k) =>
                  tryAcquireSlot({ slots, clock, random: () => r }, request(`h${who}-${k}`, cap)),
                ),
              );
              for (const lease of burst) if (lease) held.push(lease);
            } else {
              const [lease] = held.splice(who % held.length, 1);
              if (lease) await slots.release(lease);
            }
            // Assess
            expect(slots.held(ACCOUNT, clock.now())).toBeLessThanOrEqual(cap);
          }
          expect(slots.maxHeld.get(ACCOUNT) ?? 0).toBeLessThanOrEqual(cap);
        },
      ),
    );
  });
});

describe('waitForSlot', () => {
  it('waits with backoff while all slots are held, and leases the one that came free', async () => {
    // Prepare
    const slots = new MemorySlots();
    const clock = new FakeClock(NOW);
    const deps = { slots, clock, random: () => 0 };
    const busy = await tryAcquireSlot(deps, request('busy', 1));
    clock.onSleep = () => {
      if (clock.sleeps.length === 3 && busy) void slots.release(busy);
    };
    // Act
    const lease = await waitForSlot(deps, request('waiting', 1), {});
    // Assess
    expect(lease).toMatchObject({ index: 0, holder: 'waiting' });
    expect(clock.sleeps).toEqual([1_500, 3_000, 6_000]);
  });

  it('gives up with SlotWaitError when the run is stopped while every slot is held', async () => {
    // Prepare
    const slots = new MemorySlots();
    const clock = new FakeClock(NOW);
    const deps = { slots, clock, random: () => 0 };
    await tryAcquireSlot(deps, request('busy', 1));
    const controller = new AbortController();
    clock.onSleep = () => controller.abort();
    // Act
    const act = waitForSlot(deps, request('waiting', 1), { signal: controller.signal });
    // Assess
    await expect(act).rejects.toThrow(SlotWaitError);
    await expect(act).rejects.toThrow(
      `all 1 Logs Insights slots of account ${ACCOUNT} stayed held until the run was stopped; ${ACCOUNT}/eu-west-1/waiting was not queried`,
    );
  });
});

describe('holdingSlot', () => {
  it('releases the slot after the work, also when the work fails, and reports a failed release', async () => {
    // Prepare
    const slots = new MemorySlots();
    const deps = { slots, clock: new FakeClock(NOW), random: () => 0 };
    const first = await tryAcquireSlot(deps, request('a', 1));
    const releaseErrors: unknown[] = [];
    // Act
    const failing = first
      ? holdingSlot(slots, first, async () => {
          throw new Error('query failed');
        })
      : null;
    await expect(failing).rejects.toThrow('query failed');
    const second = await tryAcquireSlot(deps, request('b', 1));
    slots.failWith = new Error('table unavailable');
    const value = second
      ? await holdingSlot(
          slots,
          second,
          async () => 42,
          (e) => releaseErrors.push(e),
        )
      : null;
    // Assess
    expect(second).not.toBeNull();
    expect(value).toBe(42);
    expect(releaseErrors).toEqual([new Error('table unavailable')]);
  });
});
