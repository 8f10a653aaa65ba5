import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { EKSClient } from '@aws-sdk/client-eks';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { STSClient } from '@aws-sdk/client-sts';
import { AwsNetworkReader } from '#adapters/aws/aws-network-reader.ts';
import { ClusterClientPool, deployedAnalyzeClients } from '#adapters/aws/clients.ts';
import { CloudWatchLogsInsights } from '#adapters/aws/cloudwatch-logs-insights.ts';
import { DynamoDriftStateStore } from '#adapters/aws/dynamodb-drift-store.ts';
import { SnsNotifier } from '#adapters/aws/sns-notifier.ts';
import { EksKubernetesReader } from '#adapters/k8s/eks-kubernetes-reader.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { type PlanDriftResult, runPlanDrift } from '#app/plan/drift.ts';
import { loadPlanDriftConfig, type PlanDriftConfig } from '#config/load-config.ts';
import { homeLocation, resolveClusterSpecs } from '#core/clusters/cluster-spec.ts';
import { controlPlaneGroupOf } from '#core/clusters/control-plane-groups.ts';
import { ClusterRunsFailedError } from '#core/errors.ts';
import type { Clock } from '#core/gateways.ts';
import { lambdaChain, makeObservability } from '#wiring/lambda-chain.ts';

/** The SDK clients of `planDrift`: the own account's, the state table, the topic, and STS. */
export interface PlanDriftClients {
  readonly logs: CloudWatchLogsClient;
  readonly eks: EKSClient;
  readonly ec2: EC2Client;
  readonly dynamodb: DynamoDBClient;
  readonly sns: SNSClient;
  readonly sts: () => STSClient;
}

/** What the `planDrift` handler is built from. */
export interface PlanDriftDeps {
  readonly config: PlanDriftConfig;
  readonly clients: PlanDriftClients;
  readonly clock: Clock;
  readonly timeoutEarlyInMillis?: number;
  /** Settings of the clients built per cluster (tests: `{ maxAttempts: 1 }`). */
  readonly clientConfig?: { readonly maxAttempts?: number };
}

/** What an invocation returns: one result per cluster. */
export interface PlanDriftResponse {
  readonly dryRun: boolean;
  readonly clusters: readonly PlanDriftResult[];
}

/**
 * The `planDrift` handler: on its weekly schedule, the drift report of every configured cluster
 * ({@link runPlanDrift}), each cluster read with its own clients (its Region, its account's
 * role), its control-plane group from `CONTROL_PLANE_GROUPS`, its registrations through the
 * Kubernetes API unless `KUBERNETES_MODE` is `off`.
 *
 * @throws ClusterRunsFailedError when a cluster failed (the others were still reported): the
 *   function-errors alarm and the dead-letter queue carry it to the alert topic.
 * @example
 * export const handler = makePlanDriftHandler(deployedPlanDriftDeps());
 */
export function makePlanDriftHandler(deps: PlanDriftDeps) {
  const { config, clients, clock } = deps;
  const observability = makeObservability(config);
  const pool = new ClusterClientPool({
    own: clients,
    roles: config.accountRoles,
    sts: clients.sts,
    clock,
    clientConfig: deps.clientConfig,
  });
  const services = {
    store: new DynamoDriftStateStore(clients.dynamodb, config.stateTable),
    notifier: new SnsNotifier(clients.sns, config.alertTopicArn),
    clock,
  };
  return lambdaChain<unknown, PlanDriftResponse>(
    async (_event, context, { signal }) => {
      const home = homeLocation(context.invokedFunctionArn, config.region);
      const clusters = resolveClusterSpecs(config.clusters, home);
      const portsFor = async (cluster: (typeof clusters)[number]) => {
        const own = await pool.clientsFor(cluster, home);
        return {
          network: new AwsNetworkReader({ eks: own.eks, ec2: own.ec2 }),
          insights: new CloudWatchLogsInsights(own.logs),
          kubernetes:
            config.kubernetes === 'off' ? null : new EksKubernetesReader({ eks: own.eks, clock }),
        };
      };
      const results = await runPlanDrift(
        { ...services, portsFor },
        clusters,
        {
          windowMs: config.windowMs,
          minWindowMs: config.minWindowMs,
          controlPlaneGroupOf: (cluster) => controlPlaneGroupOf(config.controlPlaneGroups, cluster),
          dryRun: config.dryRun,
        },
        signal,
      );
      for (const result of results) {
        const log =
          result.kind === 'failed'
            ? observability.logger.error
            : result.kind === 'no-flow-logs'
              ? observability.logger.warn
              : observability.logger.info;
        log.call(observability.logger, 'plan drift', { ...result });
      }
      const failures = results.flatMap((r) => (r.kind === 'failed' ? [r] : []));
      observability.metrics.addMetric('PlanDriftFailures', 'Count', failures.length);
      if (failures.length > 0) {
        throw new ClusterRunsFailedError(
          failures.map((r) => ({ cluster: r.cluster, message: r.message })),
          results.length,
        );
      }
      return { dryRun: config.dryRun, clusters: results };
    },
    observability,
    { timeoutEarlyInMillis: deps.timeoutEarlyInMillis },
  );
}

/**
 * The deployed dependencies: configuration read and clients built once, at cold start.
 *
 * @throws ConfigError naming the first missing or invalid variable.
 */
export function deployedPlanDriftDeps(): PlanDriftDeps {
  return { config: loadPlanDriftConfig(), clients: deployedAnalyzeClients(), clock: systemClock };
}
