import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { awsClientConfig, lambdaClientConfig } from '#adapters/aws/aws-client-config.ts';
import {
  StsRoleCredentials,
  type TemporaryCredentials,
} from '#adapters/aws/sts-role-credentials.ts';
import { type AccountRole, clusterAccess } from '#core/clusters/account-roles.ts';
import {
  type ClusterSpec,
  clusterSpecText,
  type HomeLocation,
} from '#core/clusters/cluster-spec.ts';
import type { Clock } from '#core/gateways.ts';

/** The SDK clients that read one cluster: its Logs Insights, EKS and EC2. */
export interface ClusterClients {
  readonly logs: CloudWatchLogsClient;
  readonly eks: EKSClient;
  readonly ec2: EC2Client;
}

/** The own account's cluster clients, and the STS client built at the first cross-account cluster. */
export interface ClustersClients extends ClusterClients {
  readonly sts: () => STSClient;
}

/**
 * The own account's Logs Insights, EKS and EC2 clients and the STS client factory of a deployed
 * function, all with the Lambdas' client configuration ({@link lambdaClientConfig}).
 *
 * @example
 * const clients = deployedClusterClients(); // at cold start
 */
export function deployedClusterClients(): ClustersClients {
  return {
    logs: new CloudWatchLogsClient(lambdaClientConfig()),
    eks: new EKSClient(lambdaClientConfig()),
    ec2: new EC2Client(lambdaClientConfig()),
    sts: () => new STSClient(lambdaClientConfig()),
  };
}

/** What the pool is built from. */
export interface ClusterClientPoolOptions {
  /** Clients of the function's own account and Region, built at cold start. */
  readonly own: ClusterClients;
  readonly roles: readonly AccountRole[];
  /** The STS client, built at the first cross-account cluster. */
  readonly sts: () => STSClient;
  readonly clock: Clock;
  /** Settings added to every client the pool builds (tests: `{ maxAttempts: 1 }`). */
  readonly clientConfig?: { readonly maxAttempts?: number };
  /** Clusters whose clients are kept between invocations (default 16, least recently used out). */
  readonly keep?: number;
}

/**
 * Builds and keeps the clients of each cluster: the function's own clients for a cluster of its
 * account and Region; clients of the cluster's Region (with the function's credentials) for
 * another Region of its account; and clients signed with the assumed role's credentials (STS
 * AssumeRole, session `eks-sg-advisor-<cluster>`, renewed before expiry) for a cluster of an
 * account with a configured role. Clients are kept for the next invocations (connections stay
 * open) and destroyed when evicted.
 *
 * @example
 * const pool = new ClusterClientPool({ own, roles: config.accountRoles, sts: () => new STSClient(lambdaClientConfig()), clock });
 * const { logs } = await pool.clientsFor(cluster, home);
 */
export class ClusterClientPool {
  private readonly kept = new Map<string, ClusterClients>();
  private credentials: StsRoleCredentials | null = null;

  constructor(private readonly options: ClusterClientPoolOptions) {}

  /**
   * The clients of a (resolved) cluster. For a cross-account cluster the role is assumed first,
   * so a refused AssumeRole fails here, naming the cluster.
   *
   * @throws ClusterAccessError when the cluster cannot be reached.
   */
  async clientsFor(cluster: ClusterSpec, home: HomeLocation): Promise<ClusterClients> {
    const access = clusterAccess(cluster, this.options.roles, home);
    if (access.kind === 'own' && (access.region === null || access.region === home.region)) {
      return this.options.own;
    }
    const label = clusterSpecText(cluster);
    let credentials: (() => Promise<TemporaryCredentials>) | undefined;
    if (access.kind === 'assume-role') {
      this.credentials ??= new StsRoleCredentials(this.options.sts(), this.options.clock);
      const provider = this.credentials.provider(access.role, access.sessionName, label);
      await provider();
      credentials = provider;
    }
    const key = `${access.kind === 'assume-role' ? access.role.roleArn : 'own'}|${label}`;
    const found = this.kept.get(key);
    if (found !== undefined) {
      this.kept.delete(key);
      this.kept.set(key, found);
      return found;
    }
    const config = {
      ...lambdaClientConfig({
        ...this.options.clientConfig,
        ...(access.region === null ? {} : { region: access.region }),
      }),
      ...(credentials === undefined ? {} : { credentials }),
    };
    const clients = {
      logs: new CloudWatchLogsClient(config),
      eks: new EKSClient(config),
      ec2: new EC2Client(config),
    };
    this.kept.set(key, clients);
    this.evict();
    return clients;
  }

  private evict(): void {
    const keep = this.options.keep ?? 16;
    for (const [key, clients] of this.kept) {
      if (this.kept.size <= keep) return;
      this.kept.delete(key);
      for (const client of Object.values(clients)) client.destroy();
    }
  }
}

/** The SDK clients of `analyze` and `analyzeCluster`: the own account's, and STS when needed. */
export interface AnalyzeClients extends ClusterClients {
  /** The state table, the alert topic and the work queue (all in the home account). */
  readonly dynamodb: DynamoDBClient;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  /** Built at the first cluster reached through a role. */
  readonly sts: () => STSClient;
}

/**
 * The clients `analyze` and `analyzeCluster` build at cold start: the function's credentials and
 * Region, the Lambdas' client configuration ({@link lambdaClientConfig}).
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

/** The clients `notifySlack` may read its webhook URL with; only the configured one is built. */
export interface SecretClients {
  readonly ssm: () => SSMClient;
  readonly secretsManager: () => SecretsManagerClient;
  /** The state table of the durable dedupe, when one is configured. */
  readonly dynamodb: () => DynamoDBClient;
}

/**
 * The lazily built clients of `notifySlack`, with the Lambdas' client configuration like every
 * other function's (bounded retries and timeouts, the project's user agent).
 *
 * @example
 * const ssm = deployedSecretClients().ssm();
 */
export function deployedSecretClients(): SecretClients {
  return {
    ssm: () => new SSMClient(lambdaClientConfig()),
    secretsManager: () => new SecretsManagerClient(lambdaClientConfig()),
    dynamodb: () => new DynamoDBClient(lambdaClientConfig()),
  };
}

/** The clients of the CLI: each call builds a new client with the same settings. */
export interface CliClients {
  readonly logs: () => CloudWatchLogsClient;
  readonly eks: () => EKSClient;
  readonly ec2: () => EC2Client;
}

/**
 * The CLI's clients: {@link awsClientConfig} (adaptive retries, bounded request time, the
 * project's user agent), the SDK's default chain for credentials and endpoint, and the Region
 * given or, without one, the default chain's (`AWS_REGION`, the profile).
 *
 * @example
 * const logs = cliClients({ region: 'eu-west-1' }).logs();
 */
export function cliClients(options: { readonly region?: string } = {}): CliClients {
  return {
    logs: () => new CloudWatchLogsClient(awsClientConfig(options)),
    eks: () => new EKSClient(awsClientConfig(options)),
    ec2: () => new EC2Client(awsClientConfig(options)),
  };
}
