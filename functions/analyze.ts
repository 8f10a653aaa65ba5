import { systemClock } from '#adapters/system-clock.ts';
import { dispatchClusterWork } from '#app/fanout/dispatch.ts';
import { chooseRunMode, runClusterWorkInline } from '#app/fanout/run-inline.ts';
import { loadAnalyzeConfig } from '#config/load-config.ts';
import { homeLocation, resolveClusterSpecs } from '#core/clusters/cluster-spec.ts';
import type { ClusterWork } from '#core/clusters/cluster-work.ts';
import { ClusterRunsFailedError } from '#core/errors.ts';
import { resolveAnalyzeRequest } from '#core/run/analyze-event.ts';
import type { ClusterRunResult } from '#core/run/cluster-run-result.ts';
import { throwIfAnyFailed } from '#core/run/cluster-run-result.ts';
import { runMetrics } from '#core/run/run-metrics.ts';
import {
  type AnalyzeDeps,
  analyzeRuntime,
  deployedAnalyzeClients,
} from '#functions/analyze-services.ts';
import { clusterRunner } from '#functions/cluster-runner.ts';
import { lambdaChain, makeObservability } from '#functions/middy.ts';
import { emitMetrics, logClusterResult } from '#functions/run-output.ts';

/** The request as resolved. */
interface AnswerBase {
  readonly trigger: 'schedule' | 'on-demand';
  readonly dryRun: boolean;
  readonly notify: boolean;
}

/** An inline run's answer: each cluster's result with its report (the on-demand contract). */
export interface AnalyzeInlineResponse extends AnswerBase {
  readonly mode: 'inline';
  readonly clusters: readonly ClusterRunResult[];
}

/** A fan-out's answer: the clusters (`account/region/name`) whose work message was sent. */
export interface AnalyzeFanOutResponse extends AnswerBase {
  readonly mode: 'fan-out';
  readonly dispatched: readonly string[];
}

/** What an invocation returns. */
export type AnalyzeResponse = AnalyzeInlineResponse | AnalyzeFanOutResponse;

/**
 * The `analyze` handler. A scheduled event fans out: one message per configured cluster on the
 * work queue, for the `analyzeCluster` workers. An on-demand event runs inline and answers with
 * the reports when it covers at most `ON_DEMAND_INLINE_MAX` clusters (or says `fanOut: false`),
 * each cluster holding one of its account's Logs Insights slots; otherwise it fans out too.
 *
 * @throws InputError for a bad event; ClusterRunsFailedError when a cluster failed inline or its
 *   message could not be sent (the others were run or sent).
 * @example
 * const handler = makeHandler({ config, clients, clock: systemClock });
 */
export function makeHandler(deps: AnalyzeDeps) {
  const { config, clock } = deps;
  const observability = makeObservability(config);
  const { logger, metrics } = observability;
  const { services, pool, settings } = analyzeRuntime(deps);
  const defaults = { dryRun: config.dryRun, maxSinceMs: config.windowPlan.maxResumeAgeMs };
  return lambdaChain<unknown, AnalyzeResponse>(
    async (event, context, { signal }) => {
      const home = homeLocation(context.invokedFunctionArn, config.region);
      const clusters = resolveClusterSpecs(config.clusters, home);
      const request = resolveAnalyzeRequest(event, { ...defaults, clusters });
      const { trigger, dryRun, notify, sinceMs, kubernetes } = request;
      const dispatchedAt = clock.now();
      const works: ClusterWork[] = request.clusters.map((cluster) => ({
        ...{ cluster, trigger, sinceMs, dryRun, notify, dispatchedAt },
        ...{ deferrals: 0, kubernetes },
      }));
      const answer = { trigger, dryRun, notify };
      if (chooseRunMode(request, config.inlineMax) === 'fan-out') {
        const { sent, failed } = await dispatchClusterWork(services.queue, works);
        logger.info('clusters dispatched', { dispatched: sent.length, failed });
        metrics.addMetric('ClustersDispatched', 'Count', sent.length);
        metrics.addMetric('DispatchFailures', 'Count', failed.length);
        if (failed.length > 0) throw new ClusterRunsFailedError(failed, works.length);
        return { ...answer, mode: 'fan-out', dispatched: sent.map((entry) => entry.cluster) };
      }
      const run = clusterRunner(pool, home, services, settings);
      const results = await runClusterWorkInline(
        { slots: services.slots, clock, run },
        works,
        { cap: config.queryConcurrency, leaseMs: context.getRemainingTimeInMillis() + 60_000 },
        {
          holder: context.awsRequestId,
          signal,
          onResult: (result) => logClusterResult(logger, result),
        },
      );
      emitMetrics(metrics, runMetrics(results));
      throwIfAnyFailed(results);
      return { ...answer, mode: 'inline', clusters: results };
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
