import { readFileSync } from 'node:fs';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeClusterWork } from '#core/fanout/cluster-work.ts';
import type { Report } from '#core/report.ts';
import { parseAlertNotification } from '#notifiers/notification-schema.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { createWorkQueue, metricsServerTimeout, receiveWork } from '#test/helpers/moto-app.ts';
import { createMotoCluster, type MotoCluster, motoEc2 } from '#test/helpers/moto-cluster.ts';
import { API_STREAM, seedClusterLogs } from '#test/helpers/moto-logs.ts';
import { createStateTable, receiveAll, topicWithQueue } from '#test/helpers/moto-resources.ts';
import { invokeAnswer, runOsls } from '#test/helpers/osls.ts';
import { FakeSlack } from '#test/helpers/slack-server.ts';

// The `local` stage of serverless.yml: cluster `demo`, these table and topic names, the Slack
// webhook in this SSM parameter; no !Ref values, so invoke local never calls CloudFormation.
const LOCAL = {
  table: 'eks-sg-advisor-local-state',
  topic: 'eks-sg-advisor-local-alerts',
  workQueue: 'eks-sg-advisor-local-work',
  slackParameter: '/eks-sg-advisor/local/slack-webhook',
};
const NOW = Date.now();

let cluster: MotoCluster;
let sqs: SQSClient;
let queueUrl: string;
let workQueueUrl: string;

beforeEach(async () => {
  const ec2 = motoEc2();
  const logs = new CloudWatchLogsClient(testClientConfig);
  const { client } = await createStateTable(LOCAL.table);
  const sns = new SNSClient(testClientConfig);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: LOCAL.topic }));
  const topic = await topicWithQueue({ topicArn: TopicArn, queueName: 'local-alerts' });
  client.destroy();
  sns.destroy();
  topic.sns.destroy();
  sqs = topic.sqs;
  queueUrl = topic.queueUrl;
  workQueueUrl = (await createWorkQueue(sqs, LOCAL.workQueue)).queueUrl;
  cluster = await createMotoCluster(ec2, 'demo');
  await seedClusterLogs(logs, 'demo', {
    [API_STREAM]: [25, 15].map((ago) => ({
      timestamp: NOW - ago * 60_000,
      message: metricsServerTimeout(NOW - ago * 60_000, cluster.podIp),
    })),
  });
  ec2.destroy();
  logs.destroy();
  expect(topic.topicArn).toBe(`arn:aws:sns:us-east-1:123456789012:${LOCAL.topic}`);
});

afterEach(() => {
  sqs.destroy();
});

async function invokeLocal(
  fn: string,
  event: string,
): Promise<{ answer: unknown; output: string }> {
  const run = await runOsls(
    // The SQS client sends to the queue URL's host: the local queue is moto's.
    [
      'invoke',
      'local',
      '--stage',
      'local',
      '-f',
      fn,
      '--path',
      event,
      '--param',
      `localWorkQueueUrl=${workQueueUrl}`,
    ],
    120,
  );
  const output = run.stdout + run.stderr;
  expect(run.status, output.slice(-3000)).toBe(0);
  return { answer: invokeAnswer(run.stdout), output };
}

describe('npx osls invoke local --stage local against moto_server', () => {
  it('analyze with events/analyze.json prints the report of a dry run', async () => {
    // Act
    const { answer } = await invokeLocal('analyze', 'events/analyze.json');
    // Assess
    const result = answer as { dryRun: boolean; clusters: { status: string; report: Report }[] };
    expect(result.dryRun).toBe(true);
    expect(result.clusters[0]?.status).toBe('analysed');
    const report = result.clusters[0]?.report;
    expect(report?.findings).toEqual([
      expect.objectContaining({
        name: 'v1beta1.metrics.k8s.io',
        ip: cluster.podIp,
        port: 10251,
        count: 2,
        verdict: 'blocked',
      }),
    ]);
    expect(report?.recommendations).toEqual([
      expect.objectContaining({
        groupId: cluster.nodeSg,
        fromPort: 10251,
        peer: { groupId: cluster.clusterSg },
      }),
    ]);
  });

  it('analyze with events/analyze-scheduled.json sends one work message per cluster to the local queue', async () => {
    // Act
    const { answer } = await invokeLocal('analyze', 'events/analyze-scheduled.json');
    const work = await receiveWork(sqs, workQueueUrl);
    // Assess
    expect(answer).toEqual({
      trigger: 'schedule',
      mode: 'fan-out',
      dryRun: false,
      notify: true,
      dispatched: ['demo'],
    });
    expect(work.map((message) => decodeClusterWork(message.Body ?? '').cluster.name)).toEqual([
      'demo',
    ]);
  });

  it('analyzeCluster with events/analyze-cluster.json analyses demo and publishes the alert to the local topic', async () => {
    // Act
    const { answer, output } = await invokeLocal('analyzeCluster', 'events/analyze-cluster.json');
    const delivered = await receiveAll(sqs, queueUrl);
    // Assess
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(output).toContain('"message":"cluster analysed"');
    expect(delivered).toHaveLength(1);
    const message = (JSON.parse(delivered[0]?.Body ?? '') as { Message: string }).Message;
    expect(parseAlertNotification(message).cluster).toBe('demo');
  });

  it('enableLogging with events/enable-logging.json turns api logging on', async () => {
    // Act
    const { answer } = await invokeLocal('enableLogging', 'events/enable-logging.json');
    // Assess
    expect(answer).toEqual({
      dryRun: false,
      clusters: [
        expect.objectContaining({
          cluster: 'demo',
          logging: { state: 'enabled', updateId: null },
          ok: true,
        }),
      ],
    });
  });

  it('notifySlack with events/notify-slack.json posts to the webhook kept in SSM', async () => {
    // Prepare
    const slack = await FakeSlack.start();
    const ssm = new SSMClient(testClientConfig);
    try {
      await ssm.send(
        new PutParameterCommand({
          Name: LOCAL.slackParameter,
          Type: 'SecureString',
          Value: slack.url,
        }),
      );
      // Act
      const { answer, output } = await invokeLocal('notifySlack', 'events/notify-slack.json');
      // Assess
      expect(answer).toEqual({ posted: 1 });
      expect(slack.requests).toHaveLength(1);
      const event = JSON.parse(readFileSync('events/notify-slack.json', 'utf8')) as {
        Records: { Sns: { Message: string } }[];
      };
      const cluster = parseAlertNotification(event.Records[0]?.Sns.Message ?? '').cluster;
      expect(JSON.parse(slack.requests[0]?.body ?? '')).toMatchObject({
        text: expect.stringContaining(cluster),
      });
      expect(output).not.toContain(FakeSlack.SECRET_PATH);
    } finally {
      ssm.destroy();
      await slack.close();
    }
  });
});
