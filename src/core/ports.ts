import type { NetworkSnapshot } from '#core/network/snapshot-schema.ts';

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

/**
 * Reads one cluster's network as a snapshot (the AWS CLI's output shapes): the cluster, the
 * network interfaces of its VPC, the rules of every group seen, those groups, and the prefix
 * lists the rules refer to.
 */
export interface NetworkReader {
  /** @throws AwsCallError naming the failed operation and resource. */
  readSnapshot(clusterName: string, signal?: AbortSignal): Promise<NetworkSnapshot>;
}
