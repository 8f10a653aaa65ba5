import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { processWorkBatch } from '#app/fanout/work-batch.ts';
import {
  type AnalyzeDeps,
  analyzeRuntime,
  deployedAnalyzeDeps,
  receivedWork,
  workerApp,
} from '#wiring/analyze.ts';
import { invocationOf, lambdaChain } from '#wiring/lambda-chain.ts';

/**
 * The `analyzeCluster` worker, fed by the work queue (partial batch responses): each message
 * leases one of its account's Logs Insights slots (or goes back with a delay) and runs its
 * cluster end to end; a failed one is a batch item failure and comes back after a backoff.
 *
 * @throws never for a cluster's failure (it is a batch item failure).
 * @example
 * const handler = makeHandler({ config, clients, clock: systemClock });
 */
export function makeHandler(deps: AnalyzeDeps) {
  const runtime = analyzeRuntime(deps);
  return lambdaChain<SQSEvent, SQSBatchResponse>(
    async (event, context, { signal }) => {
      const invocation = invocationOf(context, signal);
      const { deps: worker, settings, output } = workerApp(runtime, deps, invocation);
      const failed = await processWorkBatch(
        worker,
        settings,
        receivedWork(event),
        invocation,
        output,
      );
      return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
    },
    runtime.observability,
    { timeoutEarlyInMillis: deps.timeoutEarlyInMillis },
  );
}

/** The deployed handler: configuration read and clients built once, at cold start. */
export const handler = makeHandler(deployedAnalyzeDeps());
