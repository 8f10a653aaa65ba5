import { type BackoffPolicy, backoffDelayMs } from '#app/backoff.ts';
import { pause, type WaitLimits } from '#app/pause.ts';
import type { Clock, ClusterControlPort } from '#core/gateways.ts';

/** How waiting for a logging update ended. */
export type UpdateWait =
  | { readonly state: 'successful' }
  | { readonly state: 'failed'; readonly status: string; readonly errors: readonly string[] }
  | { readonly state: 'timed-out'; readonly lastStatus: string }
  | { readonly state: 'aborted' };

/** DescribeUpdate polling: 5 s growing to 30 s (a logging update takes minutes). */
export const UPDATE_POLL_BACKOFF: BackoffPolicy = {
  initialMs: 5_000,
  factor: 1.5,
  maxMs: 30_000,
  jitter: 0,
};

/**
 * Polls DescribeUpdate until the update is `Successful`, `Failed` or `Cancelled`, or the
 * deadline passes. A status this code does not know ends the wait as failed (loudly).
 *
 * @throws whatever DescribeUpdate throws.
 * @example
 * await waitForUpdate({ eks, clock }, 'demo', 'a1b2', { deadline: clock.now() + 900_000 });
 */
export async function waitForUpdate(
  deps: { readonly eks: ClusterControlPort; readonly clock: Clock },
  cluster: string,
  updateId: string,
  limits: WaitLimits,
  policy: BackoffPolicy = UPDATE_POLL_BACKOFF,
): Promise<UpdateWait> {
  for (let attempt = 0; ; attempt++) {
    const update = await deps.eks.describeUpdate(cluster, updateId);
    switch (update.status) {
      case 'Successful':
        return { state: 'successful' };
      case 'Failed':
      case 'Cancelled':
        return { state: 'failed', status: update.status, errors: update.errors };
      case 'InProgress':
        break;
      default:
        return {
          state: 'failed',
          status: update.status,
          errors: [`unrecognised update status ${JSON.stringify(update.status)}`],
        };
    }
    const paused = await pause(deps.clock, backoffDelayMs(policy, attempt), limits);
    if (paused === 'aborted') return { state: 'aborted' };
    if (paused === 'deadline') return { state: 'timed-out', lastStatus: update.status };
  }
}

/**
 * Polls DescribeCluster until `api` logging shows as enabled or the deadline passes: the check
 * used when UpdateClusterConfig returned no update id to follow.
 *
 * @throws whatever DescribeCluster throws.
 * @example
 * await waitForApiLogging({ eks, clock }, 'demo', { deadline: clock.now() + 900_000 }); // true
 */
export async function waitForApiLogging(
  deps: { readonly eks: ClusterControlPort; readonly clock: Clock },
  cluster: string,
  limits: WaitLimits,
  policy: BackoffPolicy = UPDATE_POLL_BACKOFF,
): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    const state = await deps.eks.describeCluster(cluster);
    if (state.enabledTypes.includes('api')) return true;
    if ((await pause(deps.clock, backoffDelayMs(policy, attempt), limits)) !== 'ok') return false;
  }
}
