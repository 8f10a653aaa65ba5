/**
 * The narrow interfaces the core needs from the outside world. Adapters in `src/adapters/`
 * implement them over the AWS SDK; tests implement them in memory. Each port covers exactly the
 * calls the core makes, nothing more.
 */

import type { AlertState } from '#core/alerts/alert-state.ts';

/** The current time, passed in so window maths, backoff and dedupe can be tested at their boundaries. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` (or rejects with the signal's reason when aborted). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Alert state of one cluster, kept between runs (one DynamoDB partition per cluster). */
export interface AlertStateStore {
  /** Every alert item of the cluster: open, resolved, and expired ones TTL has not deleted yet. */
  load(clusterKey: string): Promise<AlertState[]>;
  /**
   * Writes the given states, each on condition that the stored item is still at the revision the
   * run loaded (or already holds exactly this write, so a retried save succeeds).
   * Throws `StateConflictError` naming the items another run wrote first.
   */
  save(clusterKey: string, states: readonly AlertState[]): Promise<void>;
}

/** One SNS message attribute (used by subscription filter policies). */
export interface OutboundAttribute {
  readonly dataType: 'String' | 'Number' | 'String.Array';
  readonly value: string;
}

/** A rendered notification, ready for SNS `Publish` with `MessageStructure: "json"`. */
export interface OutboundMessage {
  /** ASCII, no line breaks, fewer than 100 characters. */
  readonly subject: string;
  /** The JSON object of per-protocol strings (`default`, `email`, `sqs`, `lambda`, `https`). */
  readonly message: string;
  readonly attributes: Readonly<Record<string, OutboundAttribute>>;
}

/** Publishes rendered notifications (SNS in production). */
export interface Notifier {
  /** Publishes one message and returns the id the service gave it. Throws `AwsCallError`. */
  publish(message: OutboundMessage): Promise<{ readonly messageId: string }>;
}

/** A secret read at run time (SSM SecureString or Secrets Manager); never logged. */
export interface SecretSource {
  /** Where the secret lives, for error messages (`SSM parameter /x/y`); never the value. */
  readonly label: string;
  /** The secret value. Throws `AwsCallError` or `ConfigError`; messages never contain the value. */
  read(): Promise<string>;
}
