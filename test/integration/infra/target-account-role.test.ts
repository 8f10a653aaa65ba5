import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { testClientConfig } from '#test/helpers/aws.ts';

const TEMPLATE = 'infra/target-account-role.yml';
const HOME = '210987654321';
// moto_server's own account is the target account here.
const TARGET = '123456789012';
const PAYMENTS = `arn:aws:eks:eu-west-1:${TARGET}:cluster/payments`;
const ORDERS = `arn:aws:eks:us-east-2:${TARGET}:cluster/orders`;

interface Statement {
  readonly Sid?: string;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const clients: { cfn: CloudFormationClient; iam: IAMClient }[] = [];

afterEach(() => {
  for (const { cfn, iam } of clients.splice(0)) {
    cfn.destroy();
    iam.destroy();
  }
});

/** Deploys the template in moto_server's CloudFormation and reads the role back from its IAM. */
async function deploy(parameters: Record<string, string>) {
  const cfn = new CloudFormationClient(testClientConfig);
  const iam = new IAMClient(testClientConfig);
  clients.push({ cfn, iam });
  await cfn.send(
    new CreateStackCommand({
      StackName: 'eks-sg-advisor-reader',
      TemplateBody: readFileSync(TEMPLATE, 'utf8'),
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
    }),
  );
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'eks-sg-advisor-reader' })))
    .Stacks?.[0];
  const roleName = 'eks-sg-advisor-reader';
  const role = await iam.send(new GetRoleCommand({ RoleName: roleName }));
  const policy = await iam.send(
    new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'read-clusters' }),
  );
  return {
    status: stack?.StackStatus,
    roleArn: stack?.Outputs?.find((o) => o.OutputKey === 'RoleArn')?.OutputValue,
    trust: policyStatements(role.Role?.AssumeRolePolicyDocument),
    permissions: policyStatements(policy.PolicyDocument),
  };
}

/**
 * The statements of a policy document as IAM returns it (URL-encoded JSON). Two gaps of
 * moto_server are worked around here: it returns the inline policies a stack created as a Python
 * literal (single quotes; read as JSON after swapping the quotes, safe because no value holds a
 * quote), and it leaves a `None` where `!If` chose `AWS::NoValue` in a list (CloudFormation drops
 * the entry; so does this).
 */
function policyStatements(document: string | undefined): Statement[] {
  const text = decodeURIComponent(document ?? '');
  const json = text.startsWith("{'")
    ? text.replaceAll("'", '"').replaceAll(/\bNone\b/g, 'null')
    : text;
  const statements = (JSON.parse(json) as { Statement: (Statement | null)[] }).Statement;
  return statements.filter((statement): statement is Statement => statement !== null);
}

function bySid(statements: readonly Statement[]): Record<string, Statement> {
  return Object.fromEntries(statements.map((s) => [s.Sid ?? '', s]));
}

describe('infra/target-account-role.yml', () => {
  it('passes cfn-lint as a CloudFormation template', () => {
    // Act
    const lint = spawnSync('cfn-lint', ['--format', 'parseable', TEMPLATE], { encoding: 'utf8' });
    // Assess
    expect(lint.error, 'cfn-lint must be installed (it comes with moto[server])').toBeUndefined();
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  });

  it('grants the reads on exactly the clusters given and their log groups, in every Region (moto CloudFormation)', async () => {
    // Act
    const stack = await deploy({ HomeAccountId: HOME, ClusterArns: `${PAYMENTS},${ORDERS}` });
    // Assess
    expect(stack.status).toBe('CREATE_COMPLETE');
    expect(stack.roleArn).toBe(`arn:aws:iam::${TARGET}:role/eks-sg-advisor-reader`);
    const [trust] = stack.trust;
    expect(trust?.Condition).toEqual({
      ArnLike: {
        'aws:PrincipalArn': [
          `arn:aws:iam::${HOME}:role/eks-sg-advisor-prod-AnalyzeRole-*`,
          `arn:aws:iam::${HOME}:role/eks-sg-advisor-prod-AnalyzeClusterRole-*`,
          `arn:aws:iam::${HOME}:role/eks-sg-advisor-prod-EnableLoggingRole-*`,
          `arn:aws:iam::${HOME}:role/eks-sg-advisor-prod-PlanDriftRole-*`,
        ],
      },
    });
    const granted = bySid(stack.permissions);
    expect(Object.keys(granted)).toEqual([
      'QueryClusterApiServerLogs',
      'QueryControlPlaneFlowLogs',
      'ReadAndStopQueries',
      'DescribeClusters',
      'ReadNetwork',
    ]);
    expect(granted.QueryClusterApiServerLogs?.Resource).toEqual([
      `arn:aws:logs:eu-west-1:${TARGET}:log-group:/aws/eks/payments/cluster`,
      `arn:aws:logs:us-east-2:${TARGET}:log-group:/aws/eks/orders/cluster`,
      `arn:aws:logs:eu-west-1:${TARGET}:log-group:/aws/eks/payments/cluster:*`,
      `arn:aws:logs:us-east-2:${TARGET}:log-group:/aws/eks/orders/cluster:*`,
    ]);
    expect(granted.QueryControlPlaneFlowLogs?.Resource).toEqual([
      `arn:aws:logs:eu-west-1:${TARGET}:log-group:/eks-sg-advisor/payments/control-plane-flow-logs`,
      `arn:aws:logs:us-east-2:${TARGET}:log-group:/eks-sg-advisor/orders/control-plane-flow-logs`,
      `arn:aws:logs:eu-west-1:${TARGET}:log-group:/eks-sg-advisor/payments/control-plane-flow-logs:*`,
      `arn:aws:logs:us-east-2:${TARGET}:log-group:/eks-sg-advisor/orders/control-plane-flow-logs:*`,
    ]);
    expect(granted.DescribeClusters?.Resource).toEqual([PAYMENTS, ORDERS]);
    for (const statement of stack.permissions) {
      for (const action of [statement.Action].flat()) expect(action).not.toContain('*');
    }
  });

  it('requires the external ID and adds the logging statements when asked', async () => {
    // Act
    const stack = await deploy({
      HomeAccountId: HOME,
      HomeStackName: 'eks-sg-advisor-staging',
      ClusterArns: PAYMENTS,
      ExternalId: '7f3a9c1e',
      ManageLogging: 'true',
    });
    // Assess
    expect(stack.trust[0]?.Condition).toMatchObject({
      ArnLike: {
        'aws:PrincipalArn': expect.arrayContaining([
          `arn:aws:iam::${HOME}:role/eks-sg-advisor-staging-EnableLoggingRole-*`,
        ]),
      },
      StringEquals: { 'sts:ExternalId': '7f3a9c1e' },
    });
    const granted = bySid(stack.permissions);
    expect(granted.ClusterLogging).toMatchObject({
      Action: ['eks:DescribeUpdate', 'eks:UpdateClusterConfig'],
      Resource: [PAYMENTS],
    });
    expect(granted.ClusterLogGroupRetention?.Resource).toEqual([
      `arn:aws:logs:eu-west-1:${TARGET}:log-group:/aws/eks/payments/cluster`,
      `arn:aws:logs:eu-west-1:${TARGET}:log-group:/aws/eks/payments/cluster:*`,
    ]);
    expect(granted.ListLogGroups?.Resource).toBe(`arn:aws:logs:*:${TARGET}:log-group:*`);
  });
});
