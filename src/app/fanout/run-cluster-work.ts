import type { WindowFetchOptions } from '#app/pipeline/fetch-window.ts';
import {
  type ClusterRunDeps,
  type ClusterRunSettings,
  runClusterAnalysis,
} from '#app/pipeline/run-cluster.ts';
import type { ClusterSpec } from '#core/clusters/cluster-spec.ts';
import type { ClusterWork } from '#core/clusters/cluster-work.ts';
import type { ClusterAnalysed, ClusterUpToDate } from '#core/run/cluster-run-result.ts';

/**
 * The ports of one cluster's run: Logs Insights, EKS and EC2 of the cluster's account and region
 * (its role's credentials when it has one), the state stores and the notifier of the home
 * account. Rejects with ClusterAccessError when the cluster cannot be reached.
 */
export type ClusterPortsFactory = (cluster: ClusterSpec) => Promise<ClusterRunDeps>;

/** Runs one cluster's work end to end (see {@link runClusterWork}); rejects when the run failed. */
export type ClusterRunner = (
  work: ClusterWork,
  signal?: AbortSignal,
) => Promise<ClusterAnalysed | ClusterUpToDate>;

/**
 * One unit of fan-out work: the cluster's ports, then {@link runClusterAnalysis} with the work's
 * window, dry-run, notify and Kubernetes options (window planning, Logs Insights, snapshot,
 * recommendations, alerts, and the window commit last).
 *
 * @throws ClusterAccessError when the cluster cannot be reached; whatever the run throws.
 * @example
 * const result = await runClusterWork(portsFor, work, settings, { signal, maxQuotaRetries: 1 });
 */
export async function runClusterWork(
  portsFor: ClusterPortsFactory,
  work: ClusterWork,
  settings: ClusterRunSettings,
  options: WindowFetchOptions = {},
): Promise<ClusterAnalysed | ClusterUpToDate> {
  const deps = await portsFor(work.cluster);
  const request = {
    cluster: work.cluster,
    sinceMs: work.sinceMs,
    dryRun: work.dryRun,
    notify: work.notify,
  };
  const effective =
    work.kubernetes === null ? settings : { ...settings, kubernetes: work.kubernetes };
  return runClusterAnalysis(deps, request, effective, options);
}
