import { AwsNetworkReader } from '#adapters/aws/aws-network-reader.ts';
import type { AnalyzeClients, ClusterClientPool } from '#adapters/aws/clients.ts';
import { CloudWatchLogsInsights } from '#adapters/aws/cloudwatch-logs-insights.ts';
import { DynamoAlertStateStore } from '#adapters/aws/dynamodb-alert-store.ts';
import { DynamoDbConcurrencySlots } from '#adapters/aws/dynamodb-concurrency-slots.ts';
import { DynamoDbRunLeases } from '#adapters/aws/dynamodb-run-leases.ts';
import { SdkServerTime } from '#adapters/aws/dynamodb-server-time.ts';
import { DynamoDbWindowStore } from '#adapters/aws/dynamodb-window-store.ts';
import { SnsNotifier } from '#adapters/aws/sns-notifier.ts';
import { SqsWorkQueue } from '#adapters/aws/sqs-work-queue.ts';
import { EksKubernetesReader } from '#adapters/k8s/eks-kubernetes-reader.ts';
import type { ClusterRunner } from '#app/fanout/run-cluster-work.ts';
import type { WindowFetchOptions } from '#app/pipeline/fetch-window.ts';
import {
  type ClusterRunDeps,
  type ClusterRunSettings,
  runClusterAnalysis,
} from '#app/pipeline/run-cluster.ts';
import type { AnalyzeConfig } from '#config/load-config.ts';
import type { ClusterSpec, HomeLocation } from '#core/clusters/cluster-spec.ts';
import type { ClusterWork } from '#core/clusters/cluster-work.ts';
import type {
  AlertStateStore,
  Clock,
  ConcurrencySlots,
  Notifier,
  RunLeases,
  ServerTime,
  WindowStore,
  WorkQueue,
} from '#core/gateways.ts';
import type { ClusterAnalysed, ClusterUpToDate } from '#core/run/cluster-run-result.ts';

/** The home account's side of every cluster run: state stores, notifier and clock. */
export interface HomeServices {
  readonly windows: WindowStore;
  readonly alerts: AlertStateStore;
  readonly notifier: Notifier;
  readonly clock: Clock;
  /** The services' clock, checked against `clock` before a window is planned. */
  readonly serverTime?: ServerTime;
  /** Each cluster's run lease: one run publishes and commits at a time. */
  readonly leases?: RunLeases;
}

/**
 * The runner of one cluster's work in this invocation: Logs Insights, EKS, EC2 and Kubernetes API
 * adapters over the cluster's clients (its Region, its role; read only as `settings.kubernetes`
 * asks), the home account's stores and topic, and
 * {@link runClusterWork}.
 *
 * @example
 * const run = clusterRunner(pool, home, services, settings, { maxQuotaRetries: 1 });
 * const result = await run(work, signal);
 */
export function clusterRunner(
  pool: ClusterClientPool,
  home: HomeLocation,
  services: HomeServices,
  settings: ClusterRunSettings,
  fetch: WindowFetchOptions = {},
): ClusterRunner {
  const portsFor = async (cluster: Parameters<ClusterClientPool['clientsFor']>[0]) => {
    const clients = await pool.clientsFor(cluster, home);
    return {
      windows: services.windows,
      alerts: services.alerts,
      notifier: services.notifier,
      clock: services.clock,
      serverTime: services.serverTime,
      leases: services.leases,
      insights: new CloudWatchLogsInsights(clients.logs),
      network: new AwsNetworkReader({ eks: clients.eks, ec2: clients.ec2 }),
      kubernetes: new EksKubernetesReader({ eks: clients.eks, clock: services.clock }),
    };
  };
  return (work, signal) => runClusterWork(portsFor, work, settings, { ...fetch, signal });
}

/** The home account's adapters: state stores, topic, clock, slots and work queue. */
export interface AnalyzeServices extends HomeServices {
  readonly slots: ConcurrencySlots;
  readonly queue: WorkQueue;
}

/**
 * The home account's adapters over the given clients and configuration.
 *
 * @example
 * const services = homeServices(config, clients, systemClock);
 */
export function homeServices(
  config: AnalyzeConfig,
  clients: AnalyzeClients,
  clock: Clock,
): AnalyzeServices {
  const table = config.stateTable;
  return {
    windows: new DynamoDbWindowStore(clients.dynamodb, { tableName: table }, clock),
    alerts: new DynamoAlertStateStore(clients.dynamodb, table),
    notifier: new SnsNotifier(clients.sns, config.alertTopicArn),
    clock,
    serverTime: new SdkServerTime(clients.dynamodb, clock),
    leases: new DynamoDbRunLeases(clients.dynamodb, table),
    slots: new DynamoDbConcurrencySlots(clients.dynamodb, table),
    queue: new SqsWorkQueue(clients.sqs, config.workQueueUrl),
  };
}

/**
 * The ports of one cluster's run: Logs Insights, EKS and EC2 of the cluster's account and region
 * (its role's credentials when it has one), the state stores and the notifier of the home
 * account. Rejects with ClusterAccessError when the cluster cannot be reached.
 */
export type ClusterPortsFactory = (cluster: ClusterSpec) => Promise<ClusterRunDeps>;

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
