import type { Clock, ClusterRef, RunLease, RunLeases, ServerTime } from '#core/gateways.ts';

/** Default lease length: the Lambda maximum, so a crashed run's lease ends by the next schedule. */
export const DEFAULT_RUN_LEASE_MS = 15 * 60_000;

/**
 * The cluster's run lease, taken right before the alert step (so of concurrent runs exactly one
 * publishes, saves and commits) and given back when the run ends. A dry run takes none, and
 * without a lease store every run counts as holding it. Lease times are read from the earlier of
 * the local clock and the services' time, so a run whose clock is ahead does not see another
 * run's lease as expired.
 *
 * @example
 * const lease = leaseKeeper(deps, request, settings);
 * try { if (await lease.take()) await publish(); } finally { await lease.release(); }
 */
export function leaseKeeper(
  deps: { readonly leases?: RunLeases; readonly clock: Clock; readonly serverTime?: ServerTime },
  request: { readonly cluster: ClusterRef; readonly dryRun: boolean },
  settings: { readonly runLeaseMs?: number },
): { take: () => Promise<boolean>; release: () => Promise<void> } {
  const { leases } = deps;
  let held: RunLease | null = null;
  return {
    take: async () => {
      if (leases === undefined || request.dryRun) return true;
      if (held !== null) return true;
      const now = Math.min(deps.clock.now(), deps.serverTime?.now() ?? Number.POSITIVE_INFINITY);
      const until = now + (settings.runLeaseMs ?? DEFAULT_RUN_LEASE_MS);
      held = await leases.acquire(request.cluster, now, until);
      return held !== null;
    },
    release: async () => {
      if (leases === undefined || held === null) return;
      // A lease that cannot be given back ends on its own at `expiresAt`: not worth failing a
      // run that has already published and committed.
      await leases.release(request.cluster, held).catch(() => false);
    },
  };
}
