import { fetchWindowEvents } from '#app/pipeline/fetch-window.ts';
import { flowLogGroupName } from '#app/plan/flow-log-sync.ts';
import type { ClusterSpec } from '#core/clusters/cluster-spec.ts';
import { LogGroupNotFoundError } from '#core/errors.ts';
import type {
  Clock,
  ClusterKubernetesReader,
  DriftStateStore,
  LogsInsightsPort,
  NetworkReader,
  Notifier,
} from '#core/gateways.ts';
import { FLOW_LOG_RECORDS_QUERY } from '#core/insights/flow-log-query.ts';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';
import { buildNetworkModel } from '#core/network/build-model.ts';
import { computePlan } from '#core/plan/compute-plan.ts';
import { driftDelta, driftItems } from '#core/plan/drift.ts';
import { flowRecordsOfMessages } from '#core/plan/flow-input.ts';
import { clusterStateKey } from '#core/run/state-keys.ts';
import { buildDriftNotification, renderDriftMessage } from '#render/alerts/drift-message.ts';

/** The reads of one cluster, over its clients (its Region, its account's role). */
export interface DriftClusterPorts {
  readonly network: NetworkReader;
  readonly insights: LogsInsightsPort;
  /** Null: registrations are not read (the documented minimum and the flow logs only). */
  readonly kubernetes: ClusterKubernetesReader | null;
}

/** What {@link runPlanDrift} is built from. */
export interface PlanDriftDeps {
  readonly portsFor: (cluster: ClusterSpec) => Promise<DriftClusterPorts>;
  readonly store: DriftStateStore;
  readonly notifier: Notifier;
  readonly clock: Clock;
}

/** How the drift report runs. */
export interface PlanDriftSettings {
  /** The window of flow logs each plan reads, ending now. */
  readonly windowMs: number;
  /** The shortest window trusted without a confidence flag. */
  readonly minWindowMs: number;
  /** The control-plane group of a cluster (`CONTROL_PLANE_GROUPS`), or null to follow the rules. */
  readonly controlPlaneGroupOf: (cluster: ClusterSpec) => string | null;
  /** Compute and compare only: publish nothing, save nothing. */
  readonly dryRun: boolean;
}

/** What the drift report did for one cluster. */
export type PlanDriftResult =
  | {
      readonly kind: 'published' | 'nothing-new' | 'dry-run';
      readonly cluster: string;
      readonly newItems: readonly string[];
      readonly knownItems: number;
      readonly replay: 'pass' | 'fail';
      readonly messageId: string | null;
      readonly notes: readonly string[];
    }
  /** The cluster has no control-plane flow-log group: `enable-flow-logs` was not run for it. */
  | { readonly kind: 'no-flow-logs'; readonly cluster: string; readonly logGroupName: string }
  | { readonly kind: 'failed'; readonly cluster: string; readonly message: string };

/**
 * The weekly drift report: for each cluster, computes the least-privilege plan over the last
 * `windowMs` of control-plane flow logs (the group `enable-flow-logs` writes), the network as EC2
 * describes it and, when a Kubernetes reader is given, the registered APIServices and webhooks;
 * then notifies once per new item: a rule the plan adds (a new required port, proposed before
 * its calls fail) or a rule unused for the whole window. Items already notified are remembered
 * in the state table and not notified again while runs keep seeing them. A cluster without the
 * flow-log group (flow logs are opt-in) is reported as `no-flow-logs`, not failed. The state is saved
 * only after the message is published, so a failed publish is retried by the next run. One
 * cluster's failure does not stop the others.
 *
 * @example
 * const results = await runPlanDrift(deps, clusters, { windowMs: 14 * DAY, minWindowMs: 7 * DAY, controlPlaneGroupOf: () => null, dryRun: false });
 */
export async function runPlanDrift(
  deps: PlanDriftDeps,
  clusters: readonly ClusterSpec[],
  settings: PlanDriftSettings,
  signal?: AbortSignal,
): Promise<PlanDriftResult[]> {
  const results: PlanDriftResult[] = [];
  for (const cluster of clusters) {
    try {
      results.push(await driftOfCluster(deps, cluster, settings, signal));
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      results.push({ kind: 'failed', cluster: cluster.name, message });
    }
  }
  return results;
}

async function driftOfCluster(
  deps: PlanDriftDeps,
  cluster: ClusterSpec,
  settings: PlanDriftSettings,
  signal: AbortSignal | undefined,
): Promise<PlanDriftResult> {
  const ports = await deps.portsFor(cluster);
  const now = deps.clock.now();
  const snapshot = await ports.network.readSnapshot(cluster.name, signal);
  const targets =
    ports.kubernetes === null
      ? null
      : controlPlaneTargets(await ports.kubernetes.readClusterObjects(cluster.name, signal));
  const group = flowLogGroupName(cluster.name);
  const endSec = Math.floor(now / 1000);
  const window = { startSec: endSec - Math.floor(settings.windowMs / 1000), endSec };
  let fetched: Awaited<ReturnType<typeof fetchWindowEvents>>;
  try {
    fetched = await fetchWindowEvents(
      { insights: ports.insights, clock: deps.clock },
      { logGroupName: group, queryString: FLOW_LOG_RECORDS_QUERY, window },
      { signal },
    );
  } catch (error) {
    // Flow logs are opt-in: a cluster without them is reported, not failed every week.
    if (error instanceof LogGroupNotFoundError && error.logGroupName === group) {
      return { kind: 'no-flow-logs', cluster: cluster.name, logGroupName: group };
    }
    throw error;
  }
  const records = flowRecordsOfMessages(
    fetched.events.map((e) => e.message),
    { format: null, label: group },
  );
  const plan = computePlan({
    model: buildNetworkModel(snapshot),
    targets,
    records,
    failures: [],
    controlPlaneGroup: settings.controlPlaneGroupOf(cluster),
    minWindowMs: settings.minWindowMs,
  });
  const key = `plan-drift/${clusterStateKey(cluster)}`;
  const delta = driftDelta(await deps.store.load(key), driftItems(plan), now);
  const notes = fetched.incomplete.map(
    (gap) => `flow-log records missing in the second starting at ${gap.window.startSec}`,
  );
  const base = {
    cluster: cluster.name,
    newItems: delta.news.map((i) => i.key),
    knownItems: delta.known.length,
    replay: plan.replay.status,
    notes,
  };
  if (settings.dryRun) return { kind: 'dry-run', ...base, messageId: null };
  let messageId: string | null = null;
  if (delta.news.length > 0) {
    const place = { account: cluster.account, region: cluster.region };
    const notification = buildDriftNotification(plan, delta.news, place, now);
    messageId = (await deps.notifier.publish(renderDriftMessage(notification, plan))).messageId;
  }
  if (delta.writes.length > 0) await deps.store.save(key, delta.writes);
  return { kind: messageId === null ? 'nothing-new' : 'published', ...base, messageId };
}
