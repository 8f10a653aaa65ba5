import type { WindowFetchOptions } from '#app/pipeline/fetch-window.ts';
import type { ClusterKubernetesReader } from '#core/gateways.ts';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';
import type { ControlPlaneTarget } from '#core/k8s/targets.ts';
import type { ReportNote } from '#core/model/report.ts';

/** What reading a cluster's Kubernetes API gave: its targets, or why they are unknown. */
export type TargetsRead =
  | { readonly kind: 'read'; readonly targets: readonly ControlPlaneTarget[] }
  | { readonly kind: 'unavailable'; readonly note: ReportNote };

/**
 * The cluster's control-plane targets, or a note saying why they could not be read: a refused or
 * unreachable Kubernetes API must not stop the log analysis, which needs none of it. An abort of
 * the run itself is not swallowed.
 *
 * @throws the abort reason when `options.signal` was aborted.
 * @example
 * const targets = await readTargets(deps, 'prod', { signal });
 */
export async function readTargets(
  deps: { readonly kubernetes?: ClusterKubernetesReader },
  cluster: string,
  options: WindowFetchOptions,
): Promise<TargetsRead> {
  const signal = options.signal ?? undefined;
  if (deps.kubernetes === undefined) {
    return unavailable('no Kubernetes reader is configured for this run');
  }
  try {
    const objects = await deps.kubernetes.readClusterObjects(cluster, signal);
    return { kind: 'read', targets: controlPlaneTargets(objects) };
  } catch (error) {
    if (signal?.aborted === true) throw error;
    return unavailable(error instanceof Error ? error.message : String(error));
  }
}

function unavailable(reason: string): TargetsRead {
  return {
    kind: 'unavailable',
    note: {
      code: 'kubernetes-unavailable',
      message: `The Kubernetes API could not be read (${reason}); service-only findings use the add-on catalogue and no audit was run.`,
    },
  };
}
