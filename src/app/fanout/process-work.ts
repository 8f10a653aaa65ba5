import { type BackoffPolicy, backoffDelayMs } from '#app/backoff.ts';
import {
  holdingSlot,
  type SlotDeps,
  tryAcquireSlot,
  UNKNOWN_ACCOUNT_SCOPE,
} from '#app/fanout/query-slots.ts';
import type { ClusterRunner } from '#app/fanout/run-cluster-work.ts';
import { type ClusterSpec, clusterSpecText } from '#core/clusters/cluster-spec.ts';
import {
  type ClusterWork,
  decodeClusterWork,
  encodeClusterWork,
} from '#core/clusters/cluster-work.ts';
import { InputError, SlotWaitError } from '#core/errors.ts';
import type { WorkQueue } from '#core/gateways.ts';
import type {
  ClusterAnalysed,
  ClusterFailed,
  ClusterUpToDate,
} from '#core/run/cluster-run-result.ts';
import { failedResult } from '#core/run/cluster-run-result.ts';

/**
 * A worker puts a message back for 5 s, doubling to 30 s (half of it random) while no slot is
 * free: short enough that a freed slot is taken within seconds while many messages wait (see the
 * fan-out simulation), long enough that a waiting message costs one invocation per ~20 s.
 */
export const DEFER_BACKOFF: BackoffPolicy = {
  initialMs: 5_000,
  factor: 2,
  maxMs: 30_000,
  jitter: 0.5,
};

/** A failed cluster is retried after 1 min, then 2, 4, ... up to 15 min (a fifth of it random). */
export const RETRY_BACKOFF: BackoffPolicy = {
  initialMs: 60_000,
  factor: 2,
  maxMs: 900_000,
  jitter: 0.2,
};

/** A message that waited this long for a slot since dispatch fails instead of waiting more. */
export const DEFAULT_MAX_SLOT_WAIT_MS = 3_600_000;

/** A work message as the queue delivered it. */
export interface ReceivedWork {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  /** How often the queue delivered this message, this time included (1 on the first delivery). */
  readonly receiveCount: number;
}

/** What the worker needs: the slots, the queue (to put messages back), a clock and the runner. */
export interface WorkerDeps extends SlotDeps {
  readonly queue: WorkQueue;
  readonly run: ClusterRunner;
}

/** How the worker behaves. */
export interface WorkerSettings {
  /** The clusters it may run (resolved): a message naming another one is rejected. */
  readonly configured: readonly ClusterSpec[];
  /** Logs Insights runs per account at once. */
  readonly cap: number;
  /** Lease of a slot: longer than the invocation can still run. */
  readonly leaseMs: number;
  readonly maxSlotWaitMs?: number;
  readonly deferBackoff?: BackoffPolicy;
  readonly retryBackoff?: BackoffPolicy;
}

/** Per-message options of {@link processClusterWork}. */
export interface WorkOptions {
  /** Unique per run (request id and message id): the slot's holder. */
  readonly holder: string;
  readonly signal?: AbortSignal;
  /** Told when releasing the slot failed (the lease then runs out on its own). */
  readonly onReleaseError?: (error: unknown) => void;
}

/** What became of one message. `done` and `deferred` delete it; the others leave it to retry. */
export type WorkOutcome =
  /** The cluster was analysed (or had nothing new): the message is done. */
  | {
      readonly kind: 'done';
      readonly work: ClusterWork;
      readonly result: ClusterAnalysed | ClusterUpToDate;
    }
  /** Every slot of the account was held: a copy was sent back with a delay; this one is done. */
  | { readonly kind: 'deferred'; readonly work: ClusterWork; readonly delaySeconds: number }
  /**
   * The run failed: the message stays, visible again in `retryInSeconds` (`null` when setting
   * that failed: the queue's visibility timeout applies). After the queue's maximum receives it
   * moves to the dead-letter queue.
   */
  | {
      readonly kind: 'failed';
      readonly work: ClusterWork;
      readonly result: ClusterFailed;
      readonly retryInSeconds: number | null;
    }
  /** The message is not valid work (or names an unconfigured cluster): it fails every time. */
  | {
      readonly kind: 'rejected';
      readonly error: { readonly name: string; readonly message: string };
    };

/**
 * Handles one work message, never waiting for a slot:
 * 1. reads it (a bad body or an unconfigured cluster is `rejected`);
 * 2. tries to lease one of the account's `cap` Logs Insights slots; when all are held, sends a
 *    copy back with a growing delay and counts the message done (`deferred`): waiting for a slot
 *    never uses up the queue's receive count, which counts real failures only. A message that
 *    waited longer than `maxSlotWaitMs` since dispatch fails instead;
 * 3. runs the cluster holding the slot, and releases it;
 * 4. on failure, makes the message visible again after a retry backoff by receive count.
 * One message's failure never touches another's.
 *
 * @throws never: a failing slot store or queue makes the message `failed` (it stays and is retried).
 * @example
 * const outcome = await processClusterWork(deps, received, settings, { holder: requestId, signal });
 * if (outcome.kind === 'failed' || outcome.kind === 'rejected') failures.push(received.messageId);
 */
export async function processClusterWork(
  deps: WorkerDeps,
  received: ReceivedWork,
  settings: WorkerSettings,
  options: WorkOptions,
): Promise<WorkOutcome> {
  let work: ClusterWork;
  try {
    work = checkConfigured(decodeClusterWork(received.body), settings.configured);
  } catch (error) {
    return { kind: 'rejected', error: errorOf(error) };
  }
  try {
    const lease = await tryAcquireSlot(deps, {
      scope: work.cluster.account ?? UNKNOWN_ACCOUNT_SCOPE,
      cap: settings.cap,
      holder: options.holder,
      label: clusterSpecText(work.cluster),
      leaseMs: settings.leaseMs,
    });
    if (lease === null) return await deferOrGiveUp(deps, received, work, settings);
    const run = () => deps.run(work, options.signal);
    const result = await holdingSlot(deps.slots, lease, run, options.onReleaseError);
    return { kind: 'done', work, result };
  } catch (error) {
    return retryLater(deps, received, work, failedResult(work.cluster.name, error), settings);
  }
}

async function deferOrGiveUp(
  deps: WorkerDeps,
  received: ReceivedWork,
  work: ClusterWork,
  settings: WorkerSettings,
): Promise<WorkOutcome> {
  const waited = deps.clock.now() - work.dispatchedAt;
  const account = work.cluster.account ?? UNKNOWN_ACCOUNT_SCOPE;
  if (waited > (settings.maxSlotWaitMs ?? DEFAULT_MAX_SLOT_WAIT_MS)) {
    const error = new SlotWaitError(
      account,
      `all ${settings.cap} Logs Insights slots of account ${account} stayed held for ${Math.round(waited / 1000)} s since dispatch`,
    );
    return retryLater(deps, received, work, failedResult(work.cluster.name, error), settings);
  }
  const delayMs = backoffDelayMs(
    settings.deferBackoff ?? DEFER_BACKOFF,
    work.deferrals,
    deps.random,
  );
  const delaySeconds = Math.min(900, Math.max(1, Math.ceil(delayMs / 1000)));
  const copy = { ...work, deferrals: work.deferrals + 1 };
  const [sent] = await deps.queue.send([
    { id: 'deferred', body: encodeClusterWork(copy), delaySeconds },
  ]);
  if (sent?.outcome === 'sent') return { kind: 'deferred', work, delaySeconds };
  const error = new SlotWaitError(
    account,
    `every slot of account ${account} was held and putting the message back failed: ${sent?.outcome === 'failed' ? sent.message : 'no answer'}`,
  );
  return retryLater(deps, received, work, failedResult(work.cluster.name, error), settings);
}

async function retryLater(
  deps: WorkerDeps,
  received: ReceivedWork,
  work: ClusterWork,
  result: ClusterFailed,
  settings: WorkerSettings,
): Promise<WorkOutcome> {
  const policy = settings.retryBackoff ?? RETRY_BACKOFF;
  const delayMs = backoffDelayMs(policy, Math.max(0, received.receiveCount - 1), deps.random);
  const seconds = Math.min(43_200, Math.ceil(delayMs / 1000));
  try {
    await deps.queue.setVisibility(received.receiptHandle, seconds);
    return { kind: 'failed', work, result, retryInSeconds: seconds };
  } catch {
    return { kind: 'failed', work, result, retryInSeconds: null };
  }
}

function checkConfigured(work: ClusterWork, configured: readonly ClusterSpec[]): ClusterWork {
  const text = clusterSpecText(work.cluster);
  if (!configured.some((spec) => clusterSpecText(spec) === text)) {
    throw new InputError(`work message names cluster ${text}, which is not configured`);
  }
  return work;
}

function errorOf(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}
