import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { PLANNER_FLOW_FORMAT } from '#app/plan/flow-log-sync.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { runCliCaptured } from '#test/helpers/cli-io.ts';
import { createMotoCluster } from '#test/helpers/moto-cluster.ts';

const ROLE = 'arn:aws:iam::123456789012:role/flow-logs-delivery';

async function flowLogsOf(ec2: EC2Client, group: string) {
  const { FlowLogs } = await ec2.send(
    new DescribeFlowLogsCommand({ Filter: [{ Name: 'log-group-name', Values: [group] }] }),
  );
  return FlowLogs ?? [];
}

describe('eks-sg-advisor enable-flow-logs against moto_server', () => {
  it("turns on flow logs for the control-plane interfaces only, in the planner's format, with bounded retention", async () => {
    // Prepare
    const ec2 = new EC2Client(testClientConfig);
    const logs = new CloudWatchLogsClient(testClientConfig);
    await createMotoCluster(ec2, 'fl-one');
    const group = '/eks-sg-advisor/fl-one/control-plane-flow-logs';

    // Act
    const run = await runCliCaptured([
      'enable-flow-logs',
      '--cluster',
      'fl-one',
      '--role-arn',
      ROLE,
      '--region',
      'us-east-1',
      '--format',
      'json',
    ]);

    // Assess
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(run.stdout);
    expect(result.created).toHaveLength(2);
    expect(result.retention).toMatchObject({ state: 'set', days: 14 });
    const flowLogs = await flowLogsOf(ec2, group);
    expect(flowLogs).toHaveLength(2);
    for (const log of flowLogs) {
      expect(log.ResourceId).toMatch(/^eni-/);
      expect(log.LogFormat).toBe(PLANNER_FLOW_FORMAT);
      expect(log.DeliverLogsPermissionArn).toBe(ROLE);
    }
    const { logGroups } = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: group }),
    );
    expect(logGroups?.[0]?.retentionInDays).toBe(14);
  });

  it('changes nothing when run again', async () => {
    // Prepare
    const ec2 = new EC2Client(testClientConfig);
    await createMotoCluster(ec2, 'fl-two');
    const args = [
      'enable-flow-logs',
      '--cluster',
      'fl-two',
      '--role-arn',
      ROLE,
      '--region',
      'us-east-1',
      '--format',
      'json',
    ];
    await runCliCaptured(args);

    // Act
    const again = await runCliCaptured(args);

    // Assess
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: [], deleted: [] });
    expect(JSON.parse(again.stdout).kept).toHaveLength(2);
    expect(await flowLogsOf(ec2, '/eks-sg-advisor/fl-two/control-plane-flow-logs')).toHaveLength(2);
  });

  it('refuses a role that is not an IAM role ARN, with exit status 2', async () => {
    // Act
    const run = await runCliCaptured([
      'enable-flow-logs',
      '--cluster',
      'x',
      '--role-arn',
      'flow-logs',
    ]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--role-arn must be an IAM role ARN/);
  });
});
