import { describe, expect, it } from 'vitest';
import {
  loadAnalyzeConfig,
  loadEnableLoggingConfig,
  loadNotifySlackConfig,
  loadPlanDriftConfig,
} from '#config/load-config.ts';
import { ConfigError } from '#core/errors.ts';

const ANALYZE = {
  CLUSTERS: 'prod, staging,prod',
  STATE_TABLE: 'eks-sg-advisor-prod-StateTable-1ABC',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:eks-sg-advisor-prod-alerts',
  AWS_REGION: 'eu-west-1',
  WORK_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/eks-sg-advisor-prod-work',
};
const PROD = { name: 'prod', account: null, region: null };
const READER = 'arn:aws:iam::210987654321:role/eks-sg-advisor-reader';

describe('loadAnalyzeConfig', () => {
  it('reads the variables with their defaults and freezes the result', () => {
    // Act
    const config = loadAnalyzeConfig(ANALYZE);
    // Assess
    expect(config).toEqual({
      serviceName: 'eks-sg-advisor',
      metricsNamespace: 'EksSgAdvisor',
      logLevel: 'INFO',
      region: 'eu-west-1',
      clusters: [PROD, { name: 'staging', account: null, region: null }],
      accountRoles: [],
      stateTable: 'eks-sg-advisor-prod-StateTable-1ABC',
      alertTopicArn: 'arn:aws:sns:eu-west-1:123456789012:eks-sg-advisor-prod-alerts',
      windowPlan: {
        ingestionLagMs: 300_000,
        maxResumeAgeMs: 86_400_000,
        initialLookbackMs: 3_600_000,
        maxWindowMs: 21_600_000,
      },
      resolveAfterMs: 3_600_000,
      dryRun: false,
      workQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/eks-sg-advisor-prod-work',
      queryConcurrency: 20,
      inlineMax: 5,
      kubernetes: 'off',
      policy: {
        limits: { rulesPerGroup: 60, aclEntriesPerDirection: 20, templateResources: 500 },
      },
      controlPlaneGroups: [],
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.clusters)).toBe(true);
    expect(Object.isFrozen(config.windowPlan)).toBe(true);
  });

  it('reads the schedule settings, the log level, dry run and the Kubernetes mode', () => {
    // Act
    const config = loadAnalyzeConfig({
      ...ANALYZE,
      INGESTION_LAG: '10m',
      LOOKBACK_CAP: '2d',
      INITIAL_LOOKBACK: '3h',
      MAX_WINDOW: '12h',
      RESOLVE_AFTER: '30m',
      DRY_RUN: 'true',
      KUBERNETES_MODE: 'Audit',
      LOG_LEVEL: 'debug',
      METRICS_NAMESPACE: 'Platform/EksSgAdvisor',
    });
    // Assess
    expect(config).toMatchObject({
      windowPlan: {
        ingestionLagMs: 600_000,
        maxResumeAgeMs: 172_800_000,
        initialLookbackMs: 10_800_000,
        maxWindowMs: 43_200_000,
      },
      resolveAfterMs: 1_800_000,
      dryRun: true,
      kubernetes: 'audit',
      logLevel: 'DEBUG',
      metricsNamespace: 'Platform/EksSgAdvisor',
    });
  });

  it('reads clusters of other accounts and Regions, the roles to reach them, the cap and the inline limit', () => {
    // Act
    const config = loadAnalyzeConfig({
      ...ANALYZE,
      CLUSTERS: 'prod, 210987654321/eu-west-1/payments,345678901234/us-east-2/payments',
      ACCOUNT_ROLES: `${READER}|ext-7f3a, arn:aws:iam::345678901234:role/path/reader`,
      QUERY_CONCURRENCY: '10',
      ON_DEMAND_INLINE_MAX: '0',
    });
    // Assess
    expect(config).toMatchObject({
      clusters: [
        PROD,
        { name: 'payments', account: '210987654321', region: 'eu-west-1' },
        { name: 'payments', account: '345678901234', region: 'us-east-2' },
      ],
      accountRoles: [
        { account: '210987654321', roleArn: READER, externalId: 'ext-7f3a' },
        {
          account: '345678901234',
          roleArn: 'arn:aws:iam::345678901234:role/path/reader',
          externalId: null,
        },
      ],
      queryConcurrency: 10,
      inlineMax: 0,
    });
  });

  it('reads the sensitive ports and the quotas of the analysis, defaults unless set', () => {
    // Act
    const defaults = loadAnalyzeConfig(ANALYZE);
    const set = loadAnalyzeConfig({
      ...ANALYZE,
      SENSITIVE_PORTS: '22,5432-5433',
      MAX_RULES_PER_GROUP: '100',
      MAX_ACL_ENTRIES: '40',
      NACL_REPLY_PORTS: '32768-60999',
    });

    // Assess
    expect(defaults.policy).toEqual({
      limits: { rulesPerGroup: 60, aclEntriesPerDirection: 20, templateResources: 500 },
    });
    expect(set.policy).toEqual({
      sensitivePorts: [
        { from: 22, to: 22, name: 'SSH' },
        { from: 5432, to: 5433, name: 'port 5432-5433' },
      ],
      replyPorts: { from: 32768, to: 60999 },
      limits: { rulesPerGroup: 100, aclEntriesPerDirection: 40, templateResources: 500 },
    });
  });

  it.each([
    [{ CLUSTERS: undefined }, 'CLUSTERS must be set'],
    [{ CLUSTERS: ' , ' }, 'CLUSTERS must name at least one cluster'],
    [{ CLUSTERS: 'prod,bad name' }, 'CLUSTERS: "bad name" is not a valid EKS cluster name'],
    [
      { CLUSTERS: '210987654321/eu-west/payments' },
      `CLUSTERS: "210987654321/eu-west/payments": 'eu-west' is not a Region name such as eu-west-1`,
    ],
    [
      { ACCOUNT_ROLES: 'arn:aws:iam::21098765432:role/reader' },
      'ACCOUNT_ROLES: "arn:aws:iam::21098765432:role/reader" must be an IAM role ARN',
    ],
    [
      { ACCOUNT_ROLES: `${READER}|x` },
      `ACCOUNT_ROLES: the external ID of ${READER} must be 2 to 1224 characters`,
    ],
    [
      { ACCOUNT_ROLES: `${READER},arn:aws:iam::210987654321:role/other` },
      'ACCOUNT_ROLES: account 210987654321 has two roles',
    ],
    [{ WORK_QUEUE_URL: 'work' }, "WORK_QUEUE_URL must be an SQS queue URL (got 'work')"],
    [
      { QUERY_CONCURRENCY: '0' },
      "QUERY_CONCURRENCY must be a whole number from 1 to 100 (got '0')",
    ],
    [{ QUERY_CONCURRENCY: '2.5' }, 'QUERY_CONCURRENCY must be a whole number from 1 to 100'],
    [{ STATE_TABLE: '' }, 'STATE_TABLE must be set'],
    [{ ALERT_TOPIC_ARN: 'alerts' }, "ALERT_TOPIC_ARN must be an SNS topic ARN (got 'alerts')"],
    [
      { INGESTION_LAG: '5 minutes' },
      "INGESTION_LAG must be a duration such as 5m, 1h or 2d (got '5 minutes')",
    ],
    [{ MAX_WINDOW: '0s' }, "MAX_WINDOW must be at least 1s (got '0s')"],
    [{ INITIAL_LOOKBACK: '2d' }, 'INITIAL_LOOKBACK must not be longer than LOOKBACK_CAP'],
    [{ RESOLVE_AFTER: '10s' }, "RESOLVE_AFTER must be at least 1m (got '10s')"],
    [{ CONTROL_PLANE_GROUPS: 'prod=sg-nope' }, /^CONTROL_PLANE_GROUPS: .*not a security group ID/],
    [
      { CONTROL_PLANE_GROUPS: 'payments=sg-12345678' },
      /^CONTROL_PLANE_GROUPS: .*not one of the configured clusters/,
    ],
    [{ DRY_RUN: 'maybe' }, "DRY_RUN must be true or false (got 'maybe')"],
    [{ KUBERNETES_MODE: 'on' }, "KUBERNETES_MODE must be one of off, resolve, audit (got 'on')"],
    [{ SENSITIVE_PORTS: '22;3389' }, /^SENSITIVE_PORTS must be a comma-separated list/],
    [{ MAX_RULES_PER_GROUP: '0' }, /MAX_RULES_PER_GROUP/],
    [{ MAX_ACL_ENTRIES: '41' }, /MAX_ACL_ENTRIES/],
    [{ NACL_REPLY_PORTS: '60999-32768' }, /^NACL_REPLY_PORTS must be a port range FROM-TO/],
    [
      { LOG_LEVEL: 'loud' },
      "LOG_LEVEL must be one of DEBUG, INFO, WARN, ERROR, SILENT (got 'loud')",
    ],
  ])('fails at cold start naming the variable: %j', (change, message) => {
    // Act
    const act = (): unknown => loadAnalyzeConfig({ ...ANALYZE, ...change });
    // Assess
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(message);
  });
});

describe('CONTROL_PLANE_GROUPS', () => {
  it('gives the analyze functions the control-plane group of each named cluster', () => {
    // Act
    const config = loadAnalyzeConfig({
      ...ANALYZE,
      CONTROL_PLANE_GROUPS: 'prod=sg-0add0add0add0add0',
    });
    // Assess
    expect(config.controlPlaneGroups).toEqual([{ cluster: PROD, groupId: 'sg-0add0add0add0add0' }]);
  });
});

describe('loadPlanDriftConfig', () => {
  const DRIFT = {
    CLUSTERS: 'prod',
    STATE_TABLE: ANALYZE.STATE_TABLE,
    ALERT_TOPIC_ARN: ANALYZE.ALERT_TOPIC_ARN,
  };

  it('reads a 14-day window, a 7-day minimum, no Kubernetes reads and no groups unless set', () => {
    // Act
    const config = loadPlanDriftConfig(DRIFT);
    // Assess
    expect(config).toMatchObject({
      clusters: [PROD],
      windowMs: 14 * 86_400_000,
      minWindowMs: 7 * 86_400_000,
      kubernetes: 'off',
      dryRun: false,
      controlPlaneGroups: [],
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the window, the Kubernetes mode and the control-plane groups', () => {
    // Act
    const config = loadPlanDriftConfig({
      ...DRIFT,
      DRIFT_WINDOW: '30d',
      DRIFT_MIN_WINDOW: '3d',
      KUBERNETES_MODE: 'resolve',
      CONTROL_PLANE_GROUPS: 'prod=sg-12345678',
    });
    // Assess
    expect(config).toMatchObject({
      windowMs: 30 * 86_400_000,
      minWindowMs: 3 * 86_400_000,
      kubernetes: 'resolve',
      controlPlaneGroups: [{ cluster: PROD, groupId: 'sg-12345678' }],
    });
  });

  it.each([
    [{ DRIFT_WINDOW: '10m' }, /DRIFT_WINDOW/],
    [{ ALERT_TOPIC_ARN: 'x' }, /ALERT_TOPIC_ARN/],
    [{ CONTROL_PLANE_GROUPS: 'prod=sg-1,prod=sg-2' }, /CONTROL_PLANE_GROUPS/],
  ])('fails at cold start naming the variable: %j', (change, message) => {
    expect(() => loadPlanDriftConfig({ ...DRIFT, ...change })).toThrow(message);
  });
});

describe('loadEnableLoggingConfig', () => {
  it('reads the clusters and the retention, 30 days unless set', () => {
    // Act
    const defaults = loadEnableLoggingConfig({ CLUSTERS: 'prod' });
    const set = loadEnableLoggingConfig({
      CLUSTERS: 'prod',
      LOG_RETENTION_DAYS: '14',
      FORCE_RETENTION: 'yes',
    });
    // Assess
    expect(defaults).toMatchObject({
      clusters: [PROD],
      accountRoles: [],
      retentionDays: 30,
      forceRetention: false,
    });
    expect(set).toMatchObject({ retentionDays: 14, forceRetention: true });
  });

  it('refuses a retention CloudWatch does not accept, naming the variable', () => {
    // Act
    const act = (): unknown =>
      loadEnableLoggingConfig({ CLUSTERS: 'prod', LOG_RETENTION_DAYS: '10' });
    // Assess
    expect(act).toThrow(/^LOG_RETENTION_DAYS must be one of 1, 3, 5, .* \(got '10'\)$/);
  });
});

describe('loadNotifySlackConfig', () => {
  it('reads the state table of posted notification ids when STATE_TABLE is set, and none otherwise', () => {
    // Prepare
    const source = { SLACK_WEBHOOK_PARAMETER: '/eks-sg-advisor/slack' };
    // Act
    const withTable = loadNotifySlackConfig({ ...source, STATE_TABLE: 'eks-sg-advisor-state' });
    const without = loadNotifySlackConfig(source);
    const bad = () => loadNotifySlackConfig({ ...source, STATE_TABLE: 'a b' });
    // Assess
    expect(withTable.stateTable).toBe('eks-sg-advisor-state');
    expect(without.stateTable).toBeNull();
    expect(bad).toThrow(/STATE_TABLE/);
  });

  it('reads where the webhook URL is kept: an SSM parameter or a Secrets Manager secret', () => {
    // Act
    const ssm = loadNotifySlackConfig({ SLACK_WEBHOOK_PARAMETER: '/eks-sg-advisor/slack' });
    const secret = loadNotifySlackConfig({ SLACK_WEBHOOK_SECRET_ID: 'eks-sg-advisor/slack' });
    // Assess
    expect(ssm.slackWebhook).toEqual({ kind: 'ssm', parameterName: '/eks-sg-advisor/slack' });
    expect(secret.slackWebhook).toEqual({
      kind: 'secrets-manager',
      secretId: 'eks-sg-advisor/slack',
    });
  });

  it('never takes the URL from the environment, and never repeats it in the error', () => {
    // Prepare
    const url = 'https://hooks.slack.com/services/T000/B000/SECRETSECRET';
    // Act
    const errors = [
      { SLACK_WEBHOOK_URL: url },
      { SLACK_WEBHOOK_PARAMETER: url },
      { SLACK_WEBHOOK_SECRET_ID: url },
    ].map((env) => {
      try {
        loadNotifySlackConfig(env);
        return 'no error';
      } catch (error) {
        return String(error);
      }
    });
    // Assess
    expect(errors[0]).toMatch(
      /^ConfigError: SLACK_WEBHOOK_URL is set, but the webhook URL is a secret/,
    );
    expect(errors[1]).toMatch(/^ConfigError: SLACK_WEBHOOK_PARAMETER holds a URL/);
    expect(errors[2]).toMatch(/^ConfigError: SLACK_WEBHOOK_SECRET_ID holds a URL/);
    for (const error of errors) expect(error).not.toContain('SECRETSECRET');
  });

  it.each([
    [{}, 'set exactly one of SLACK_WEBHOOK_PARAMETER and SLACK_WEBHOOK_SECRET_ID'],
    [
      { SLACK_WEBHOOK_PARAMETER: '/a', SLACK_WEBHOOK_SECRET_ID: 'b' },
      'set exactly one of SLACK_WEBHOOK_PARAMETER and SLACK_WEBHOOK_SECRET_ID',
    ],
    [
      { SLACK_WEBHOOK_PARAMETER: 'no-slash' },
      'SLACK_WEBHOOK_PARAMETER must be an SSM parameter name starting with /',
    ],
  ])('fails naming the variables: %j', (env, message) => {
    // Act
    const act = (): unknown => loadNotifySlackConfig(env);
    // Assess
    expect(act).toThrow(message);
  });
});
