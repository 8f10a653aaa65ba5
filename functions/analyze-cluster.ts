import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { systemClock } from '#adapters/system-clock.ts';
import { processClusterWork } from '#app/fanout/process-work.ts';
import { loadAnalyzeConfig } from '#config/load-config.ts';
import { homeLocation, resolveClusterSpecs } from '#core/clusters/cluster-spec.ts';
import {
  type AnalyzeDeps,
  analyzeRuntime,
  deployedAnalyzeClients,
} from '#functions/analyze-services.ts';
import { clusterRunner } from '#functions/cluster-runner.ts';
import { lambdaChain, makeObservability } from '#functions/middy.ts';
import { logWorkOutcome } from '#functions/work-output.ts';

/** What the worker is built from: the same configuration and clients as `analyze`. */
export interface AnalyzeClusterDeps extends AnalyzeDeps {
  /** Source of jitter for slot choice and backoff (default `Math.random`). */
  readonly random?: () => number;
}

/**
 * The `analyzeCluster` worker, fed by the work queue (batch size 1, partial batch responses):
 * for each message, leases one of the cluster's account's Logs Insights slots (or puts the
 * message back with a delay when all are held), runs the cluster end to end (its Region, its
 * account's role), logs the outcome and emits its metrics. A failed cluster's message is
 * reported in `batchItemFailures` and comes back after a retry backoff; after the queue's
 * maximum receives it moves to the cluster dead-letter queue. Other messages are never affected.
 *
 * @throws never for a cluster's failure (it is a batch item failure).
 * @example
 * const handler = makeHandler({ config, clients, clock: systemClock });
 */
export function makeHandler(deps: AnalyzeClusterDeps) {
  const { config } = deps;
  const observability = makeObservability(config);
  const { services, pool, settings } = analyzeRuntime(deps);
  return lambdaChain<SQSEvent, SQSBatchResponse>(
    async (event, context, { signal }) => {
      const home = homeLocation(context.invokedFunctionArn, config.region);
      // A throttled account is handed back to the queue quickly instead of holding the slot.
      const run = clusterRunner(pool, home, services, settings, { maxQuotaRetries: 1 });
      const worker = { ...services, run, random: deps.random };
      const workerSettings = {
        configured: resolveClusterSpecs(config.clusters, home),
        cap: config.queryConcurrency,
        leaseMs: context.getRemainingTimeInMillis() + 60_000,
      };
      const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records ?? []) {
        if (signal.aborted) {
          batchItemFailures.push({ itemIdentifier: record.messageId });
          continue;
        }
        const received = {
          messageId: record.messageId,
          receiptHandle: record.receiptHandle,
          body: record.body,
          receiveCount: Number(record.attributes?.ApproximateReceiveCount) || 1,
        };
        const outcome = await processClusterWork(worker, received, workerSettings, {
          holder: `${context.awsRequestId}/${record.messageId}`,
          signal,
          onReleaseError: (error) => observability.logger.warn('slot not released', { error }),
        });
        logWorkOutcome(observability, outcome, received);
        if (outcome.kind === 'failed' || outcome.kind === 'rejected') {
          batchItemFailures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures };
    },
    observability,
    { timeoutEarlyInMillis: deps.timeoutEarlyInMillis },
  );
}

/** The deployed handler: configuration read and clients built once, at cold start. */
export const handler = makeHandler({
  config: loadAnalyzeConfig(),
  clients: deployedAnalyzeClients(),
  clock: systemClock,
});
