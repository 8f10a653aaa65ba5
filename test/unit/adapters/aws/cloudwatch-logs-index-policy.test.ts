import { CloudWatchLogsClient, PutIndexPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchLogsIndexPolicy } from '#adapters/aws/cloudwatch-logs-index-policy.ts';
import { indexClusterLogStream } from '#app/enable-logging/log-stream-index.ts';

const logs = mockClient(CloudWatchLogsClient);

beforeEach(() => {
  logs.reset();
});

function port(): CloudWatchLogsIndexPolicy {
  return new CloudWatchLogsIndexPolicy(new CloudWatchLogsClient({ region: 'us-east-1' }));
}

describe('indexClusterLogStream over PutIndexPolicy', () => {
  it('puts a field index policy on @logStream on the cluster log group (mocked: moto has no PutIndexPolicy)', async () => {
    // Prepare
    logs.on(PutIndexPolicyCommand).resolves({});
    // Act
    const outcome = await indexClusterLogStream(port(), 'prod', { dryRun: false });
    // Assess
    expect(outcome).toEqual({ state: 'indexed', logGroupName: '/aws/eks/prod/cluster' });
    expect(logs).toHaveReceivedCommandWith(PutIndexPolicyCommand, {
      logGroupIdentifier: '/aws/eks/prod/cluster',
      policyDocument: '{"Fields":["@logStream"]}',
    });
  });

  it('changes nothing in a dry run', async () => {
    // Act
    const outcome = await indexClusterLogStream(port(), 'prod', { dryRun: true });
    // Assess
    expect(outcome).toMatchObject({ state: 'skipped', reason: 'dry-run' });
    expect(logs).not.toHaveReceivedCommand(PutIndexPolicyCommand);
  });

  it('reports a refused policy as this cluster’s failure, naming the operation (mocked: moto has no PutIndexPolicy)', async () => {
    // Prepare
    logs
      .on(PutIndexPolicyCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    // Act
    const outcome = await indexClusterLogStream(port(), 'prod', { dryRun: false });
    // Assess
    expect(outcome).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/^PutIndexPolicy/),
    });
  });
});
