import {
  processClusterWork,
  type ReceivedWork,
  type WorkerDeps,
  type WorkerSettings,
  type WorkOutcome,
} from '#app/fanout/process-work.ts';
import type { Invocation } from '#app/invocation.ts';

/** What the worker reports as it goes (logs and metrics, in the composition root). */
export interface WorkBatchOutput {
  readonly outcome: (outcome: WorkOutcome, received: ReceivedWork) => void;
  readonly releaseError: (error: unknown) => void;
}

/**
 * Handles a batch of work messages one after another ({@link processClusterWork} each) and
 * returns the ids of the messages to leave on the queue: those that failed or were rejected, and
 * every one not started once the invocation's signal fired. Other messages are never affected.
 *
 * @throws never for a cluster's failure (its message id is returned).
 * @example
 * const failed = await processWorkBatch(deps, settings, received, invocation, output);
 */
export async function processWorkBatch(
  deps: WorkerDeps,
  settings: Omit<WorkerSettings, 'leaseMs'>,
  messages: readonly ReceivedWork[],
  invocation: Invocation,
  output: WorkBatchOutput,
): Promise<string[]> {
  const failed: string[] = [];
  const leaseMs = invocation.remainingMs() + 60_000;
  for (const received of messages) {
    if (invocation.signal.aborted) {
      failed.push(received.messageId);
      continue;
    }
    const outcome = await processClusterWork(
      deps,
      received,
      { ...settings, leaseMs },
      {
        holder: `${invocation.requestId}/${received.messageId}`,
        signal: invocation.signal,
        onReleaseError: output.releaseError,
      },
    );
    output.outcome(outcome, received);
    if (outcome.kind === 'failed' || outcome.kind === 'rejected') failed.push(received.messageId);
  }
  return failed;
}
