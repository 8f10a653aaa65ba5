/**
 * The narrow interfaces the core needs from the outside world. Adapters in `src/adapters/`
 * implement them over the AWS SDK; tests implement them in memory. Each port covers exactly the
 * calls the core makes, nothing more.
 */

/** The current time, passed in so window maths, backoff and dedupe can be tested at their boundaries. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` (or rejects with the signal's reason when aborted). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
