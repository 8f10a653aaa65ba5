/** An exponential backoff: `initialMs`, multiplied by `factor` per attempt, capped at `maxMs`. */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly factor: number;
  readonly maxMs: number;
  /** Random share of each delay, 0..1 (0: deterministic; 0.5: "equal jitter"). */
  readonly jitter: number;
}

/**
 * Polling GetQueryResults: 0.5 s, 0.75 s, ... up to 5 s, each wait 80-100 % of that (a random
 * fifth), so workers that started their queries together do not poll in lock step.
 */
export const POLL_BACKOFF: BackoffPolicy = {
  initialMs: 500,
  factor: 1.5,
  maxMs: 5_000,
  jitter: 0.2,
};

/** Retrying StartQuery on the concurrent-query quota: 2 s doubling to 60 s, half of it random. */
export const QUOTA_BACKOFF: BackoffPolicy = {
  initialMs: 2_000,
  factor: 2,
  maxMs: 60_000,
  jitter: 0.5,
};

/**
 * The delay before retry number `attempt` (0 for the first wait). With jitter `j`, the delay is
 * `base * (1 - j) + random() * base * j`, so runs that hit the same limit spread out.
 *
 * @example
 * backoffDelayMs(POLL_BACKOFF, 0, () => 1); // 500
 * backoffDelayMs(POLL_BACKOFF, 10, () => 0); // 4000
 */
export function backoffDelayMs(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt));
  if (policy.jitter <= 0) return Math.round(base);
  return Math.round(base * (1 - policy.jitter) + random() * base * policy.jitter);
}
