import type { WindowFetchOptions } from '#app/pipeline/fetch-window.ts';
import { fetchClusterEvents } from '#app/pipeline/read-events.ts';
import type { QueryDeps } from '#app/pipeline/run-query.ts';
import { type AnalysisPolicy, analyzeLogEvents } from '#core/build-report.ts';
import type { NetworkReader } from '#core/gateways.ts';
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
