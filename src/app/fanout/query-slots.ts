import { type BackoffPolicy, backoffDelayMs } from '#app/backoff.ts';
import { pause, type WaitLimits } from '#app/pause.ts';
import { SlotWaitError } from '#core/errors.ts';
import type { Clock, ConcurrencySlots, SlotLease } from '#core/gateways.ts';

/** The scope of a cluster whose account is unknown (a local invocation without a function ARN). */
export const UNKNOWN_ACCOUNT_SCOPE = 'unknown';

/** Waiting for a slot inline: 2 s, doubling to 15 s, a quarter of it random. */
export const SLOT_WAIT_BACKOFF: BackoffPolicy = {
  initialMs: 2_000,
  factor: 2,
  maxMs: 15_000,
  jitter: 0.25,
};

/** What a slot is asked for. */
export interface SlotRequest {
  /** The account id (see {@link UNKNOWN_ACCOUNT_SCOPE}). */
  readonly scope: string;
  /** At most this many slots of the scope are held at once (1 or more). */
  readonly cap: number;
  /** Unique per run: only the holder releases its slot. */
  readonly holder: string;
  /** `account/region/name` of the cluster, stored with the lease. */
  readonly label: string;
  /** How long the lease lasts if never released: longer than the run can last. */
  readonly leaseMs: number;
}

/** What acquiring needs: the slot store, a clock, and a source of randomness. */
export interface SlotDeps {
  readonly slots: ConcurrencySlots;
  readonly clock: Clock;
  /** Picks where among the free slots to start trying (default `Math.random`). */
  readonly random?: () => number;
}

/**
 * Tries once to lease one of the scope's `cap` slots: reads the stored slots, and when fewer than
 * `cap` hold an unexpired lease, takes a free one (absent, or its lease ended) with a conditional
 * write, trying the next free one when another run took it first. Slot numbers are below `cap`
 * and each is held by one run at a time, so at most `cap` leases of a scope are ever live.
 *
 * @returns the lease, or `null` when every slot is held (nothing was written).
 * @throws whatever the slot store throws (AwsCallError).
 * @example
 * const lease = await tryAcquireSlot({ slots, clock }, { scope: '210987654321', cap: 20,
 *   holder: requestId, label: '210987654321/eu-west-1/payments', leaseMs: 960_000 });
 */
export async function tryAcquireSlot(
  deps: SlotDeps,
  request: SlotRequest,
): Promise<SlotLease | null> {
  const now = deps.clock.now();
  const live = (await deps.slots.list(request.scope)).filter((lease) => lease.expiresAt > now);
  if (live.length >= request.cap) return null;
  const busy = new Set(live.map((lease) => lease.index));
  const free: number[] = [];
  for (let index = 0; index < request.cap; index++) if (!busy.has(index)) free.push(index);
  const start = Math.floor((deps.random ?? Math.random)() * free.length);
  for (let k = 0; k < free.length; k++) {
    const index = free[(start + k) % free.length] ?? 0;
    const lease: SlotLease = {
      scope: request.scope,
      index,
      holder: request.holder,
      label: request.label,
      expiresAt: now + request.leaseMs,
    };
    if (await deps.slots.take(lease, now)) return lease;
  }
  return null;
}

/**
 * Leases a slot, waiting with backoff while every slot is held (for inline runs, where a caller
 * waits for the answer). The worker never waits: it uses {@link tryAcquireSlot} and puts the
 * message back instead.
 *
 * @throws SlotWaitError when the deadline passes or the signal fires before a slot is free.
 * @example
 * const lease = await waitForSlot({ slots, clock }, request, { signal, deadline });
 */
export async function waitForSlot(
  deps: SlotDeps,
  request: SlotRequest,
  limits: WaitLimits,
  backoff: BackoffPolicy = SLOT_WAIT_BACKOFF,
): Promise<SlotLease> {
  for (let attempt = 0; ; attempt++) {
    const lease = await tryAcquireSlot(deps, request);
    if (lease !== null) return lease;
    const paused = await pause(deps.clock, backoffDelayMs(backoff, attempt, deps.random), limits);
    if (paused !== 'ok') {
      throw new SlotWaitError(
        request.scope,
        `all ${request.cap} Logs Insights slots of account ${request.scope} stayed held until ${paused === 'aborted' ? 'the run was stopped' : 'the deadline'}; ${request.label} was not queried`,
      );
    }
  }
}

/**
 * Runs `work` while holding `lease`, then releases it (also when `work` throws). A failed
 * release is left to the lease's expiry and reported through `onReleaseError`.
 *
 * @throws whatever `work` throws.
 * @example
 * const result = await holdingSlot(slots, lease, () => runCluster(work));
 */
export async function holdingSlot<T>(
  slots: ConcurrencySlots,
  lease: SlotLease,
  work: () => Promise<T>,
  onReleaseError?: (error: unknown) => void,
): Promise<T> {
  try {
    return await work();
  } finally {
    try {
      await slots.release(lease);
    } catch (error) {
      onReleaseError?.(error);
    }
  }
}
