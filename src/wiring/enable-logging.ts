import {
  ClusterClientPool,
  type ClustersClients,
  deployedClusterClients,
} from '#adapters/aws/clients.ts';
import { CloudWatchLogRetention } from '#adapters/aws/cloudwatch-log-retention.ts';
import { CloudWatchLogsIndexPolicy } from '#adapters/aws/cloudwatch-logs-index-policy.ts';
import { EksClusterControl } from '#adapters/aws/eks-cluster-control.ts';
import { systemClock } from '#adapters/system-clock.ts';
import type {
  EnableLoggingInvocationDeps,
  EnableLoggingInvocationSettings,
} from '#app/enable-logging/enable-invocation.ts';
import { type EnableLoggingConfig, loadEnableLoggingConfig } from '#config/load-config.ts';
import type { Clock } from '#core/gateways.ts';
import { makeObservability, type Observability } from '#wiring/lambda-chain.ts';

/** What the enableLogging handler is built from. */
export interface EnableLoggingDeps {
  readonly config: EnableLoggingConfig;
  /** The own account's clients (EC2 is never called here) and STS, built at the first role. */
  readonly clients: ClustersClients;
  readonly clock: Clock;
  readonly timeoutEarlyInMillis?: number;
  /** Settings of the clients built per cluster (tests: `{ maxAttempts: 1 }`). */
  readonly clientConfig?: { readonly maxAttempts?: number };
}

/**
 * The deployed function's dependencies: configuration read and clients built once, at cold start.
 *
 * @throws ConfigError when the configuration is invalid.
 * @example
 * export const handler = makeHandler(deployedEnableLoggingDeps());
 */
export function deployedEnableLoggingDeps(): EnableLoggingDeps {
  return {
    config: loadEnableLoggingConfig(),
    clients: deployedClusterClients(),
    clock: systemClock,
  };
}

/** What `enableLogging` is built from once per cold start. */
export interface EnableLoggingApp {
  readonly observability: Observability;
  readonly deps: EnableLoggingInvocationDeps;
  readonly settings: EnableLoggingInvocationSettings;
}

/**
 * The use case's ports over the per-cluster client pool (each cluster's Region and account role),
 * its logs and metrics, and its settings from the configuration.
 *
 * @example
 * const app = enableLoggingApp({ config, clients, clock: systemClock });
 */
export function enableLoggingApp(deps: EnableLoggingDeps): EnableLoggingApp {
  const { config, clock } = deps;
  const observability = makeObservability(config);
  const { logger, metrics } = observability;
  const pool = new ClusterClientPool({
    own: deps.clients,
    roles: config.accountRoles,
    sts: deps.clients.sts,
    clock,
    clientConfig: deps.clientConfig,
  });
  return {
    observability,
    deps: {
      clock,
      portsFor: async (cluster, home) => {
        const clients = await pool.clientsFor(cluster, home);
        const eks = new EksClusterControl(clients.eks);
        return { eks, logs: new CloudWatchLogRetention(clients.logs), clock };
      },
      indexPolicyFor: async (cluster, home) =>
        new CloudWatchLogsIndexPolicy((await pool.clientsFor(cluster, home)).logs),
      output: {
        clusterResult: (result) => {
          const log = result.ok ? logger.info : logger.error;
          log.call(logger, 'cluster logging', { ...result });
        },
        failures: (count) => metrics.addMetric('EnableLoggingFailures', 'Count', count),
        indexFailed: (outcome) => logger.warn('log stream index', { ...outcome }),
      },
    },
    settings: {
      region: config.region,
      clusters: config.clusters,
      retentionDays: config.retentionDays,
      forceRetention: config.forceRetention,
    },
  };
}
