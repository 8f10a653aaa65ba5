import type { BackoffPolicy } from '#app/backoff.ts';
import {
  holdingSlot,
  type SlotDeps,
  UNKNOWN_ACCOUNT_SCOPE,
  waitForSlot,
} from '#app/fanout/query-slots.ts';
import type { ClusterRunner } from '#app/fanout/run-cluster-work.ts';
import { clusterSpecText } from '#core/clusters/cluster-spec.ts';
import type { ClusterWork } from '#core/clusters/cluster-work.ts';
import type { ClusterRunResult } from '#core/run/cluster-run-result.ts';
import { failedResult, notStartedResult } from '#core/run/cluster-run-result.ts';

/** How an `analyze` invocation runs its clusters. */
export type RunMode = 'inline' | 'fan-out';

/**
 * Inline (in this invocation, answering with the reports) or fan-out (one queue message per
 * cluster, answering with what was sent): a schedule always fans out; an on-demand event's
 * `fanOut` decides when given, else it runs inline when it covers at most `inlineMax` clusters.
 *
 * @example
 * chooseRunMode({ fanOut: null, clusters: [prod] }, 5); // 'inline'
 */
export function chooseRunMode(
  request: { readonly fanOut: boolean | null; readonly clusters: readonly unknown[] },
  inlineMax: number,
): RunMode {
  const fanOut = request.fanOut ?? request.clusters.length > inlineMax;
  return fanOut ? 'fan-out' : 'inline';
}

/** What an inline run needs: the slots, a clock and the runner. */
export interface InlineDeps extends SlotDeps {
  readonly run: ClusterRunner;
}

/** The limiter settings of an inline run (the same cap as the workers'). */
export interface InlineSettings {
  readonly cap: number;
  readonly leaseMs: number;
  readonly waitBackoff?: BackoffPolicy;
}

/** Options of {@link runClusterWorkInline}. */
export interface InlineOptions {
  /** Unique per invocation; each cluster's slot holder is `<holder>/<n>`. */
  readonly holder: string;
  readonly signal?: AbortSignal;
  readonly onResult?: (result: ClusterRunResult) => void | Promise<void>;
}

/**
 * Runs the clusters one after another in this invocation, each holding one of its account's
 * Logs Insights slots (waiting for one while all are held), so inline runs and workers share
 * the same cap. A failing cluster is reported `failed` and the next one still runs; once the
 * signal fired, the clusters not yet started are reported `failed` without being started.
 *
 * @throws only what `onResult` throws.
 * @example
 * const results = await runClusterWorkInline({ slots, clock, run }, works, { cap: 20, leaseMs }, { holder, signal });
 */
export async function runClusterWorkInline(
  deps: InlineDeps,
  works: readonly ClusterWork[],
  settings: InlineSettings,
  options: InlineOptions,
): Promise<ClusterRunResult[]> {
  const results: ClusterRunResult[] = [];
  for (const [i, work] of works.entries()) {
    let result: ClusterRunResult;
    if (options.signal?.aborted) {
      result = notStartedResult(work.cluster.name);
    } else {
      try {
        const request = {
          scope: work.cluster.account ?? UNKNOWN_ACCOUNT_SCOPE,
          cap: settings.cap,
          holder: `${options.holder}/${i}`,
          label: clusterSpecText(work.cluster),
          leaseMs: settings.leaseMs,
        };
        const limits = { signal: options.signal ?? null };
        const lease = await waitForSlot(deps, request, limits, settings.waitBackoff);
        result = await holdingSlot(deps.slots, lease, () => deps.run(work, options.signal));
      } catch (error) {
        result = failedResult(work.cluster.name, error);
      }
    }
    results.push(result);
    await options.onResult?.(result);
  }
  return results;
}
