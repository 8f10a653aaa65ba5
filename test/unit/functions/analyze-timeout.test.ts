// The deployed handlers read their configuration at import: set it first.
import '#test/helpers/deployed-env.ts';
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '#adapters/system-clock.ts';
import { loadAnalyzeConfig } from '#config/load-config.ts';
import { captureOutput } from '#test/helpers/capture-output.ts';
import { lambdaContext } from '#test/helpers/lambda-context.ts';

const { makeHandler } = await import('#functions/analyze.ts');

const logs = mockClient(CloudWatchLogsClient);
const dynamodb = mockClient(DynamoDBClient);
const sns = mockClient(SNSClient);

beforeEach(() => {
  logs.reset();
  logs.on(DescribeLogStreamsCommand).resolves({
    logStreams: [{ logStreamName: 'kube-apiserver-0123456789abcdef0123456789abcdef' }],
  });
  dynamodb.reset();
  sns.reset();
});

describe('analyze handler near its timeout', () => {
  it('stops the running Logs Insights query before the Lambda times out, commits nothing and frees its slot (mocked: moto never reports Running)', async () => {
    // Prepare
    logs.on(StartQueryCommand).resolves({ queryId: 'q-1' });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Running', results: [] });
    logs.on(StopQueryCommand).resolves({ success: true });
    dynamodb.on(GetItemCommand).resolves({});
    dynamodb.on(QueryCommand).resolves({ Items: [] });
    dynamodb.on(PutItemCommand).resolves({});
    dynamodb.on(DeleteItemCommand).resolves({});
    const config = loadAnalyzeConfig({
      CLUSTERS: 'shop',
      STATE_TABLE: 'eks-sg-advisor-state',
      ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:eks-sg-advisor-alerts',
      AWS_REGION: 'us-east-1',
      WORK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/eks-sg-advisor-work',
    });
    const options = { region: 'us-east-1' };
    const handler = makeHandler({
      config,
      clients: {
        logs: new CloudWatchLogsClient(options),
        eks: new EKSClient(options),
        ec2: new EC2Client(options),
        dynamodb: new DynamoDBClient(options),
        sns: new SNSClient(options),
        sqs: new SQSClient(options),
        sts: () => new STSClient(options),
      },
      clock: systemClock,
      timeoutEarlyInMillis: 1_500,
    });
    // Act: 2 s left, the signal fires after 0.5 s, while the query is still running.
    const { outcome } = await captureOutput(() =>
      handler({}, lambdaContext('eks-sg-advisor-test-analyze', 2_000)),
    );
    // Assess
    expect(outcome.ok ? null : String(outcome.error)).toMatch(
      /1 of 1 cluster\(s\) failed: shop: Logs Insights query q-1 stopped: the run was aborted/,
    );
    expect(logs).toHaveReceivedCommandWith(StopQueryCommand, { queryId: 'q-1' });
    const puts = dynamodb
      .commandCalls(PutItemCommand)
      .map((call) => call.args[0].input.Item?.sk?.S ?? '');
    expect(puts).toEqual([expect.stringMatching(/^slot#\d{3}$/)]);
    expect(dynamodb).toHaveReceivedCommandWith(DeleteItemCommand, {
      Key: { pk: { S: 'account#123456789012' }, sk: { S: puts[0] ?? '' } },
    });
    expect(sns.calls()).toHaveLength(0);
  });
});
