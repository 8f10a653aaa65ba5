import { ClusterRunsFailedError } from '#core/errors.ts';
import type { WindowFetchOptions } from '#core/insights/fetch-window.ts';
import {
  type ClusterRunDeps,
  type ClusterRunRequest,
  type ClusterRunSettings,
  runClusterAnalysis,
} from '#core/run/cluster-run.ts';
import type { ClusterFailed, ClusterRunResult } from '#core/run/cluster-run-result.ts';

/** Options of {@link analyzeClusters}: the query options, and a callback per finished cluster. */
export interface AnalyzeClustersOptions extends WindowFetchOptions {
  readonly onResult?: (result: ClusterRunResult) => void | Promise<void>;
}

/**
 * Runs {@link runClusterAnalysis} for each cluster in turn. A failing cluster is reported as
 * `failed` (its window stays uncommitted) and the next one still runs. Once the signal fired
 * (the function is about to time out), the clusters not yet started are reported `failed`
 * without being started.
 *
 * @throws never for a cluster's failure; only what `onResult` throws.
 * @example
 * const results = await analyzeClusters(deps, ['prod', 'staging'].map((name) => ({
 *   cluster: { name }, sinceMs: null, dryRun: false, notify: true })), settings, { signal });
 * throwIfAnyFailed(results);
 */
export async function analyzeClusters(
  deps: ClusterRunDeps,
  requests: readonly ClusterRunRequest[],
  settings: ClusterRunSettings,
  options: AnalyzeClustersOptions = {},
): Promise<ClusterRunResult[]> {
  const { onResult, ...fetchOptions } = options;
  const results: ClusterRunResult[] = [];
  for (const request of requests) {
    let result: ClusterRunResult;
    if (options.signal?.aborted) {
      result = notStartedResult(request.cluster.name);
    } else {
      try {
        result = await runClusterAnalysis(deps, request, settings, fetchOptions);
      } catch (error) {
        result = failedResult(request.cluster.name, error);
      }
    }
    results.push(result);
    await onResult?.(result);
  }
  return results;
}

/**
 * Throws when any cluster failed, naming each; returns otherwise.
 *
 * @throws ClusterRunsFailedError listing the failed clusters and their errors.
 * @example
 * throwIfAnyFailed(results); // after metrics and logs were written
 */
export function throwIfAnyFailed(results: readonly ClusterRunResult[]): void {
  const failures = results
    .filter((result): result is ClusterFailed => result.status === 'failed')
    .map((result) => ({ cluster: result.cluster, message: result.error.message }));
  if (failures.length > 0) throw new ClusterRunsFailedError(failures, results.length);
}

/**
 * The `failed` result of a cluster whose run threw `error`.
 *
 * @example
 * failedResult('prod', new LoggingNotEnabledError('prod')).error.name; // 'LoggingNotEnabledError'
 */
export function failedResult(cluster: string, error: unknown): ClusterFailed {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'failed', cluster, error: { name, message } };
}

/**
 * The `failed` result of a cluster that was not started because the invocation was stopped.
 *
 * @example
 * notStartedResult('prod').error.name; // 'AbortError'
 */
export function notStartedResult(cluster: string): ClusterFailed {
  return {
    status: 'failed',
    cluster,
    error: {
      name: 'AbortError',
      message: 'not started: the invocation was stopped before this cluster (time limit)',
    },
  };
}
