import type { SQSEvent } from 'aws-lambda';
import {
  type AnalyzeClients,
  ClusterClientPool,
  deployedAnalyzeClients,
} from '#adapters/aws/clients.ts';
import { systemClock } from '#adapters/system-clock.ts';
import type {
  AnalyzeInvocationDeps,
  AnalyzeInvocationSettings,
} from '#app/fanout/analyze-invocation.ts';
import type { ReceivedWork, WorkerDeps, WorkerSettings } from '#app/fanout/process-work.ts';
import type { WorkBatchOutput } from '#app/fanout/work-batch.ts';
import type { Invocation } from '#app/invocation.ts';
import type { ClusterRunSettings } from '#app/pipeline/run-cluster.ts';
import { type AnalyzeConfig, loadAnalyzeConfig } from '#config/load-config.ts';
import { homeLocation, resolveClusterSpecs } from '#core/clusters/cluster-spec.ts';
import type { Clock } from '#core/gateways.ts';
import { type AnalyzeServices, clusterRunner, homeServices } from '#wiring/analyze-services.ts';
import { makeObservability, type Observability } from '#wiring/lambda-chain.ts';
import { emitMetrics, logClusterResult, logWorkOutcome } from '#wiring/lambda-logs.ts';

/** What `analyze` and `analyzeCluster` are built from: configuration, SDK clients and a clock. */
export interface AnalyzeDeps {
  readonly config: AnalyzeConfig;
  readonly clients: AnalyzeClients;
  readonly clock: Clock;
  readonly timeoutEarlyInMillis?: number;
  /** Settings of the clients built per cluster (tests: `{ maxAttempts: 1 }`). */
  readonly clientConfig?: { readonly maxAttempts?: number };
  /** Source of jitter for the worker's slot choice and backoff (default `Math.random`). */
  readonly random?: () => number;
}

/**
 * The deployed functions' dependencies: configuration read and clients built once, at cold start.
 *
 * @throws ConfigError when the configuration is invalid.
 * @example
 * export const handler = makeHandler(deployedAnalyzeDeps());
 */
export function deployedAnalyzeDeps(): AnalyzeDeps {
  return { config: loadAnalyzeConfig(), clients: deployedAnalyzeClients(), clock: systemClock };
}

/** What both functions build once per cold start and keep between invocations. */
export interface AnalyzeRuntime {
  readonly observability: Observability;
  readonly services: AnalyzeServices;
  /** The clients of each cluster (its Region, its account's role). */
  readonly pool: ClusterClientPool;
  readonly settings: ClusterRunSettings;
}

/**
 * The observability, home adapters, per-cluster client pool and run settings, from the configuration.
 *
 * @example
 * const { services, pool, settings } = analyzeRuntime({ config, clients, clock: systemClock });
 */
export function analyzeRuntime(deps: AnalyzeDeps): AnalyzeRuntime {
  const { config, clients, clock } = deps;
  return {
    observability: makeObservability(config),
    services: homeServices(config, clients, clock),
    pool: new ClusterClientPool({
      own: clients,
      roles: config.accountRoles,
      sts: clients.sts,
      clock,
      clientConfig: deps.clientConfig,
    }),
    settings: {
      windowPlan: config.windowPlan,
      resolveAfterMs: config.resolveAfterMs,
      kubernetes: config.kubernetes,
      dryRun: config.dryRun,
      policy: config.policy,
      controlPlaneGroups: config.controlPlaneGroups,
    },
  };
}

/**
 * What the `analyze` use case runs over and with: the queue, the slots, the cluster runner, and
 * the logs and metrics of its progress.
 *
 * @example
 * const { deps, settings } = analyzeApp(analyzeRuntime(deps), deps.config);
 */
export function analyzeApp(
  runtime: AnalyzeRuntime,
  config: AnalyzeConfig,
): { readonly deps: AnalyzeInvocationDeps; readonly settings: AnalyzeInvocationSettings } {
  const { observability, services, pool, settings } = runtime;
  const { logger, metrics } = observability;
  return {
    deps: {
      queue: services.queue,
      slots: services.slots,
      clock: services.clock,
      runnerFor: (home) => clusterRunner(pool, home, services, settings),
      output: {
        dispatched: (sent, failed) => {
          logger.info('clusters dispatched', { dispatched: sent, failed });
          metrics.addMetric('ClustersDispatched', 'Count', sent);
          metrics.addMetric('DispatchFailures', 'Count', failed.length);
        },
        clusterResult: (result) => logClusterResult(logger, result),
        metrics: (points) => emitMetrics(metrics, points),
      },
    },
    settings: {
      region: config.region,
      clusters: config.clusters,
      dryRun: config.dryRun,
      maxSinceMs: config.windowPlan.maxResumeAgeMs,
      inlineMax: config.inlineMax,
      cap: config.queryConcurrency,
    },
  };
}

/**
 * What the `analyzeCluster` worker runs over: the slots, the queue and the cluster runner (a
 * throttled account is handed back to the queue quickly instead of holding the slot), the
 * clusters it may run, and the logs and metrics of each message's outcome.
 *
 * @example
 * const { deps: worker, settings, output } = workerApp(runtime, deps, invocation);
 */
export function workerApp(
  runtime: AnalyzeRuntime,
  deps: AnalyzeDeps,
  invocation: Invocation,
): {
  readonly deps: WorkerDeps;
  readonly settings: Omit<WorkerSettings, 'leaseMs'>;
  readonly output: WorkBatchOutput;
} {
  const { observability, services, pool, settings } = runtime;
  const home = homeLocation(invocation.functionArn, deps.config.region);
  const run = clusterRunner(pool, home, services, settings, { maxQuotaRetries: 1 });
  return {
    deps: { ...services, run, random: deps.random },
    settings: {
      configured: resolveClusterSpecs(deps.config.clusters, home),
      cap: deps.config.queryConcurrency,
    },
    output: {
      outcome: (outcome, received) => logWorkOutcome(observability, outcome, received),
      releaseError: (error) => observability.logger.warn('slot not released', { error }),
    },
  };
}

/**
 * The work messages of an SQS event as the worker reads them.
 *
 * @example
 * const messages = receivedWork(event);
 */
export function receivedWork(event: SQSEvent): ReceivedWork[] {
  return (event.Records ?? []).map((record) => ({
    messageId: record.messageId,
    receiptHandle: record.receiptHandle,
    body: record.body,
    receiveCount: Number(record.attributes?.ApproximateReceiveCount) || 1,
  }));
}
