import type { ConcurrencySlots, SlotLease } from '#core/gateways.ts';

/**
 * {@link ConcurrencySlots} in memory with the DynamoDB adapter's conditions: `take` stores the
 * lease when the slot is absent or its lease ended before `now`; `release` deletes it only for
 * its holder. Records the most unexpired leases any scope held at once (checked at each take).
 */
export class MemorySlots implements ConcurrencySlots {
  readonly items = new Map<string, SlotLease>();
  /** Per scope, the most unexpired leases held at once. */
  readonly maxHeld = new Map<string, number>();
  takes = 0;
  releases = 0;
  /** Runs before each take decides (a competitor can take the slot first). */
  beforeTake: ((lease: SlotLease) => void) | null = null;
  /** Makes every call throw (a store outage). */
  failWith: Error | null = null;

  async list(scope: string): Promise<SlotLease[]> {
    if (this.failWith) throw this.failWith;
    return [...this.items.values()].filter((lease) => lease.scope === scope);
  }

  async take(lease: SlotLease, now: number): Promise<boolean> {
    if (this.failWith) throw this.failWith;
    this.beforeTake?.(lease);
    const key = `${lease.scope}|${lease.index}`;
    const current = this.items.get(key);
    if (current !== undefined && !(current.expiresAt < now)) return false;
    this.items.set(key, lease);
    this.takes++;
    const held = [...this.items.values()].filter(
      (other) => other.scope === lease.scope && other.expiresAt > now,
    ).length;
    this.maxHeld.set(lease.scope, Math.max(this.maxHeld.get(lease.scope) ?? 0, held));
    return true;
  }

  async release(lease: SlotLease): Promise<boolean> {
    if (this.failWith) throw this.failWith;
    const key = `${lease.scope}|${lease.index}`;
    if (this.items.get(key)?.holder !== lease.holder) return false;
    this.items.delete(key);
    this.releases++;
    return true;
  }

  /** Leases of `scope` unexpired at `now`. */
  held(scope: string, now: number): number {
    return [...this.items.values()].filter((l) => l.scope === scope && l.expiresAt > now).length;
  }
}
