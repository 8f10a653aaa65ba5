import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { EKSClient } from '@aws-sdk/client-eks';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { STSClient } from '@aws-sdk/client-sts';
import { lambdaClientConfig } from '#adapters/aws-client-config.ts';
import { DynamoAlertStateStore } from '#adapters/dynamodb-alert-store.ts';
import { DynamoDbConcurrencySlots } from '#adapters/dynamodb-concurrency-slots.ts';
import { DynamoDbRunLeases } from '#adapters/dynamodb-run-leases.ts';
import { SdkServerTime } from '#adapters/dynamodb-server-time.ts';
import { DynamoDbWindowStore } from '#adapters/dynamodb-window-store.ts';
import { SnsNotifier } from '#adapters/sns-notifier.ts';
import { SqsWorkQueue } from '#adapters/sqs-work-queue.ts';
import type { ClusterRunSettings } from '#app/pipeline/run-cluster.ts';
import type { AnalyzeConfig } from '#config/load-config.ts';
import type { Clock, ConcurrencySlots, WorkQueue } from '#core/gateways.ts';
import { ClusterClientPool, deployedClusterClients } from '#functions/cluster-clients.ts';
import type { HomeServices } from '#functions/cluster-runner.ts';

/** The SDK clients of `analyze` and `analyzeCluster`: the own account's, and STS when needed. */
export interface AnalyzeClients {
  /** Logs Insights, EKS and EC2 of the function's own account and Region. */
  readonly logs: CloudWatchLogsClient;
  readonly eks: EKSClient;
  readonly ec2: EC2Client;
  /** The state table, the alert topic and the work queue (all in the home account). */
  readonly dynamodb: DynamoDBClient;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  /** Built at the first cluster reached through a role. */
  readonly sts: () => STSClient;
}

/** What `analyze` and `analyzeCluster` are built from: configuration, SDK clients and a clock. */
export interface AnalyzeDeps {
  readonly config: AnalyzeConfig;
  readonly clients: AnalyzeClients;
  readonly clock: Clock;
  readonly timeoutEarlyInMillis?: number;
  /** Settings of the clients built per cluster (tests: `{ maxAttempts: 1 }`). */
  readonly clientConfig?: { readonly maxAttempts?: number };
}

/**
 * The clients the deployed functions build at cold start: the function's credentials and Region,
 * the Lambdas' client configuration (bounded adaptive retries and timeouts, the project's user
 * agent).
 *
 * @example
 * const clients = deployedAnalyzeClients();
 */
export function deployedAnalyzeClients(): AnalyzeClients {
  return {
    ...deployedClusterClients(),
    dynamodb: new DynamoDBClient(lambdaClientConfig()),
    sns: new SNSClient(lambdaClientConfig()),
    sqs: new SQSClient(lambdaClientConfig()),
  };
}

/** What both functions build once per cold start and keep between invocations. */
export interface AnalyzeRuntime {
  readonly services: AnalyzeServices;
  /** The clients of each cluster (its Region, its account's role). */
  readonly pool: ClusterClientPool;
  readonly settings: ClusterRunSettings;
}

/**
 * The home adapters, the per-cluster client pool and the run settings, from the configuration.
 *
 * @example
 * const { services, pool, settings } = analyzeRuntime({ config, clients, clock: systemClock });
 */
export function analyzeRuntime(deps: AnalyzeDeps): AnalyzeRuntime {
  const { config, clients, clock } = deps;
  return {
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
