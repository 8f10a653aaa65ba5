import { describe, expect, it } from 'vitest';
import { leaseKeeper } from '#app/pipeline/run-lease.ts';
import type { ClusterRef, RunLease, RunLeases } from '#core/gateways.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';

const CLUSTER = { name: 'prod' };
const NOW = 1_800_000_000_000;

/** Leases in memory with the DynamoDB adapter's condition: absent or expired at `now`. */
class MemoryLeases implements RunLeases {
  held: RunLease | null = null;
  private next = 0;
  async acquire(_cluster: ClusterRef, now: number, expiresAt: number): Promise<RunLease | null> {
    if (this.held !== null && this.held.expiresAt >= now) return null;
    this.held = { holder: `h-${++this.next}`, expiresAt };
    return this.held;
  }
  async release(_cluster: ClusterRef, lease: RunLease): Promise<boolean> {
    if (this.held?.holder !== lease.holder) return false;
    this.held = null;
    return true;
  }
}

describe('leaseKeeper', () => {
  it('lets one of two runs hold the cluster until it gives the lease back', async () => {
    // Prepare
    const leases = new MemoryLeases();
    const clock = new FakeClock(NOW);
    const first = leaseKeeper({ leases, clock }, { cluster: CLUSTER, dryRun: false }, {});
    const second = leaseKeeper({ leases, clock }, { cluster: CLUSTER, dryRun: false }, {});
    // Act
    const taken = [await first.take(), await second.take()];
    await first.release();
    const afterRelease = await second.take();
    // Assess
    expect(taken).toEqual([true, false]);
    expect(afterRelease).toBe(true);
  });

  it('does not see a held lease as expired when its own clock is 3 h ahead of the services', async () => {
    // Prepare
    const leases = new MemoryLeases();
    const holder = leaseKeeper(
      { leases, clock: new FakeClock(NOW) },
      { cluster: CLUSTER, dryRun: false },
      {},
    );
    await holder.take();
    const skewed = leaseKeeper(
      {
        leases,
        clock: new FakeClock(NOW + 3 * 3_600_000),
        serverTime: { now: () => NOW + 60_000 },
      },
      { cluster: CLUSTER, dryRun: false },
      {},
    );
    // Act
    const taken = await skewed.take();
    // Assess
    expect(taken).toBe(false);
  });

  it('takes no lease in a dry run', async () => {
    // Prepare
    const leases = new MemoryLeases();
    const keeper = leaseKeeper(
      { leases, clock: new FakeClock(NOW) },
      { cluster: CLUSTER, dryRun: true },
      {},
    );
    // Act
    const taken = await keeper.take();
    // Assess
    expect(taken).toBe(true);
    expect(leases.held).toBeNull();
  });
});
