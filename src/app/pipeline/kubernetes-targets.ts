import type { WindowFetchOptions } from '#app/pipeline/fetch-window.ts';
import type { ClusterKubernetesReader } from '#core/gateways.ts';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';
import type { ControlPlaneTarget } from '#core/k8s/targets.ts';
import type { ReportNote } from '#core/model/report.ts';

/** What reading a cluster's Kubernetes API gave: its targets, or why they are unknown. */
export type TargetsRead =
  | { readonly kind: 'read'; readonly targets: readonly ControlPlaneTarget[] }
  | { readonly kind: 'unavailable'; readonly note: ReportNote };

/** What a failed read of the Kubernetes API does: become a report note, or fail the run. */
export type TargetsFailure = 'note' | 'throw';

/**
 * The cluster's control-plane targets, or a note saying why they could not be read: a refused or
 * unreachable Kubernetes API must not stop a scheduled log analysis, which needs none of it. With
 * `onFailure: 'throw'` (the CLI's `--kubernetes`, asked for by a person) the error fails the run
 * instead. An abort of the run itself is never swallowed.
 *
 * @throws the abort reason when `options.signal` was aborted; with `'throw'`, the reader's error
 *   (KubernetesApiError, AwsCallError, ...).
 * @example
 * const targets = await readTargets(deps, 'prod', { signal });
 */
export async function readTargets(
  deps: { readonly kubernetes?: ClusterKubernetesReader },
  cluster: string,
  options: WindowFetchOptions,
  onFailure: TargetsFailure = 'note',
): Promise<TargetsRead> {
  const signal = options.signal ?? undefined;
  if (deps.kubernetes === undefined) {
    return unavailable('no Kubernetes reader is configured for this run');
  }
  try {
    const objects = await deps.kubernetes.readClusterObjects(cluster, signal);
    return { kind: 'read', targets: controlPlaneTargets(objects) };
  } catch (error) {
    if (signal?.aborted === true || onFailure === 'throw') throw error;
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
