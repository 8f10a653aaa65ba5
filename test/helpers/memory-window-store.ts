import type { ClusterRef, WindowCommitResult, WindowStore } from '#core/ports.ts';
import { clusterPartitionKey } from '#core/state/keys.ts';
import type { SettleState } from '#core/window/settle.ts';

/** A {@link WindowStore} in memory with the same conditional-write semantics as DynamoDB's. */
export class MemoryWindowStore implements WindowStore {
  readonly ends = new Map<string, number>();
  readonly settles = new Map<string, SettleState>();
  /** Makes the next `commit` calls throw (a store outage after delivery). */
  failNextCommits = 0;

  async load(cluster: ClusterRef): Promise<number | null> {
    return this.ends.get(clusterPartitionKey(cluster)) ?? null;
  }

  async loadSettle(cluster: ClusterRef): Promise<SettleState | null> {
    return this.settles.get(clusterPartitionKey(cluster)) ?? null;
  }

  async commit(
    cluster: ClusterRef,
    expectedPreviousEndSec: number | null,
    newEndSec: number,
    settle?: SettleState,
  ): Promise<WindowCommitResult> {
    if (this.failNextCommits > 0) {
      this.failNextCommits--;
      throw new Error('store unavailable');
    }
    const key = clusterPartitionKey(cluster);
    const current = this.ends.get(key) ?? null;
    if (current !== expectedPreviousEndSec) return { outcome: 'conflict', currentEndSec: current };
    this.ends.set(key, newEndSec);
    if (settle) this.settles.set(key, settle);
    return { outcome: 'committed' };
  }
}
