import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { EKSClient } from '@aws-sdk/client-eks';
import { AwsNetworkReader } from '#adapters/aws/aws-network-reader.ts';
import { type CliClients, cliClients } from '#adapters/aws/clients.ts';
import { CloudWatchLogRetention } from '#adapters/aws/cloudwatch-log-retention.ts';
import { CloudWatchLogsIndexPolicy } from '#adapters/aws/cloudwatch-logs-index-policy.ts';
import { CloudWatchLogsInsights } from '#adapters/aws/cloudwatch-logs-insights.ts';
import { Ec2FlowLogs } from '#adapters/aws/ec2-flow-logs.ts';
import { Ec2RuleChanges } from '#adapters/aws/ec2-rule-changes.ts';
import { EksClusterControl } from '#adapters/aws/eks-cluster-control.ts';
import { connectToEksCluster, type EksConnection } from '#adapters/k8s/connect-eks.ts';
import { EksKubernetesReader } from '#adapters/k8s/eks-kubernetes-reader.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { InputError } from '#core/errors.ts';
import { REGION } from '#core/model/aws-names.ts';

/**
 * The AWS side of one CLI command: the adapters it asks for, over clients of the Region of
 * `--region` (or of the SDK's default chain, like the AWS CLI: `AWS_PROFILE`, `AWS_REGION`,
 * `AWS_ENDPOINT_URL`, instance and SSO credentials). Each kind of client is built once, at its
 * first use; {@link CliAws.close} destroys those built.
 */
export interface CliAws {
  /** The Region the clients use. @throws InputError when none is configured. */
  readonly region: () => Promise<string>;
  readonly insights: () => CloudWatchLogsInsights;
  readonly network: () => AwsNetworkReader;
  readonly kubernetes: () => EksKubernetesReader;
  readonly clusterControl: () => EksClusterControl;
  readonly logRetention: () => CloudWatchLogRetention;
  readonly logIndexPolicy: () => CloudWatchLogsIndexPolicy;
  readonly flowLogs: () => Ec2FlowLogs;
  readonly ruleChanges: () => Ec2RuleChanges;
  /** The cluster's Kubernetes API through its EKS endpoint and a signed token. */
  readonly connectEks: (cluster: string, requestTimeoutMs: number) => Promise<EksConnection>;
  readonly close: () => void;
}

/**
 * The CLI's adapters for a `--region` value, over {@link cliClients} (the project's client
 * configuration) unless `clients` replaces some (tests point EKS at a local API server).
 *
 * @throws InputError when `region` is given but is not a region name.
 * @example
 * const aws = cliAws(values.region);
 * try { await aws.network().readSnapshot('prod'); } finally { aws.close(); }
 */
export function cliAws(region: unknown, clients: Partial<CliClients> = {}): CliAws {
  const built = { ...cliClients(regionOption(region)), ...clients };
  const open: { destroy(): void }[] = [];
  const logs = once<CloudWatchLogsClient>(() => track(open, built.logs()));
  const eks = once<EKSClient>(() => track(open, built.eks()));
  const ec2 = once<EC2Client>(() => track(open, built.ec2()));
  return {
    region: async () => {
      try {
        return await eks().config.region();
      } catch (error) {
        throw new InputError(
          'no AWS region: pass --region or set AWS_REGION (or a profile region)',
          {
            cause: error,
          },
        );
      }
    },
    insights: () => new CloudWatchLogsInsights(logs()),
    network: () => new AwsNetworkReader({ eks: eks(), ec2: ec2() }),
    kubernetes: () => new EksKubernetesReader({ eks: eks(), clock: systemClock }),
    clusterControl: () => new EksClusterControl(eks()),
    logRetention: () => new CloudWatchLogRetention(logs()),
    logIndexPolicy: () => new CloudWatchLogsIndexPolicy(logs()),
    flowLogs: () => new Ec2FlowLogs(ec2()),
    ruleChanges: () => new Ec2RuleChanges(ec2()),
    connectEks: (cluster, requestTimeoutMs) =>
      connectToEksCluster({ eks: eks(), cluster, clock: systemClock, requestTimeoutMs }),
    close: () => {
      for (const client of open.splice(0)) client.destroy();
    },
  };
}

function regionOption(region: unknown): { readonly region?: string } {
  if (region === undefined) return {};
  if (typeof region !== 'string' || !REGION.test(region)) {
    throw new InputError(
      `--region must be an AWS region name such as eu-west-1 (got '${String(region)}')`,
    );
  }
  return { region };
}

function track<T extends { destroy(): void }>(open: { destroy(): void }[], client: T): T {
  open.push(client);
  return client;
}

function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}
