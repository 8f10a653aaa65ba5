import { AwsNetworkReader } from '#adapters/aws/aws-network-reader.ts';
import { CloudWatchLogsInsights } from '#adapters/aws/cloudwatch-logs-insights.ts';
import { EksKubernetesReader } from '#adapters/k8s/eks-kubernetes-reader.ts';
import { type ClusterRunner, runClusterWork } from '#app/fanout/run-cluster-work.ts';
import type { WindowFetchOptions } from '#app/pipeline/fetch-window.ts';
import type { ClusterRunSettings } from '#app/pipeline/run-cluster.ts';
import type { HomeLocation } from '#core/clusters/cluster-spec.ts';
import type {
  AlertStateStore,
  Clock,
  Notifier,
  RunLeases,
  ServerTime,
  WindowStore,
} from '#core/gateways.ts';
import type { ClusterClientPool } from '#functions/cluster-clients.ts';

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
