import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOsls } from '#test/helpers/osls.ts';

interface Template {
  Resources: Record<
    string,
    { Type: string; Condition?: string; Properties?: Record<string, unknown> }
  >;
  Conditions?: Record<string, unknown>;
  Parameters?: Record<string, unknown>;
  Outputs?: Record<string, { Value: unknown }>;
}

const ARN_OF = (name: string) => ({
  'Fn::Sub': `arn:\${AWS::Partition}:eks:\${AWS::Region}:\${AWS::AccountId}:cluster/${name}`,
});
/** A cluster of the stack's account in another Region, and one of another account (via a role). */
const BATCH_ARN = { 'Fn::Sub': `arn:\${AWS::Partition}:eks:us-west-2:123456789012:cluster/batch` };
const READER = 'arn:aws:iam::210987654321:role/eks-sg-advisor-reader';

let dir: string;
let template: Template;
let packaged: { status: number | null; output: string; ms: number };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eks-sg-advisor-package-'));
  const run = await runOsls([
    'package',
    '--stage',
    'ci',
    '--param',
    'clusters=prod-eu-1,staging,123456789012/us-west-2/batch,210987654321/eu-west-1/payments',
    '--param',
    `accountRoles=${READER}|ext-7f3a`,
    '--param',
    'slackWebhookParameter=/eks-sg-advisor/slack-webhook',
    '--param',
    'controlPlaneGroups=staging=sg-0add0add0add0add0',
    '--package',
    dir,
  ]);
  packaged = { status: run.status, output: run.stdout + run.stderr, ms: run.ms };
  template = JSON.parse(
    readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as Template;
}, 240_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function ofType(type: string): [string, Template['Resources'][string]][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** Every policy statement of the template: role policies, the key policy, queue and topic policies. */
interface Statement {
  where: string;
  Effect: unknown;
  Action: unknown;
  Resource?: unknown;
  Condition?: unknown;
}

function statements(): Statement[] {
  const found: Statement[] = [];
  const visit = (where: string, value: unknown): void => {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(`${where}[${i}]`, item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if ('Effect' in record && 'Action' in record) {
      found.push({
        where,
        Effect: record.Effect,
        Action: record.Action,
        Resource: record.Resource,
        Condition: record.Condition,
      });
    }
    for (const [key, inner] of Object.entries(record)) visit(`${where}.${key}`, inner);
  };
  visit('Resources', template.Resources);
  return found;
}

function statementOf(role: string, action: string): { Action: unknown; Resource?: unknown } {
  const found = statements().find(
    (s) => s.where.startsWith(`Resources.${role}.`) && [s.Action].flat().includes(action),
  );
  if (!found) throw new Error(`${role} has no statement for ${action}`);
  return found;
}

describe('serverless.yml packaged offline with osls', () => {
  it('packages with dummy credentials and no AWS call', () => {
    // Assess
    expect(packaged.output).toContain('Service packaged');
    expect(packaged.status).toBe(0);
    for (const name of ['analyze', 'analyzeCluster', 'enableLogging', 'notifySlack']) {
      expect(statSync(join(dir, `${name}.zip`)).size).toBeGreaterThan(10_000);
    }
  });

  it('passes cfn-lint', () => {
    // Act
    const lint = spawnSync(
      'cfn-lint',
      ['--format', 'parseable', join(dir, 'cloudformation-template-update-stack.json')],
      { encoding: 'utf8' },
    );
    // Assess
    expect(lint.error, 'cfn-lint must be installed').toBeUndefined();
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  });

  it('schedules analyze every 15 minutes, enableLogging daily and planDrift weekly', () => {
    // Act
    const rules = ofType('AWS::Events::Rule').map(([, rule]) => ({
      schedule: rule.Properties?.ScheduleExpression,
      target: JSON.stringify(rule.Properties?.Targets),
    }));
    // Assess
    expect(rules).toHaveLength(3);
    expect(rules).toContainEqual({
      schedule: 'rate(7 days)',
      target: expect.stringContaining('PlanDriftLambdaFunction'),
    });
    expect(rules).toContainEqual({
      schedule: 'rate(15 minutes)',
      target: expect.stringContaining('AnalyzeLambdaFunction'),
    });
    expect(rules).toContainEqual({
      schedule: 'rate(1 day)',
      target: expect.stringContaining('EnableLoggingLambdaFunction'),
    });
  });

  it('reads no Kubernetes API by default, and outputs the roles an access entry names', () => {
    // Act
    const environments = ['AnalyzeLambdaFunction', 'AnalyzeClusterLambdaFunction'].map((name) => {
      const environment = template.Resources[name]?.Properties?.Environment as
        | { Variables: Record<string, unknown> }
        | undefined;
      return environment?.Variables ?? {};
    });
    // Assess
    for (const variables of environments) expect(variables.KUBERNETES_MODE).toBe('off');
    expect(template.Outputs?.AnalyzeRoleArn?.Value).toEqual({
      'Fn::GetAtt': ['AnalyzeRole', 'Arn'],
    });
    expect(template.Outputs?.AnalyzeClusterRoleArn?.Value).toEqual({
      'Fn::GetAtt': ['AnalyzeClusterRole', 'Arn'],
    });
  });

  it('has the KMS-encrypted topic and the on-demand state table with TTL and point-in-time recovery', () => {
    // Act
    const topic = template.Resources.AlertTopic;
    const table = template.Resources.StateTable;
    // Assess
    expect(topic?.Type).toBe('AWS::SNS::Topic');
    expect(topic?.Properties?.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': ['AlertKey', 'Arn'] });
    expect(table?.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('sends every function’s failed asynchronous invocations to the dead-letter queue', () => {
    // Act
    const configs = ofType('AWS::Lambda::EventInvokeConfig').map(([, config]) => config.Properties);
    // Assess
    expect(template.Resources.DeadLetterQueue?.Type).toBe('AWS::SQS::Queue');
    expect(configs).toHaveLength(4);
    for (const config of configs) {
      expect(config?.DestinationConfig).toEqual({
        OnFailure: { Destination: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } },
      });
    }
  });

  it('allows no wildcard action but kms:GenerateDataKey* (the one wildcard denies plain-HTTP access to the deployment bucket)', () => {
    // Act: SNS encrypts with whichever GenerateDataKey variant it needs, so publishers get the
    // documented `kms:GenerateDataKey*` (checked below); nothing else ends in `*`.
    const wildcard = (s: { Action: unknown }): boolean =>
      [s.Action]
        .flat()
        .some(
          (action) =>
            typeof action !== 'string' ||
            (action.includes('*') && action !== 'kms:GenerateDataKey*'),
        );
    const allowed = statements().filter((s) => s.Effect === 'Allow');
    const denied = statements().filter((s) => s.Effect !== 'Allow');
    // Assess
    expect(allowed.flatMap((s) => [s.Action].flat()).length).toBeGreaterThan(20);
    expect(allowed.filter(wildcard)).toEqual([]);
    expect(denied.filter(wildcard)).toEqual([
      expect.objectContaining({
        where: 'Resources.ServerlessDeploymentBucketPolicy.Properties.PolicyDocument.Statement[0]',
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': false } },
      }),
    ]);
  });

  it('lets every publisher of the encrypted topic use kms:GenerateDataKey* and kms:Decrypt, as SNS needs', () => {
    // Act
    const publishers = statements().filter(
      (s) =>
        s.Effect === 'Allow' &&
        [s.Action].flat().includes('kms:Decrypt') &&
        s.where !== 'Resources.AlertKey.Properties.KeyPolicy.Statement[0]',
    );
    // Assess: the analyze roles and CloudWatch alarms (the Slack function only decrypts its secret)
    const generating = publishers.filter((s) =>
      [s.Action].flat().some((a) => String(a).startsWith('kms:GenerateDataKey')),
    );
    expect(generating.length).toBeGreaterThanOrEqual(3);
    for (const statement of generating) {
      expect([statement.Action].flat()).toContain('kms:GenerateDataKey*');
      expect([statement.Action].flat()).not.toContain('kms:GenerateDataKey');
    }
  });

  it('limits UpdateClusterConfig, StartQuery, Publish and the state actions to the configured resources', () => {
    // Assess: clusters read with the stack's role, at their account/region ARNs; not `payments`,
    // which is read through its account's role.
    for (const role of ['AnalyzeRole', 'AnalyzeClusterRole', 'EnableLoggingRole']) {
      expect(statementOf(role, 'eks:DescribeCluster').Resource).toEqual([
        ARN_OF('prod-eu-1'),
        ARN_OF('staging'),
        BATCH_ARN,
      ]);
    }
    const startQuery = JSON.stringify(
      statementOf('AnalyzeClusterRole', 'logs:StartQuery').Resource,
    );
    expect(startQuery).toMatch(
      /^\[.*log-group:\/aws\/eks\/prod-eu-1\/cluster".*logs:us-west-2:123456789012:log-group:\/aws\/eks\/batch\/cluster:\*"\}\]$/,
    );
    expect(JSON.stringify(template.Resources.AnalyzeClusterRole)).not.toContain('payments');
    expect(statementOf('AnalyzeRole', 'sns:Publish').Resource).toEqual({ Ref: 'AlertTopic' });
    expect(statementOf('AnalyzeRole', 'dynamodb:PutItem').Resource).toEqual({
      'Fn::GetAtt': ['StateTable', 'Arn'],
    });
    // Only the Logs Insights slots are ever deleted.
    expect(statementOf('AnalyzeClusterRole', 'dynamodb:DeleteItem')).toMatchObject({
      Resource: { 'Fn::GetAtt': ['StateTable', 'Arn'] },
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['account#*'] } },
    });
    // Resource '*' only for calls without resource-level permissions.
    const starred = statements()
      .filter((s) => s.where.includes('Role') && s.Resource === '*')
      .flatMap((s) => [s.Action].flat());
    expect([...new Set(starred)].sort()).toEqual([
      'ec2:DescribeManagedPrefixLists',
      'ec2:DescribeNetworkAcls',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSecurityGroupRules',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSubnets',
      'ec2:GetManagedPrefixListEntries',
      'logs:GetQueryResults',
      'logs:StopQuery',
    ]);
    expect(JSON.stringify(template.Resources.NotifySlackRole)).not.toContain('sns:Publish');
    // notifySlack claims and marks its own notified#<id> items only, and deletes none.
    expect(statementOf('NotifySlackRole', 'dynamodb:PutItem')).toMatchObject({
      Resource: { 'Fn::GetAtt': ['StateTable', 'Arn'] },
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['notified#*'] } },
    });
    expect(JSON.stringify(template.Resources.NotifySlackRole)).not.toContain('DeleteItem');
    expect(template.Resources.NotifySlackLambdaFunction?.Properties).toMatchObject({
      Environment: { Variables: { STATE_TABLE: { Ref: 'StateTable' } } },
    });
  });

  it('lets planDrift query only the flow-log groups, write only its drift partitions, and passes it the control-plane groups', () => {
    // Act
    const startQuery = JSON.stringify(statementOf('PlanDriftRole', 'logs:StartQuery').Resource);
    const variablesOf = (name: string) =>
      (
        template.Resources[name]?.Properties?.Environment as
          | { Variables: Record<string, unknown> }
          | undefined
      )?.Variables ?? {};
    const variables = variablesOf('PlanDriftLambdaFunction');
    // Assess
    expect(startQuery).toContain('log-group:/eks-sg-advisor/prod-eu-1/control-plane-flow-logs');
    expect(startQuery).not.toContain('/aws/eks/');
    expect(startQuery).not.toContain('payments');
    expect(statementOf('PlanDriftRole', 'dynamodb:PutItem')).toMatchObject({
      Resource: { 'Fn::GetAtt': ['StateTable', 'Arn'] },
      Condition: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['cluster#plan-drift/*'] },
      },
    });
    expect(statementOf('PlanDriftRole', 'sns:Publish').Resource).toEqual({ Ref: 'AlertTopic' });
    expect(variables.CONTROL_PLANE_GROUPS).toBe('staging=sg-0add0add0add0add0');
    expect(variables.DRIFT_WINDOW).toBe('14d');
    expect(variablesOf('AnalyzeClusterLambdaFunction').CONTROL_PLANE_GROUPS).toBe(
      'staging=sg-0add0add0add0add0',
    );
  });

  it('assumes exactly the configured cross-account roles, and nothing else', () => {
    // Act
    const assumers = statements()
      .filter((s) => s.where.includes('Policies') && [s.Action].flat().includes('sts:AssumeRole'))
      .map((s) => ({ role: s.where.split('.')[1], Resource: s.Resource }));
    // Assess
    expect(assumers).toEqual(
      ['AnalyzeRole', 'AnalyzeClusterRole', 'EnableLoggingRole', 'PlanDriftRole'].map((role) => ({
        role,
        Resource: [READER],
      })),
    );
  });

  it('feeds analyzeCluster from the work queue, one message at a time, with a bounded concurrency and per-cluster dead letters', () => {
    // Act
    const [[, mapping] = ['', undefined]] = ofType('AWS::Lambda::EventSourceMapping');
    const queue = template.Resources.ClusterWorkQueue?.Properties;
    const worker = template.Resources.AnalyzeClusterLambdaFunction?.Properties;
    // Assess: 20 queries per account × 3 accounts (the stack's own, 123456789012, 210987654321).
    expect(mapping?.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['ClusterWorkQueue', 'Arn'] },
      FunctionName: { 'Fn::GetAtt': ['AnalyzeClusterLambdaFunction', 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 60 },
    });
    expect(queue).toMatchObject({
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': ['ClusterDeadLetterQueue', 'Arn'] },
        maxReceiveCount: 3,
      },
      SqsManagedSseEnabled: true,
    });
    expect(Number(queue?.VisibilityTimeout)).toBe(6 * Number(worker?.Timeout));
    expect(template.Resources.ClusterDeadLetterQueue?.Type).toBe('AWS::SQS::Queue');
    expect(statementOf('AnalyzeRole', 'sqs:SendMessage').Resource).toEqual({
      'Fn::GetAtt': ['ClusterWorkQueue', 'Arn'],
    });
    expect(statementOf('AnalyzeClusterRole', 'sqs:ChangeMessageVisibility').Action).toEqual([
      'sqs:ReceiveMessage',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ChangeMessageVisibility',
      'sqs:SendMessage',
    ]);
    expect(JSON.stringify(worker?.Environment)).toContain(`"ACCOUNT_ROLES":"${READER}|ext-7f3a"`);
  });

  it('subscribes notifySlack to the topic for alert notifications only, when a webhook source is set', () => {
    // Act
    const subscription = template.Resources.NotifySlackSubscription;
    // Assess
    expect(subscription?.Condition).toBe('SlackEnabled');
    expect(subscription?.Properties).toMatchObject({
      Protocol: 'lambda',
      TopicArn: { Ref: 'AlertTopic' },
      FilterPolicy: { notificationId: [{ exists: true }] },
    });
    expect(template.Resources.NotifySlackLambdaFunction?.Condition).toBe('SlackEnabled');
    expect(template.Parameters?.SlackWebhookParameter).toMatchObject({
      Default: '/eks-sg-advisor/slack-webhook',
    });
  });

  it('has alarms on function errors and blocked endpoints, and a dashboard with a Logs Insights widget', () => {
    // Act
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([id]) => id);
    const body = JSON.stringify(template.Resources.Dashboard?.Properties?.DashboardBody);
    // Assess
    expect(alarms).toEqual(
      expect.arrayContaining([
        'FunctionErrorsAlarm',
        'BlockedEndpointsAlarm',
        'DeadLetterAlarm',
        'ClusterDeadLetterAlarm',
      ]),
    );
    expect(template.Resources.BlockedEndpointsAlarm?.Properties).toMatchObject({
      MetricName: 'BlockedEndpoints',
      Dimensions: [{ Name: 'service', Value: 'eks-sg-advisor-ci' }],
    });
    expect(body).toContain('\\"type\\": \\"log\\"');
    expect(body).toContain(
      "filter message = 'finding' | stats sum(failures) as failures by bin(1h), label",
    );
    expect(template.Resources.ApiServerEndpointFailuresQuery?.Type).toBe(
      'AWS::Logs::QueryDefinition',
    );
  });
});
