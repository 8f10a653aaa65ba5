import { dispatchClusterWork } from '#app/fanout/dispatch.ts';
import type { ClusterRunner } from '#app/fanout/run-cluster-work.ts';
import { chooseRunMode, runClusterWorkInline } from '#app/fanout/run-inline.ts';
import type { Invocation } from '#app/invocation.ts';
import {
  type ClusterSpec,
  type HomeLocation,
  homeLocation,
  resolveClusterSpecs,
} from '#core/clusters/cluster-spec.ts';
import type { ClusterWork } from '#core/clusters/cluster-work.ts';
import { ClusterRunsFailedError } from '#core/errors.ts';
import type { Clock, ConcurrencySlots, WorkQueue } from '#core/gateways.ts';
import { resolveAnalyzeRequest } from '#core/run/analyze-event.ts';
import { type ClusterRunResult, throwIfAnyFailed } from '#core/run/cluster-run-result.ts';
import { type MetricPoint, runMetrics } from '#core/run/run-metrics.ts';

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

/** What `analyze` reports as it goes (logs and metrics, in the composition root). */
export interface AnalyzeOutput {
  readonly dispatched: (sent: number, failed: readonly unknown[]) => void;
  readonly clusterResult: (result: ClusterRunResult) => void;
  readonly metrics: (points: readonly MetricPoint[]) => void;
}

/** What an `analyze` invocation runs over. */
export interface AnalyzeInvocationDeps {
  readonly queue: WorkQueue;
  readonly slots: ConcurrencySlots;
  readonly clock: Clock;
  /** The runner of one cluster's work, from the home location of the invocation. */
  readonly runnerFor: (home: HomeLocation) => ClusterRunner;
  readonly output: AnalyzeOutput;
}

/** The configuration `analyze` reads. */
export interface AnalyzeInvocationSettings {
  readonly region: string | null;
  readonly clusters: readonly ClusterSpec[];
  readonly dryRun: boolean;
  readonly maxSinceMs: number;
  readonly inlineMax: number;
  /** Logs Insights runs per account at once. */
  readonly cap: number;
}

/**
 * One `analyze` invocation. A scheduled event fans out: one message per configured cluster on
 * the work queue. An on-demand event runs inline and answers with the reports when it covers at
 * most `inlineMax` clusters (or says `fanOut: false`), each cluster holding one of its account's
 * Logs Insights slots; otherwise it fans out too.
 *
 * @throws InputError for a bad event; ClusterRunsFailedError when a cluster failed inline or its
 *   message could not be sent (the others were run or sent).
 * @example
 * const answer = await analyzeInvocation(deps, settings, event, invocation);
 */
export async function analyzeInvocation(
  deps: AnalyzeInvocationDeps,
  settings: AnalyzeInvocationSettings,
  event: unknown,
  invocation: Invocation,
): Promise<AnalyzeResponse> {
  const home = homeLocation(invocation.functionArn, settings.region);
  const clusters = resolveClusterSpecs(settings.clusters, home);
  const defaults = { dryRun: settings.dryRun, maxSinceMs: settings.maxSinceMs, clusters };
  const request = resolveAnalyzeRequest(event, defaults);
  const { trigger, dryRun, notify, sinceMs, kubernetes } = request;
  const dispatchedAt = deps.clock.now();
  const works: ClusterWork[] = request.clusters.map((cluster) => ({
    ...{ cluster, trigger, sinceMs, dryRun, notify, dispatchedAt },
    ...{ deferrals: 0, kubernetes },
  }));
  const answer = { trigger, dryRun, notify };
  if (chooseRunMode(request, settings.inlineMax) === 'fan-out') {
    const { sent, failed } = await dispatchClusterWork(deps.queue, works);
    deps.output.dispatched(sent.length, failed);
    if (failed.length > 0) throw new ClusterRunsFailedError(failed, works.length);
    return { ...answer, mode: 'fan-out', dispatched: sent.map((entry) => entry.cluster) };
  }
  const results = await runClusterWorkInline(
    { slots: deps.slots, clock: deps.clock, run: deps.runnerFor(home) },
    works,
    { cap: settings.cap, leaseMs: invocation.remainingMs() + 60_000 },
    {
      holder: invocation.requestId,
      signal: invocation.signal,
      onResult: (result) => deps.output.clusterResult(result),
    },
  );
  deps.output.metrics(runMetrics(results));
  throwIfAnyFailed(results);
  return { ...answer, mode: 'inline', clusters: results };
}
