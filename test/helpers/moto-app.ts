import { CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { type DynamoDBClient, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import type { SNSClient } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type AnalyzeConfig, loadAnalyzeConfig } from '#config/load-config.ts';
import { LEASE_SORT_KEY } from '#core/state/keys.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { API_STREAM, klogTime } from '#test/helpers/moto-logs.ts';
import { createStateTable, topicWithQueue } from '#test/helpers/moto-resources.ts';

/** The resources an `analyze` handler test runs against in moto_server. */
export interface AnalyzeHarness {
  readonly tableName: string;
  readonly topicArn: string;
  readonly queueUrl: string;
  /** The cluster work queue (dead letters after three receives to `workDeadLetterUrl`). */
  readonly workQueueUrl: string;
  readonly workDeadLetterUrl: string;
  readonly dynamodb: DynamoDBClient;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  readonly ec2: EC2Client;
  readonly logs: CloudWatchLogsClient;
  readonly eks: EKSClient;
  /** The configuration the deployed function would load, for these resources. */
  config(env?: Record<string, string>): AnalyzeConfig;
  destroy(): void;
}

/**
 * Creates the state table and the alert topic with an SQS queue subscribed (SNS envelope, not
 * raw, so the attributes arrive as SNS delivers them), and clients for everything else.
 */
export async function analyzeHarness(clusters: readonly string[]): Promise<AnalyzeHarness> {
  const { client: dynamodb, tableName } = await createStateTable();
  const { sns, sqs, topicArn, queueUrl } = await topicWithQueue();
  const work = await createWorkQueue(sqs);
  const ec2 = new EC2Client(testClientConfig);
  const logs = new CloudWatchLogsClient(testClientConfig);
  const eks = new EKSClient(testClientConfig);
  return {
    tableName,
    topicArn,
    queueUrl,
    workQueueUrl: work.queueUrl,
    workDeadLetterUrl: work.deadLetterUrl,
    dynamodb,
    sns,
    sqs,
    ec2,
    logs,
    eks,
    config: (env = {}) =>
      loadAnalyzeConfig({
        CLUSTERS: clusters.join(','),
        STATE_TABLE: tableName,
        ALERT_TOPIC_ARN: topicArn,
        WORK_QUEUE_URL: work.queueUrl,
        AWS_REGION: 'us-east-1',
        SERVICE_NAME: 'eks-sg-advisor-test',
        ...env,
      }),
    destroy: () => {
      for (const client of [dynamodb, sns, sqs, ec2, logs, eks]) client.destroy();
    },
  };
}

/**
 * Creates the cluster work queue as infra/cluster-work-queue.yml does: a dead-letter queue, and
 * the work queue redriving to it after `maxReceiveCount` receives.
 */
export async function createWorkQueue(
  sqs: SQSClient,
  name = 'eks-sg-advisor-work',
  maxReceiveCount = 3,
): Promise<{ queueUrl: string; deadLetterUrl: string }> {
  const dead = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dead-letters` }));
  const deadLetterUrl = dead.QueueUrl ?? '';
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['QueueArn'] }),
  );
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: '60',
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: Attributes?.QueueArn,
          maxReceiveCount,
        }),
      },
    }),
  );
  return { queueUrl: QueueUrl ?? '', deadLetterUrl };
}

/** Up to ten visible messages of a queue, with their receive counts (moto answers at once). */
export async function receiveWork(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const out = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      MessageSystemAttributeNames: ['All'],
      WaitTimeSeconds: 0,
    }),
  );
  return out.Messages ?? [];
}

/** The metrics-server APIService failing because its pod port cannot be reached (a timeout). */
export function metricsServerTimeout(at: number, podIp: string, port = 10251): string {
  const url = `https://${podIp}:${port}/apis/metrics.k8s.io/v1beta1`;
  return `E${klogTime(at)}      10 remote_available_controller.go:448] "Unhandled Error" err="v1beta1.metrics.k8s.io failed with: failing or missing response from ${url}: Get \\"${url}\\": dial tcp ${podIp}:${port}: i/o timeout" logger="UnhandledError"`;
}

/** Appends events to the API-server stream of a cluster whose logs were seeded already. */
export async function appendApiServerEvents(
  logs: CloudWatchLogsClient,
  cluster: string,
  events: readonly { readonly timestamp: number; readonly message: string }[],
): Promise<void> {
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: `/aws/eks/${cluster}/cluster`,
      logStreamName: API_STREAM,
      logEvents: [...events].sort((a, b) => a.timestamp - b.timestamp),
    }),
  );
}

/** The committed window end of a cluster (epoch s), or null; keys as the functions write them. */
export async function committedWindowEnd(
  dynamodb: DynamoDBClient,
  tableName: string,
  partitionKey: string,
): Promise<number | null> {
  const { Item } = await dynamodb.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { pk: { S: partitionKey }, sk: { S: 'window' } },
      ConsistentRead: true,
    }),
  );
  return Item?.windowEnd?.N === undefined ? null : Number(Item.windowEnd.N);
}

/**
 * Every item of the state table (moto is small) but the run leases, which any run that reached
 * its alert step takes and gives back (window, alert and slot items are counted).
 */
export async function stateItems(dynamodb: DynamoDBClient, tableName: string): Promise<number> {
  const { Items } = await dynamodb.send(new ScanCommand({ TableName: tableName }));
  return (Items ?? []).filter((item) => item.sk?.S !== LEASE_SORT_KEY).length;
}
