import { runAlertStep } from '#app/pipeline/alert-step.ts';
import {
  analyseWindow,
  type LiveAnalysisDeps,
  type WindowReadDeps,
  type WindowRequest,
} from '#app/pipeline/analyze-window.ts';
import type { WindowFetchOptions } from '#app/pipeline/fetch-window.ts';
import { leaseKeeper } from '#app/pipeline/run-lease.ts';
import {
  planScheduledRun,
  runScheduledWindow,
  type ScheduledRunPlan,
} from '#app/pipeline/window-step.ts';
import type { AnalysisPolicy } from '#core/build-report.ts';
import {
  type ControlPlaneGroupEntry,
  controlPlaneGroupOf,
} from '#core/clusters/control-plane-groups.ts';
import type { KubernetesMode } from '#core/clusters/kubernetes-mode.ts';
import type {
  AlertStateStore,
  ClusterKubernetesReader,
  ClusterRef,
  Notifier,
  RunLeases,
  ServerTime,
  WindowStore,
} from '#core/gateways.ts';
import type { ReportNote } from '#core/model/report.ts';
import type { LiveAnalysis } from '#core/run/cluster-events.ts';
import type {
  AlertOutcome,
  ClusterAnalysed,
  ClusterUpToDate,
} from '#core/run/cluster-run-result.ts';
import { planNotes } from '#core/run/plan-notes.ts';
import { type Analysed, analysed, upToDate } from '#core/run/run-outcome.ts';
import { clusterStateKey } from '#core/run/state-keys.ts';
import type { WindowPlan, WindowPlanSettings } from '#core/window/plan-window.ts';
import type { TimeWindow } from '#core/window/time-window.ts';

/** What one cluster's run needs: the live analysis' ports, the state stores and the notifier. */
export interface ClusterRunDeps extends LiveAnalysisDeps {
  readonly windows: WindowStore;
  readonly alerts: AlertStateStore;
  readonly notifier: Notifier;
  /** The cluster's Kubernetes API; read only when the settings' `kubernetes` is not `off`. */
  readonly kubernetes?: ClusterKubernetesReader;
  /** The services' clock: no window is planned past it (a local clock ahead loses nothing). */
  readonly serverTime?: ServerTime;
  /** One run per cluster publishes and commits at a time; without it, runs are not serialised. */
  readonly leases?: RunLeases;
}

/** Settings shared by every cluster of a run. */
export interface ClusterRunSettings {
  readonly windowPlan: WindowPlanSettings;
  readonly resolveAfterMs: number;
  /** Default `off`. */
  readonly kubernetes?: KubernetesMode;
  /** The deployment is a dry run (`DRY_RUN`): every run is one, whatever its request says. */
  readonly dryRun?: boolean;
  /** How long a run's cluster lease lasts at most (default `DEFAULT_RUN_LEASE_MS`, 15 min). */
  readonly runLeaseMs?: number;
  /** Sensitive ports and quotas of the analysis (defaults when absent). */
  readonly policy?: AnalysisPolicy;
  /**
   * `CONTROL_PLANE_GROUPS`: the group new rules name as the control plane's, per cluster (as the
   * CLI's `--control-plane-group`); a cluster without one follows its existing rules.
   */
  readonly controlPlaneGroups?: readonly ControlPlaneGroupEntry[];
}

/** One cluster's run. */
export interface ClusterRunRequest {
  readonly cluster: ClusterRef;
  /** `null`: the incremental scheduled window; else the last `sinceMs` up to now, never committed. */
  readonly sinceMs: number | null;
  /** Analyse only: publish nothing, save no alert state, commit no window. */
  readonly dryRun: boolean;
  /** When false: publish nothing, but save the alert state and commit the window. */
  readonly notify: boolean;
}

type QueryPlan = Extract<WindowPlan, { kind: 'query' }>;

const COMMIT_OF = {
  committed: 'committed',
  conflict: 'conflict',
  'end-in-future': 'not-committed',
  withheld: 'not-committed',
} as const;

function isWithheldForAnotherRun(alerts: AlertOutcome): boolean {
  return alerts.kind === 'withheld' && alerts.reason === 'another-run';
}

/**
 * One cluster, end to end: choose the window (the incremental scheduled window, or the last
 * `since` on demand), run the live analysis (Logs Insights → findings → network snapshot →
 * recommendations), run the alerting step (publish new, changed and resolved alerts), and only
 * then commit the scheduled window's end. A failure anywhere commits nothing, so the next run
 * reads the same seconds again and delivers what this one could not.
 * - dry run: the window is planned from the stored end but not committed; the alert diff is
 *   computed but nothing is published or saved;
 * - `notify: false`: nothing is published; the alert state is saved and the window committed
 *   (the current findings become the known baseline);
 * - `since`: the window is `[now − since, now)`; the schedule's window end never moves.
 * This is the unit a fan-out (one message or invocation per cluster) runs.
 *
 * @throws whatever the analysis, the alerting or the stores throw (LoggingNotEnabledError,
 *   QueryAbortedError, AwsCallError, ...); nothing is committed then.
 * @example
 * const result = await runClusterAnalysis(deps, { cluster: { name: 'prod' }, sinceMs: null,
 *   dryRun: false, notify: true }, { windowPlan: DEFAULT_WINDOW_PLAN, resolveAfterMs: 3_600_000 },
 *   { signal });
 */
export async function runClusterAnalysis(
  deps: ClusterRunDeps,
  request: ClusterRunRequest,
  settings: ClusterRunSettings,
  options: WindowFetchOptions = {},
): Promise<ClusterAnalysed | ClusterUpToDate> {
  const effective = settings.dryRun === true ? { ...request, dryRun: true } : request;
  const lease = leaseKeeper(deps, effective, settings);
  try {
    return await runWithLease(deps, effective, settings, options, lease.take);
  } finally {
    await lease.release();
  }
}

async function runWithLease(
  deps: ClusterRunDeps,
  request: ClusterRunRequest,
  settings: ClusterRunSettings,
  options: WindowFetchOptions,
  takeLease: () => Promise<boolean>,
): Promise<ClusterAnalysed | ClusterUpToDate> {
  const name = request.cluster.name;
  const analyse = (
    window: TimeWindow,
    plan: QueryPlan | null,
    settle: ScheduledRunPlan['settle'] = null,
  ): Promise<Analysed> =>
    analyseAndAlert(
      deps,
      request,
      settings,
      { window, notes: planNotes(plan, settle?.gaveUp ?? null), takeLease },
      settle ? { ...options, settle } : options,
    );
  const horizonMs = deps.serverTime?.now() ?? null;
  if (request.sinceMs !== null) {
    const now = deps.clock.now();
    const window = {
      startSec: Math.floor((now - request.sinceMs) / 1000),
      endSec: Math.floor(now / 1000),
    };
    return analysed(name, window, await analyse(window, null), null, 'not-committed');
  }
  if (request.dryRun) {
    const store = { store: deps.windows, clock: deps.clock };
    const planned = await planScheduledRun(store, {
      cluster: request.cluster,
      settings: settings.windowPlan,
      horizonMs,
    });
    const { plan, settle } = planned;
    if (plan.kind === 'up-to-date') return upToDate(name, plan.lastEndSec);
    const result = await analyse(plan.window, plan, settle);
    return analysed(name, plan.window, result, plan, 'not-committed');
  }
  const outcome = await runScheduledWindow(
    { store: deps.windows, clock: deps.clock },
    {
      cluster: request.cluster,
      settings: settings.windowPlan,
      horizonMs,
      delivered: (result: Analysed) => !isWithheldForAnotherRun(result.alerts),
      deliveredEvents: (result: Analysed) => result.live.events.delivered,
    },
    (plan, window, settle) => analyse(window, plan, settle),
  );
  if (outcome.kind === 'up-to-date') return upToDate(name, outcome.lastEndSec);
  const commit = COMMIT_OF[outcome.kind];
  return analysed(name, outcome.plan.window, outcome.result, outcome.plan, commit);
}

/**
 * One cluster and one fixed window through the same read and analysis as a scheduled run
 * (Kubernetes targets as asked → Logs Insights → classify → network snapshot → evaluate →
 * recommend), with the alert step and the window commit off and no state store.
 *
 * @throws LoggingNotEnabledError, QueryAbortedError, QueryFailedError, AwsCallError; with
 *   `targetsFailure: 'throw'`, the Kubernetes reader's error.
 * @example
 * const { report } = await runClusterOnce({ insights, network, clock }, { cluster: 'prod', window });
 */
export async function runClusterOnce(
  deps: WindowReadDeps,
  request: WindowRequest,
  options: WindowFetchOptions = {},
): Promise<LiveAnalysis> {
  const { live } = await analyseWindow(deps, request, [], options);
  return live;
}

async function analyseAndAlert(
  deps: ClusterRunDeps,
  request: ClusterRunRequest,
  settings: ClusterRunSettings,
  read: {
    readonly window: TimeWindow;
    readonly notes: readonly ReportNote[];
    readonly takeLease: () => Promise<boolean>;
  },
  options: WindowFetchOptions,
): Promise<Analysed> {
  const { clock } = deps;
  const { window } = read;
  const started = clock.now();
  const oneOff = {
    cluster: request.cluster.name,
    window,
    ...(settings.kubernetes ? { kubernetes: settings.kubernetes } : {}),
    ...(settings.policy ? { policy: settings.policy } : {}),
    controlPlaneGroup: controlPlaneGroupOf(settings.controlPlaneGroups ?? [], request.cluster),
  };
  const { live, snapshotMs } = await analyseWindow(deps, oneOff, read.notes, options);
  const analysisMs = clock.now() - started;
  // Alerts are judged at the log time read, not past it: a finding last seen at the window's end
  // is not "resolved" by a clock that runs ahead of the logs (or by a catch-up window's age).
  const logNow = (window.endSec + 1) * 1000 + settings.windowPlan.ingestionLagMs;
  const leased = await read.takeLease();
  const step = await runAlertStep(
    { store: deps.alerts, notifier: deps.notifier },
    {
      clusterKey: clusterStateKey(request.cluster),
      place: { account: request.cluster.account ?? null, region: request.cluster.region ?? null },
      report: live.report,
      now: Math.min(clock.now(), logNow),
      dryRun: request.dryRun || !leased,
      notify: request.notify,
      resolveAfterMs: settings.resolveAfterMs,
    },
  );
  const alerts: AlertOutcome =
    !leased && step.kind === 'withheld' ? { ...step, reason: 'another-run' } : step;
  return { live, alerts, durations: { analysisMs, snapshotMs } };
}
