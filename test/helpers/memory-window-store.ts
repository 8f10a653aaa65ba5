import type { ClusterRef, WindowCommitResult, WindowExtras, WindowStore } from '#core/ports.ts';
import { clusterPartitionKey } from '#core/state/keys.ts';

/** A {@link WindowStore} in memory with the same conditional-write semantics as DynamoDB's. */
export class MemoryWindowStore implements WindowStore {
  readonly ends = new Map<string, number>();
  readonly extras = new Map<string, WindowExtras>();
  /** Makes the next `commit` calls throw (a store outage after delivery). */
  failNextCommits = 0;

  async load(cluster: ClusterRef): Promise<number | null> {
    return this.ends.get(clusterPartitionKey(cluster)) ?? null;
  }

  async loadExtras(cluster: ClusterRef): Promise<WindowExtras> {
    return this.extras.get(clusterPartitionKey(cluster)) ?? { settle: null, pieceSec: null };
  }

  async commit(
    cluster: ClusterRef,
    expectedPreviousEndSec: number | null,
    newEndSec: number,
    extras?: WindowExtras,
  ): Promise<WindowCommitResult> {
    if (this.failNextCommits > 0) {
      this.failNextCommits--;
      throw new Error('store unavailable');
    }
    const key = clusterPartitionKey(cluster);
    const current = this.ends.get(key) ?? null;
    if (current !== expectedPreviousEndSec) return { outcome: 'conflict', currentEndSec: current };
    this.ends.set(key, newEndSec);
    if (extras) this.extras.set(key, extras);
    return { outcome: 'committed' };
  }
}
