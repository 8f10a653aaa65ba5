import { spawnSync } from 'node:child_process';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EKSClient, UpdateClusterConfigCommand } from '@aws-sdk/client-eks';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '#adapters/system-clock.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { metricsServerTimeout } from '#test/helpers/moto-app.ts';
import { createMotoCluster, motoEc2 } from '#test/helpers/moto-cluster.ts';
import { API_STREAM, AUDIT_STREAM, klogTime, seedClusterLogs } from '#test/helpers/moto-logs.ts';
import { receiveAll, topicWithQueue } from '#test/helpers/moto-resources.ts';
import { runSmokeChecks, smokeLineText } from '../../../scripts/smoke-checks.ts';

let eks: EKSClient;
let logs: CloudWatchLogsClient;
let sns: SNSClient;

beforeEach(async () => {
  eks = new EKSClient(testClientConfig);
  logs = new CloudWatchLogsClient(testClientConfig);
  sns = new SNSClient(testClientConfig);
  const ec2 = motoEc2();
  const cluster = await createMotoCluster(ec2, 'demo');
  ec2.destroy();
  const now = Date.now();
  await seedClusterLogs(logs, 'demo', {
    [API_STREAM]: [
      { timestamp: now - 30_000, message: metricsServerTimeout(now - 30_000, cluster.podIp) },
      {
        timestamp: now - 20_000,
        message: `I${klogTime(now - 20_000)}      10 dialer.go:52] [96df57175088ac5: ${cluster.podIp}:9443] Dialing...`,
      },
    ],
    [AUDIT_STREAM]: [{ timestamp: now - 10_000, message: '{"kind":"Event","verb":"get"}' }],
  });
});

afterEach(() => {
  for (const client of [eks, logs, sns]) client.destroy();
});

describe('the opt-in smoke check (scripts/smoke-checks.ts) against moto_server', () => {
  it('prints one line per assumption: cluster, api logging, stream names, query syntax, dialer lines, scanned bytes, @logStream index', async () => {
    // Prepare
    await eks.send(
      new UpdateClusterConfigCommand({
        name: 'demo',
        logging: { clusterLogging: [{ types: ['api'], enabled: true }] },
      }),
    );

    // Act
    const lines = await runSmokeChecks(
      { eks, logs, sns },
      { cluster: 'demo', region: 'us-east-1', publish: null },
      systemClock,
    );

    // Assess
    expect(lines.map((line) => [line.status, line.assumption])).toEqual([
      ['ok', 'cluster readable'],
      ['ok', 'api logging enabled'],
      ['ok', 'stream names as expected'],
      ['ok', 'query syntax accepted'],
      ['note', 'EKS dialer lines'],
      [expect.stringMatching(/^(ok|FAIL)$/), 'scanned bytes reported'],
      // moto ignores `stats`, so the two counts cannot be compared here: a note, not a verdict.
      ['note', '@logStream indexed'],
    ]);
    const streams = lines[2];
    expect(streams && smokeLineText(streams)).toBe(
      'ok   stream names as expected: 1 kube-apiserver-<32 hex> stream(s), 1 audit stream(s)',
    );
    expect(lines[4]?.detail).toMatch(/^present \(1 in the last minute\)/);
  });

  it('fails the logging line when api logging is off, and publishes only to the topic named', async () => {
    // Prepare
    const { topicArn, sqs, queueUrl } = await topicWithQueue({ raw: true });

    // Act
    const lines = await runSmokeChecks(
      { eks, logs, sns },
      { cluster: 'demo', region: 'us-east-1', publish: topicArn },
      systemClock,
    );
    const delivered = await receiveAll(sqs, queueUrl);
    sqs.destroy();

    // Assess
    expect(lines.find((line) => line.assumption === 'api logging enabled')?.status).toBe('FAIL');
    expect(lines.at(-1)).toMatchObject({ status: 'ok', assumption: 'test message published' });
    expect(delivered).toHaveLength(1);
    expect(JSON.parse(delivered[0]?.Body ?? '{}')).toMatchObject({
      schema: 'eks-sg-advisor/smoke-test@1',
    });
  });

  it('runs as `npm run smoke` with one line per check, exit 1 on a failed check and 2 on bad options', () => {
    // Act
    const run = spawnSync(
      'npm',
      ['run', '-s', 'smoke', '--', '--cluster', 'demo', '--region', 'us-east-1'],
      {
        encoding: 'utf8',
      },
    );
    const bad = spawnSync('npm', ['run', '-s', 'smoke', '--', '--cluster', 'demo'], {
      encoding: 'utf8',
    });

    // Assess
    expect(run.stdout.trim().split('\n')).toHaveLength(7);
    expect(run.stdout).toContain('FAIL api logging enabled: the api log type is off');
    expect(run.status).toBe(1);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--region REGION is required');
  });
});
