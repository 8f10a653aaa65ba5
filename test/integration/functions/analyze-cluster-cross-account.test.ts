// The deployed handlers read their configuration at import: set it first.
import '#test/helpers/deployed-env.ts';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { DescribeClusterCommand } from '@aws-sdk/client-eks';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeClusterWork } from '#core/clusters/cluster-work.ts';
import { parseAlertNotification } from '#render/alerts/notification-schema.ts';
import {
  analyzeHandler,
  clusterLog,
  envelopeOf,
  invokeAnalyze,
  MINUTE,
  SCHEDULED_EVENT,
  scheduledRun,
  sqsEventOf,
  workerHandler,
} from '#test/helpers/analyze-app.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { captureOutput } from '#test/helpers/capture-output.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { lambdaContext } from '#test/helpers/lambda-context.ts';
import {
  type AnalyzeHarness,
  analyzeHarness,
  committedWindowEnd,
  metricsServerTimeout,
  receiveWork,
} from '#test/helpers/moto-app.ts';
import { createMotoCluster, type MotoCluster } from '#test/helpers/moto-cluster.ts';
import { API_STREAM, seedClusterLogs } from '#test/helpers/moto-logs.ts';
import { receiveAll } from '#test/helpers/moto-resources.ts';

// The home account is moto's default 123456789012 (us-east-1): the table, topic and queues are
// there. Cluster `payments` is in account 210987654321, Region eu-west-1, reached through a role.
const T = Math.floor(Date.now() / 1000) * 1000;
const OTHER = '210987654321';
const PAYMENTS = `${OTHER}/eu-west-1/payments`;
const READER = `arn:aws:iam::${OTHER}:role/eks-sg-advisor-reader`;
const WITH_ROLE = { CLUSTERS: PAYMENTS, ACCOUNT_ROLES: `${READER}|ext-7f3a` };

let app: AnalyzeHarness;
let payments: MotoCluster;

/** Clients of the other account in eu-west-1 (test set-up assumes the role through moto's STS). */
async function otherAccountConfig() {
  const sts = new STSClient(testClientConfig);
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 'test-setup' }),
  );
  sts.destroy();
  return {
    ...testClientConfig,
    region: 'eu-west-1',
    credentials: {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? '',
    },
  };
}

beforeEach(async () => {
  app = await analyzeHarness([PAYMENTS]);
  const config = await otherAccountConfig();
  const ec2 = new EC2Client(config);
  const logs = new CloudWatchLogsClient(config);
  payments = await createMotoCluster(ec2, 'payments', { eksConfig: config });
  await seedClusterLogs(logs, 'payments', {
    [API_STREAM]: [30, 20].map((ago) => ({
      timestamp: T - ago * MINUTE,
      message: metricsServerTimeout(T - ago * MINUTE, payments.podIp),
    })),
  });
  ec2.destroy();
  logs.destroy();
});

afterEach(() => {
  app.destroy();
});

describe('analyzeCluster for a cluster in another account and Region, against moto_server', () => {
  it('assumes the account’s role, reads its logs and network there, and keeps state and alerts at home', async () => {
    // Act
    const { dispatch, work, records } = await scheduledRun(app, new FakeClock(T), WITH_ROLE);
    const delivered = await receiveAll(app.sqs, app.queueUrl);
    // Assess: dispatched, analysed by the worker without an item failure.
    expect(dispatch.outcome).toMatchObject({ ok: true, value: { dispatched: [PAYMENTS] } });
    expect(work.map((output) => output.outcome)).toEqual([
      { ok: true, value: { batchItemFailures: [] } },
    ]);
    expect(clusterLog(records, 'payments')).toMatchObject({
      message: 'cluster analysed',
      target: PAYMENTS,
      commit: 'committed',
      alerts: { kind: 'published', counts: { new: 1 } },
    });
    expect(records).toContainEqual(
      expect.objectContaining({
        message: 'finding',
        cluster: 'payments',
        label: `v1beta1.metrics.k8s.io ${payments.podIp}:10251`,
        verdict: 'blocked',
      }),
    );
    // Assess: the rule to add names the other account's groups; the alert went to the home topic.
    const notification = parseAlertNotification(envelopeOf(delivered[0]).Message);
    expect(notification.alerts[0]?.rules).toEqual([
      `ingress ${payments.nodeSg} tcp/10251 from ${payments.clusterSg}`,
    ]);
    expect(await committedWindowEnd(app.dynamodb, app.tableName, `cluster#${PAYMENTS}`)).toBe(
      (T - 5 * MINUTE) / 1000,
    );
    // Assess: the cluster does not exist in the home account: the reads went to the other one.
    // (Asked here, where it is awaited: a rejection nothing awaits yet is an unhandled one.)
    await expect(
      app.eks.send(new DescribeClusterCommand({ name: 'payments' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('answers a small on-demand request inline through the role too', async () => {
    // Prepare
    const handler = analyzeHandler(app, new FakeClock(T), WITH_ROLE);
    // Act
    const { outcome } = await invokeAnalyze(handler, {
      clusters: ['payments'],
      since: '1h',
      dryRun: true,
    });
    // Assess
    expect(outcome).toMatchObject({
      ok: true,
      value: {
        mode: 'inline',
        clusters: [{ status: 'analysed', cluster: 'payments', report: { cluster: 'payments' } }],
      },
    });
  });

  it('without a role for the account, fails the cluster on each of its three receives, then SQS dead-letters it', async () => {
    // Prepare
    const clock = new FakeClock(T);
    const env = { CLUSTERS: PAYMENTS };
    await invokeAnalyze(analyzeHandler(app, clock, env), SCHEDULED_EVENT);
    const worker = workerHandler(app, clock, env);
    const attempts: { receiveCount: string | undefined; failed: boolean; error: unknown }[] = [];
    // Act: each failure is retried once its visibility ends (made visible at once here).
    for (let receive = 0; receive < 4; receive++) {
      const [message] = await receiveWork(app.sqs, app.workQueueUrl);
      if (message === undefined) break;
      const { outcome, records } = await captureOutput(() =>
        worker(sqsEventOf([message]), lambdaContext('eks-sg-advisor-test-analyzeCluster')),
      );
      const failed = outcome.ok && outcome.value.batchItemFailures.length === 1;
      attempts.push({
        receiveCount: message.Attributes?.ApproximateReceiveCount,
        failed,
        error: clusterLog(records, 'payments')?.error,
      });
      const receipt = { QueueUrl: app.workQueueUrl, ReceiptHandle: message.ReceiptHandle };
      if (failed) {
        await app.sqs.send(
          new ChangeMessageVisibilityCommand({ ...receipt, VisibilityTimeout: 0 }),
        );
      } else {
        await app.sqs.send(new DeleteMessageCommand(receipt));
      }
    }
    const deadLetters = await receiveWork(app.sqs, app.workDeadLetterUrl);
    // Assess
    expect(attempts.map((a) => [a.receiveCount, a.failed])).toEqual([
      ['1', true],
      ['2', true],
      ['3', true],
    ]);
    expect(attempts[0]?.error).toEqual({
      name: 'ClusterAccessError',
      message: `cannot reach cluster ${PAYMENTS}: it is in account ${OTHER}, this function runs in account 123456789012, and no role is configured for account ${OTHER} (parameter accountRoles)`,
    });
    expect(deadLetters.map((m) => decodeClusterWork(m.Body ?? '').cluster.name)).toEqual([
      'payments',
    ]);
  });
});
