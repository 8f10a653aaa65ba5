import { clusterSpecText } from '#core/clusters/cluster-spec.ts';
import { type ClusterWork, encodeClusterWork } from '#core/clusters/cluster-work.ts';
import type { WorkQueue } from '#core/gateways.ts';

/** What a dispatch did, per cluster (`account/region/name`). */
export interface DispatchResult {
  readonly sent: readonly { readonly cluster: string; readonly messageId: string }[];
  /** Clusters whose message could not be sent after every attempt, with the last error. */
  readonly failed: readonly { readonly cluster: string; readonly message: string }[];
}

/** Options of {@link dispatchClusterWork}. */
export interface DispatchOptions {
  /** Sends per message before it counts as failed (default 3). */
  readonly attempts?: number;
  /** Seconds before the messages can be received (default 0). */
  readonly delaySeconds?: number;
}

/**
 * Sends one work message per cluster (the queue adapter batches them ten per call). Messages the
 * queue refused are sent again, up to `attempts` times in all; a cluster whose message still
 * failed is listed in `failed`, and the others are sent regardless.
 *
 * @throws never for a refused message; only what the queue throws unexpectedly.
 * @example
 * const { sent, failed } = await dispatchClusterWork(queue, works);
 */
export async function dispatchClusterWork(
  queue: WorkQueue,
  works: readonly ClusterWork[],
  options: DispatchOptions = {},
): Promise<DispatchResult> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const pending = new Map(works.map((work, i) => [`c${i}`, work]));
  const sent: { cluster: string; messageId: string }[] = [];
  const lastError = new Map<string, string>();
  for (let attempt = 0; attempt < attempts && pending.size > 0; attempt++) {
    const batch = [...pending].map(([id, work]) => ({
      id,
      body: encodeClusterWork(work),
      delaySeconds: options.delaySeconds ?? 0,
    }));
    for (const result of await queue.send(batch)) {
      const work = pending.get(result.id);
      if (work === undefined) continue;
      if (result.outcome === 'sent') {
        sent.push({ cluster: clusterSpecText(work.cluster), messageId: result.messageId });
        pending.delete(result.id);
      } else {
        lastError.set(result.id, result.message);
      }
    }
  }
  const failed = [...pending].map(([id, work]) => ({
    cluster: clusterSpecText(work.cluster),
    message: lastError.get(id) ?? 'not sent',
  }));
  return { sent, failed };
}
