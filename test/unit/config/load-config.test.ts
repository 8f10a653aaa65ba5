import { describe, expect, it } from 'vitest';
import {
  loadAnalyzeConfig,
  loadEnableLoggingConfig,
  loadNotifySlackConfig,
} from '#config/load-config.ts';
import { ConfigError } from '#core/errors.ts';

const ANALYZE = {
  CLUSTERS: 'prod, staging,prod',
  STATE_TABLE: 'eks-sg-advisor-prod-StateTable-1ABC',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:eks-sg-advisor-prod-alerts',
  AWS_REGION: 'eu-west-1',
};

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
      clusters: ['prod', 'staging'],
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
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.clusters)).toBe(true);
    expect(Object.isFrozen(config.windowPlan)).toBe(true);
  });

  it('reads the schedule settings, the log level and dry run', () => {
    // Act
    const config = loadAnalyzeConfig({
      ...ANALYZE,
      INGESTION_LAG: '10m',
      LOOKBACK_CAP: '2d',
      INITIAL_LOOKBACK: '3h',
      MAX_WINDOW: '12h',
      RESOLVE_AFTER: '30m',
      DRY_RUN: 'true',
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
      logLevel: 'DEBUG',
      metricsNamespace: 'Platform/EksSgAdvisor',
    });
  });

  it.each([
    [{ CLUSTERS: undefined }, 'CLUSTERS must be set'],
    [{ CLUSTERS: ' , ' }, 'CLUSTERS must name at least one cluster'],
    [{ CLUSTERS: 'prod,bad name' }, "CLUSTERS: 'bad name' is not a valid EKS cluster name"],
    [{ STATE_TABLE: '' }, 'STATE_TABLE must be set'],
    [{ ALERT_TOPIC_ARN: 'alerts' }, "ALERT_TOPIC_ARN must be an SNS topic ARN (got 'alerts')"],
    [
      { INGESTION_LAG: '5 minutes' },
      "INGESTION_LAG must be a duration such as 5m, 1h or 2d (got '5 minutes')",
    ],
    [{ MAX_WINDOW: '0s' }, "MAX_WINDOW must be at least 1s (got '0s')"],
    [{ INITIAL_LOOKBACK: '2d' }, 'INITIAL_LOOKBACK must not be longer than LOOKBACK_CAP'],
    [{ RESOLVE_AFTER: '10s' }, "RESOLVE_AFTER must be at least 1m (got '10s')"],
    [{ DRY_RUN: 'maybe' }, "DRY_RUN must be true or false (got 'maybe')"],
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
      clusters: ['prod'],
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
