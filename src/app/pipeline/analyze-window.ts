import type { WindowFetchOptions } from '#app/pipeline/fetch-window.ts';
import { readTargets, type TargetsFailure } from '#app/pipeline/kubernetes-targets.ts';
import { fetchClusterEvents } from '#app/pipeline/read-events.ts';
import type { QueryDeps } from '#app/pipeline/run-query.ts';
import { type AnalysisPolicy, analyzeLogEvents } from '#core/build-report.ts';
import type { KubernetesMode } from '#core/clusters/kubernetes-mode.ts';
import type { ClusterKubernetesReader, NetworkReader } from '#core/gateways.ts';
import type { ControlPlaneTarget } from '#core/k8s/targets.ts';
import type { ReportNote } from '#core/model/report.ts';
import type { ClusterEvents, LiveAnalysis } from '#core/run/cluster-events.ts';
import { type TimeWindow, windowToIso } from '#core/window/time-window.ts';

/** What a live analysis needs from the outside world. */
export interface LiveAnalysisDeps extends QueryDeps {
  readonly network: NetworkReader;
}

/**
 * The live analysis of one cluster and one window, end to end: the Logs Insights query (split
 * until nothing is truncated), the classifier, a fresh network snapshot, the evaluation and the
 * minimal rules. The same code path as the offline `analyze --logs --network`, with the logs and
 * the snapshot read from AWS. Windows whose events could not all be read are reported as notes,
 * never dropped silently.
 *
 * @throws LoggingNotEnabledError when the cluster's API-server logs were never enabled.
 * @throws QueryAbortedError, QueryFailedError, AwsCallError from the query or the snapshot.
 * @example
 * const { report } = await analyzeCluster({ insights, network, clock }, { cluster: 'prod', window });
 */
export async function analyzeCluster(
  deps: LiveAnalysisDeps,
  request: {
    readonly cluster: string;
    readonly window: TimeWindow;
    /** Targets read from the Kubernetes API: resolve service-only findings exactly. */
    readonly kubernetes?: readonly ControlPlaneTarget[] | null;
    /** With `kubernetes`: also judge every flow the targets open today (the audit). */
    readonly audit?: boolean;
    /** Sensitive ports and quotas (defaults when absent). */
    readonly policy?: AnalysisPolicy;
    /** `--control-plane-group`: the group new rules name for the control plane. */
    readonly controlPlaneGroup?: string | null;
  },
  options: WindowFetchOptions = {},
): Promise<LiveAnalysis> {
  const fetched = await fetchClusterEvents(deps, request, options);
  const snapshot = await deps.network.readSnapshot(request.cluster, options.signal ?? undefined);
  const analysed = analyzeLogEvents(fetched.events, snapshot, {
    referenceTime: deps.clock.now(),
    window: windowToIso(request.window),
    kubernetes: request.kubernetes ?? null,
    audit: request.audit === true,
    ...request.policy,
    controlPlaneGroup: request.controlPlaneGroup ?? null,
  });
  const { events, ...cost } = fetched;
  return {
    report: { ...analysed, notes: [...incompleteNotes(fetched), ...analysed.notes] },
    events: { ...cost, count: events.length },
  };
}

/** One cluster and one window to read and analyse. */
export interface WindowRequest {
  readonly cluster: string;
  readonly window: TimeWindow;
  /** Default `off`; `resolve` and `audit` read the Kubernetes API. */
  readonly kubernetes?: KubernetesMode;
  /** What a failed Kubernetes read does (default `note`; the CLI asks `throw`). */
  readonly targetsFailure?: TargetsFailure;
  readonly policy?: AnalysisPolicy;
  /** `--control-plane-group`: the group new rules name for the control plane. */
  readonly controlPlaneGroup?: string | null;
}

/** What reading and analysing one window needs: the live analysis' ports and a Kubernetes reader. */
export type WindowReadDeps = LiveAnalysisDeps & { readonly kubernetes?: ClusterKubernetesReader };

/**
 * Reads and analyses one window: the cluster's Kubernetes targets as `request.kubernetes` asks
 * (a failed read becomes a note, or fails with `targetsFailure: 'throw'`), then
 * {@link analyzeCluster}; `notes` and the targets' note are added to the report. Also returns
 * the time spent reading the network snapshot.
 *
 * @throws whatever {@link analyzeCluster} throws; with `'throw'`, the Kubernetes reader's error.
 * @example
 * const { live } = await analyseWindow(deps, { cluster: 'prod', window }, [], { signal });
 */
export async function analyseWindow(
  deps: WindowReadDeps,
  request: WindowRequest,
  notes: readonly ReportNote[],
  options: WindowFetchOptions,
): Promise<{ readonly live: LiveAnalysis; readonly snapshotMs: number }> {
  const { clock } = deps;
  let snapshotMs = 0;
  const network: NetworkReader = {
    readSnapshot: async (cluster, signal) => {
      const before = clock.now();
      try {
        return await deps.network.readSnapshot(cluster, signal);
      } finally {
        snapshotMs += clock.now() - before;
      }
    },
  };
  const mode = request.kubernetes ?? 'off';
  const targets =
    mode === 'off'
      ? null
      : await readTargets(deps, request.cluster, options, request.targetsFailure);
  const analysis = await analyzeCluster(
    { insights: deps.insights, network, clock },
    {
      cluster: request.cluster,
      window: request.window,
      kubernetes: targets?.kind === 'read' ? targets.targets : null,
      audit: mode === 'audit',
      ...(request.policy ? { policy: request.policy } : {}),
      controlPlaneGroup: request.controlPlaneGroup ?? null,
    },
    options,
  );
  const extraNotes = [...notes, ...(targets?.kind === 'unavailable' ? [targets.note] : [])];
  const live =
    extraNotes.length > 0
      ? {
          ...analysis,
          report: { ...analysis.report, notes: [...analysis.report.notes, ...extraNotes] },
        }
      : analysis;
  return { live, snapshotMs };
}

function incompleteNotes(fetched: ClusterEvents): ReportNote[] {
  return fetched.incomplete.map((gap) => {
    const { start } = windowToIso(gap.window);
    const matched = gap.recordsMatched === null ? 'more records' : `${gap.recordsMatched} records`;
    return {
      code: 'logs-incomplete',
      message: `Logs Insights matched ${matched} in the second starting ${start} but only ${gap.rowsReturned} could be read; findings from the rest are missing.`,
    };
  });
}
