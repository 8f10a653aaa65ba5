// `node scripts/run-ts.mjs scripts/seed-local-moto.ts [--slack-url URL]`: fills a moto_server
// (AWS_ENDPOINT_URL) with what `osls invoke local --stage local` reads, so every function runs
// offline: the state table, the alert topic (with an SQS inbox subscribed to it), the work queue,
// the Slack webhook parameter, and an EKS cluster `demo` with its VPC, security groups, node,
// cross-account ENIs and two metrics-server timeouts in its API-server log stream (25 and 15
// minutes ago). It is the set-up of test/integration/app/invoke-local.test.ts, and refuses to run
// against anything but a loopback endpoint.
import '#config/sdk-warning.ts';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { testClientConfig } from '#test/helpers/aws.ts';
import { createWorkQueue, metricsServerTimeout } from '#test/helpers/moto-app.ts';
import { createMotoCluster, motoEc2 } from '#test/helpers/moto-cluster.ts';
import { API_STREAM, seedClusterLogs } from '#test/helpers/moto-logs.ts';
import { createStateTable, topicWithQueue } from '#test/helpers/moto-resources.ts';

const endpoint = process.env.AWS_ENDPOINT_URL ?? '';
if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(endpoint)) {
  process.stderr.write(
    'seed-local-moto: AWS_ENDPOINT_URL must name a local moto_server (e.g. http://127.0.0.1:5000); refusing to write anywhere else\n',
  );
  process.exit(2);
}
const flag = process.argv.indexOf('--slack-url');
const slackUrl =
  flag >= 0
    ? (process.argv[flag + 1] ?? '')
    : 'http://127.0.0.1:8099/services/T0000LOCAL/B0000LOCAL/XXXXXXXXXXXXLOCAL';

async function main(): Promise<void> {
  const now = Date.now();
  const { client: table } = await createStateTable('eks-sg-advisor-local-state');
  const sns = new SNSClient(testClientConfig);
  const { TopicArn } = await sns.send(
    new CreateTopicCommand({ Name: 'eks-sg-advisor-local-alerts' }),
  );
  const inbox = await topicWithQueue({
    topicArn: TopicArn,
    queueName: 'eks-sg-advisor-local-inbox',
    raw: true,
  });
  const work = await createWorkQueue(inbox.sqs, 'eks-sg-advisor-local-work');
  const ssm = new SSMClient(testClientConfig);
  await ssm.send(
    new PutParameterCommand({
      Name: '/eks-sg-advisor/local/slack-webhook',
      Type: 'SecureString',
      Value: slackUrl,
      Overwrite: true,
    }),
  );
  const ec2 = motoEc2();
  const cluster = await createMotoCluster(ec2, 'demo');
  const logs = new CloudWatchLogsClient(testClientConfig);
  await seedClusterLogs(logs, 'demo', {
    [API_STREAM]: [25, 15].map((ago) => ({
      timestamp: now - ago * 60_000,
      message: metricsServerTimeout(now - ago * 60_000, cluster.podIp),
    })),
  });
  for (const client of [table, sns, inbox.sns, inbox.sqs, ssm, ec2, logs]) client.destroy();

  process.stdout.write(
    [
      `seeded ${endpoint}: cluster demo (pod ${cluster.podIp}, node group ${cluster.nodeSg}), topic ${TopicArn}`,
      `work queue: --param localWorkQueueUrl=${work.queueUrl}`,
      `alert inbox (raw SQS subscription of the topic): ${inbox.queueUrl}`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `seed-local-moto: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
