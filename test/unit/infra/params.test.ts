import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadAnalyzeConfig } from '#config/load-config.ts';
import { parseAccountRoles } from '#core/clusters/account-roles.ts';
import { clusterSpecText, parseClusterSpecs } from '#core/clusters/cluster-spec.ts';

type Resolver = { resolveVariable: (name: string) => Promise<unknown> };
type Params = Record<string, (resolver: Resolver) => Promise<unknown>>;

const params = createRequire(import.meta.url)('../../../infra/params.cjs') as Params;
const READER = 'arn:aws:iam::210987654321:role/eks-sg-advisor-reader';

/** Calls a function of infra/params.cjs as osls does, with these serverless params. */
function call(name: string, values: Record<string, string | number>): Promise<unknown> {
  const defaults = {
    clusters: '',
    accountRoles: '',
    queryConcurrency: 20,
    workerConcurrency: '',
    analyzeTimeout: 300,
    controlPlaneGroups: '',
  };
  const all: Record<string, string | number> = { ...defaults, ...values };
  const fn = params[name];
  if (!fn) throw new Error(`infra/params.cjs has no ${name}`);
  return fn({ resolveVariable: async (variable) => all[variable.replace(/^param:/, '')] });
}

describe('infra/params.cjs (package-time checks of the serverless params)', () => {
  it('writes CLUSTERS and ACCOUNT_ROLES that the functions’ configuration reads back unchanged', async () => {
    // Prepare
    const values = {
      clusters: ' prod, 210987654321/eu-west-1/payments ,prod,123456789012/us-west-2/batch',
      accountRoles: `${READER}|ext-7f3a`,
    };
    // Act
    const clusters = String(await call('clusterList', values));
    const roles = String(await call('accountRoleList', values));
    // Assess
    expect(clusters).toBe('prod,210987654321/eu-west-1/payments,123456789012/us-west-2/batch');
    expect(parseClusterSpecs(clusters.split(',')).map(clusterSpecText)).toEqual(
      clusters.split(','),
    );
    expect(parseAccountRoles(roles.split(','))).toEqual([
      { account: '210987654321', roleArn: READER, externalId: 'ext-7f3a' },
    ]);
  });

  it.each([
    ['bad name'],
    ['a/b/c'],
    ['21098765432/eu-west-1/p'],
    ['210987654321/eu-west/p'],
    ['eu-west-1/p'],
  ])('refuses the cluster %j, as the functions would', async (entry) => {
    // Act
    const act = call('clusterList', { clusters: entry });
    // Assess
    await expect(act).rejects.toThrow(`param clusters: '${entry}' is not an EKS cluster name`);
    expect(() => parseClusterSpecs([entry])).toThrow();
  });

  it('lists only the clusters read with the stack’s own role, at their account and Region', async () => {
    // Prepare
    const values = {
      clusters: 'prod,210987654321/eu-west-1/payments,123456789012/us-west-2/batch',
      accountRoles: READER,
    };
    // Act
    const arns = await call('clusterArns', values);
    const home = await call('hasHomeClusters', values);
    const onlyRemote = await call('hasHomeClusters', {
      ...values,
      clusters: '210987654321/eu-west-1/payments',
    });
    // Assess
    expect(arns).toEqual([
      { 'Fn::Sub': `arn:\${AWS::Partition}:eks:\${AWS::Region}:\${AWS::AccountId}:cluster/prod` },
      { 'Fn::Sub': `arn:\${AWS::Partition}:eks:us-west-2:123456789012:cluster/batch` },
    ]);
    expect([home, onlyRemote]).toEqual(['true', 'false']);
  });

  it('bounds the worker concurrency by the cap times the accounts, unless set', async () => {
    // Act
    const computed = await call('workerConcurrency', {
      clusters: 'prod,210987654321/eu-west-1/a,210987654321/us-east-2/b,345678901234/eu-west-1/c',
      queryConcurrency: 20,
    });
    const one = await call('workerConcurrency', { clusters: 'prod', queryConcurrency: 1 });
    const set = await call('workerConcurrency', { clusters: 'prod', workerConcurrency: '7' });
    const visibility = await call('workVisibilityTimeout', { analyzeTimeout: 900 });
    // Assess
    expect([computed, one, set, visibility]).toEqual([60, 2, 7, 5400]);
  });

  it('refuses a role that is not a role ARN, and two roles for one account', async () => {
    // Act
    const bad = call('accountRoleList', { accountRoles: 'arn:aws:iam::1:role/x' });
    const two = call('accountRoleList', {
      accountRoles: `${READER},arn:aws:iam::210987654321:role/other`,
    });
    // Assess
    await expect(bad).rejects.toThrow(
      "param accountRoles: 'arn:aws:iam::1:role/x' is not a role ARN",
    );
    await expect(two).rejects.toThrow('param accountRoles: account 210987654321 has two roles');
  });
});

describe('infra/params.cjs stackName (the role-name prefix the target accounts trust)', () => {
  function stackName(stage: string): Promise<unknown> {
    const fn = params.stackName;
    if (!fn) throw new Error('infra/params.cjs has no stackName');
    const values: Record<string, string> = { 'self:service': 'eks-sg-advisor', 'sls:stage': stage };
    return fn({ resolveVariable: async (variable) => values[variable] });
  }

  it.each([
    ['prod', 'eks-sg-advisor-prod'],
    ['fifteen-chars-x', 'eks-sg-advisor-fifteen-chars-x'],
  ])('keeps the default stack name for the stage %j', async (stage, expected) => {
    // Act
    const name = await stackName(stage);
    // Assess
    expect(name).toBe(expected);
    // <stack>-AnalyzeClusterRole-<13 characters> still fits IAM's 64.
    expect(`${expected}-AnalyzeClusterRole-ABCDEFGHIJKLM`.length).toBeLessThanOrEqual(64);
  });

  it('refuses a stage that would make CloudFormation cut the stack name out of the role names', async () => {
    // Act
    const act = stackName('sixteen-chars-xy');
    // Assess
    await expect(act).rejects.toThrow(
      "stage 'sixteen-chars-xy' is too long: the stack name eks-sg-advisor-sixteen-chars-xy has 31 characters",
    );
  });
});

describe('controlPlaneGroupList (param controlPlaneGroups)', () => {
  it('writes CONTROL_PLANE_GROUPS that the functions’ configuration reads back', async () => {
    // Prepare
    const values = {
      clusters: 'prod,210987654321/eu-west-1/payments',
      controlPlaneGroups: ' prod=sg-0add0add0add0add0, 210987654321/eu-west-1/payments=sg-12345678',
    };
    // Act
    const text = String(await call('controlPlaneGroupList', values));
    const config = loadAnalyzeConfig({
      CLUSTERS: String(await call('clusterList', values)),
      CONTROL_PLANE_GROUPS: text,
      STATE_TABLE: 'state',
      ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:alerts',
      WORK_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/work',
    });
    // Assess
    expect(config.controlPlaneGroups.map((g) => g.groupId)).toEqual([
      'sg-0add0add0add0add0',
      'sg-12345678',
    ]);
  });

  it.each([
    'prod=sg-XYZ',
    'other=sg-12345678',
    'prod',
    'prod=sg-12345678,prod=sg-87654321',
    'payments=sg-12345678',
  ])('fails the package on %s', async (controlPlaneGroups) => {
    await expect(
      call('controlPlaneGroupList', {
        clusters: 'prod,210987654321/eu-west-1/payments,123456789012/us-west-2/payments',
        controlPlaneGroups,
      }),
    ).rejects.toThrow(/param controlPlaneGroups/);
  });
});
