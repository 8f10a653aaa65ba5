import {
  accountRoleList,
  booleanValue,
  choiceValue,
  clusterList,
  durationValue,
  type Env,
  integerValue,
  matchingText,
  optionalText,
} from '#config/env-values.ts';
import { DEFAULT_RESOLVE_AFTER_MS } from '#core/alerts/alert-state.ts';
import type { AnalysisPolicy } from '#core/build-report.ts';
import type { AccountRole } from '#core/clusters/account-roles.ts';
import type { ClusterSpec } from '#core/clusters/cluster-spec.ts';
import {
  type ControlPlaneGroupEntry,
  parseControlPlaneGroups,
} from '#core/clusters/control-plane-groups.ts';
import { DEFAULT_INLINE_MAX, DEFAULT_QUERY_CONCURRENCY } from '#core/clusters/fanout-defaults.ts';
import { KUBERNETES_MODES, type KubernetesMode } from '#core/clusters/kubernetes-mode.ts';
import { ConfigError, isInputError } from '#core/errors.ts';
import { QUEUE_URL, SECRET_ID, TOPIC_ARN } from '#core/model/aws-names.ts';
import { DEFAULT_QUOTA_LIMITS } from '#core/recommend/quotas.ts';
import { parseReplyPorts, parseSensitivePorts } from '#core/recommend/sensitive-ports.ts';
import { DEFAULT_RETENTION_DAYS, RETENTION_DAYS } from '#core/run/retention-days.ts';
import { DEFAULT_WINDOW_PLAN, type WindowPlanSettings } from '#core/window/plan-window.ts';

/**
 * The Lambdas' configuration, read once at cold start from the environment serverless.yml sets.
 * This module is the only reader of `process.env`; every loader returns a frozen object and
 * fails with a `ConfigError` naming the variable.
 */

/** Log levels Powertools Logger accepts. */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What every function reads: names for logs and metrics. */
export interface CommonConfig {
  /** `SERVICE_NAME` (default `eks-sg-advisor`): the Powertools service and metric dimension. */
  readonly serviceName: string;
  /** `METRICS_NAMESPACE` (default `EksSgAdvisor`). */
  readonly metricsNamespace: string;
  /** `LOG_LEVEL` (default `INFO`). */
  readonly logLevel: LogLevel;
  /** `AWS_REGION` (set by Lambda); part of the state keys. `null` when unset. */
  readonly region: string | null;
}

/** Where the clusters are and how they are reached (every function that touches them). */
export interface ClusterAccessConfig {
  /** `CLUSTERS`: comma-separated, each `name` (the function's account and Region) or `account/region/name`. */
  readonly clusters: readonly ClusterSpec[];
  /** `ACCOUNT_ROLES`: comma-separated `<role ARN>[|<external ID>]`, at most one per account (none by default). */
  readonly accountRoles: readonly AccountRole[];
}

/** The `analyze` (dispatcher) and `analyzeCluster` (worker) functions' configuration. */
export interface AnalyzeConfig extends CommonConfig, ClusterAccessConfig {
  /** `STATE_TABLE`: the DynamoDB state table (window ends and alert state). */
  readonly stateTable: string;
  /** `ALERT_TOPIC_ARN`: the SNS topic alerts are published to. */
  readonly alertTopicArn: string;
  /**
   * `INGESTION_LAG` (5m), `LOOKBACK_CAP` (24h: older state starts over, and the longest on-demand
   * `since`), `INITIAL_LOOKBACK` (1h), `MAX_WINDOW` (6h per run).
   */
  readonly windowPlan: WindowPlanSettings;
  /** `RESOLVE_AFTER` (1h): an alert not seen for this long is resolved. */
  readonly resolveAfterMs: number;
  /** `DRY_RUN` (false): analyse only; publish nothing, save no state, commit no window. */
  readonly dryRun: boolean;
  /** `WORK_QUEUE_URL`: the SQS queue of per-cluster work. */
  readonly workQueueUrl: string;
  /** `QUERY_CONCURRENCY` (20, 1..100): Logs Insights runs per account at once. */
  readonly queryConcurrency: number;
  /** `ON_DEMAND_INLINE_MAX` (5, 0..50): on-demand requests of at most this many clusters run inline. */
  readonly inlineMax: number;
  /**
   * `KUBERNETES_MODE` (off): `resolve` reads each cluster's APIServices and webhooks to resolve
   * service-only findings exactly; `audit` also judges every flow they open, before it fails.
   */
  readonly kubernetes: KubernetesMode;
  /**
   * `SENSITIVE_PORTS` (the default list; `none` for none), `MAX_RULES_PER_GROUP` (60, 1..1000),
   * `MAX_ACL_ENTRIES` (20, 1..40), `NACL_REPLY_PORTS` (1024-65535): what the analysis may
   * propose.
   */
  readonly policy: AnalysisPolicy;
  /**
   * `CONTROL_PLANE_GROUPS` (none): comma-separated `cluster=sg-…`, the peer group fixes name for
   * that cluster (as `--control-plane-group`); other clusters follow the existing rules.
   */
  readonly controlPlaneGroups: readonly ControlPlaneGroupEntry[];
}

/** The `planDrift` function's configuration. */
export interface PlanDriftConfig extends CommonConfig, ClusterAccessConfig {
  /** `STATE_TABLE`: the DynamoDB state table (drift items beside the alert state). */
  readonly stateTable: string;
  /** `ALERT_TOPIC_ARN`: the SNS topic the drift report is published to. */
  readonly alertTopicArn: string;
  /** `DRIFT_WINDOW` (14d, at least 1h): the flow logs each plan reads, ending now. */
  readonly windowMs: number;
  /** `DRIFT_MIN_WINDOW` (7d): a shorter window is flagged in the plan's confidence. */
  readonly minWindowMs: number;
  /** `KUBERNETES_MODE` (off): anything but `off` reads the APIServices and webhooks. */
  readonly kubernetes: KubernetesMode;
  /** `DRY_RUN` (false): compute and compare; publish nothing, save nothing. */
  readonly dryRun: boolean;
  /** `CONTROL_PLANE_GROUPS`, as for the analyze functions. */
  readonly controlPlaneGroups: readonly ControlPlaneGroupEntry[];
}

/** The `enableLogging` function's configuration. */
export interface EnableLoggingConfig extends CommonConfig, ClusterAccessConfig {
  /** `LOG_RETENTION_DAYS` (30): retention set on a cluster log group that has none. */
  readonly retentionDays: number;
  /** `FORCE_RETENTION` (false): replace an existing retention policy. */
  readonly forceRetention: boolean;
}

/** Where the Slack incoming-webhook URL is kept. Only the name travels in the environment. */
export type SlackWebhookSource =
  | { readonly kind: 'ssm'; readonly parameterName: string }
  | { readonly kind: 'secrets-manager'; readonly secretId: string };

/** The `notifySlack` function's configuration. */
export interface NotifySlackConfig extends CommonConfig {
  /** `SLACK_WEBHOOK_PARAMETER` (SSM SecureString name) or `SLACK_WEBHOOK_SECRET_ID`: exactly one. */
  readonly slackWebhook: SlackWebhookSource;
  /** `STATE_TABLE` (optional): the state table where posted notification ids are kept. */
  readonly stateTable: string | null;
}

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const SSM_NAME = /^\/[A-Za-z0-9_./-]{1,1010}$/;

/**
 * The `analyze` and `analyzeCluster` functions' configuration.
 *
 * @throws ConfigError naming the first missing or invalid variable.
 * @example
 * const config = loadAnalyzeConfig({ CLUSTERS: 'prod', STATE_TABLE: 'state', ALERT_TOPIC_ARN: arn, WORK_QUEUE_URL: url });
 */
export function loadAnalyzeConfig(env: Env = process.env): AnalyzeConfig {
  const lookbackCap = durationValue(env, 'LOOKBACK_CAP', DEFAULT_WINDOW_PLAN.maxResumeAgeMs, 1000);
  const windowPlan: WindowPlanSettings = {
    ingestionLagMs: durationValue(env, 'INGESTION_LAG', DEFAULT_WINDOW_PLAN.ingestionLagMs),
    maxResumeAgeMs: lookbackCap,
    initialLookbackMs: durationValue(
      env,
      'INITIAL_LOOKBACK',
      DEFAULT_WINDOW_PLAN.initialLookbackMs,
      1000,
    ),
    maxWindowMs: durationValue(env, 'MAX_WINDOW', DEFAULT_WINDOW_PLAN.maxWindowMs, 1000),
  };
  if (windowPlan.initialLookbackMs > lookbackCap) {
    throw new ConfigError('INITIAL_LOOKBACK must not be longer than LOOKBACK_CAP');
  }
  const access = clusterAccess(env);
  return deepFreeze({
    ...common(env),
    ...access,
    stateTable: matchingText(env, 'STATE_TABLE', TABLE_NAME, 'a DynamoDB table name'),
    alertTopicArn: matchingText(env, 'ALERT_TOPIC_ARN', TOPIC_ARN, 'an SNS topic ARN'),
    windowPlan,
    resolveAfterMs: durationValue(env, 'RESOLVE_AFTER', DEFAULT_RESOLVE_AFTER_MS, 60_000),
    dryRun: booleanValue(env, 'DRY_RUN', false),
    workQueueUrl: matchingText(env, 'WORK_QUEUE_URL', QUEUE_URL, 'an SQS queue URL'),
    queryConcurrency: integerValue(env, 'QUERY_CONCURRENCY', DEFAULT_QUERY_CONCURRENCY, 1, 100),
    inlineMax: integerValue(env, 'ON_DEMAND_INLINE_MAX', DEFAULT_INLINE_MAX, 0, 50),
    kubernetes: choiceValue(env, 'KUBERNETES_MODE', KUBERNETES_MODES, 'off'),
    policy: policyOf(env),
    controlPlaneGroups: controlPlaneGroupsOf(env, access.clusters),
  });
}

/**
 * The `planDrift` function's configuration.
 *
 * @throws ConfigError naming the first missing or invalid variable.
 * @example
 * const config = loadPlanDriftConfig({ CLUSTERS: 'prod', STATE_TABLE: 'state', ALERT_TOPIC_ARN: arn });
 */
export function loadPlanDriftConfig(env: Env = process.env): PlanDriftConfig {
  const access = clusterAccess(env);
  return deepFreeze({
    ...common(env),
    ...access,
    stateTable: matchingText(env, 'STATE_TABLE', TABLE_NAME, 'a DynamoDB table name'),
    alertTopicArn: matchingText(env, 'ALERT_TOPIC_ARN', TOPIC_ARN, 'an SNS topic ARN'),
    windowMs: durationValue(env, 'DRIFT_WINDOW', 14 * DAY_MS, 3_600_000),
    minWindowMs: durationValue(env, 'DRIFT_MIN_WINDOW', 7 * DAY_MS, 60_000),
    kubernetes: choiceValue(env, 'KUBERNETES_MODE', KUBERNETES_MODES, 'off'),
    dryRun: booleanValue(env, 'DRY_RUN', false),
    controlPlaneGroups: controlPlaneGroupsOf(env, access.clusters),
  });
}

const DAY_MS = 86_400_000;

function controlPlaneGroupsOf(
  env: Env,
  clusters: readonly ClusterSpec[],
): ControlPlaneGroupEntry[] {
  const text = optionalText(env, 'CONTROL_PLANE_GROUPS');
  if (text === null) return [];
  const entries = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  try {
    return parseControlPlaneGroups(entries, clusters);
  } catch (error) {
    if (isInputError(error) && error instanceof Error) {
      throw new ConfigError(`CONTROL_PLANE_GROUPS: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function policyOf(env: Env): AnalysisPolicy {
  const sensitive = optionalText(env, 'SENSITIVE_PORTS');
  const reply = optionalText(env, 'NACL_REPLY_PORTS');
  let sensitivePorts: AnalysisPolicy['sensitivePorts'];
  let replyPorts: AnalysisPolicy['replyPorts'];
  try {
    sensitivePorts =
      sensitive === null ? undefined : parseSensitivePorts(sensitive, 'SENSITIVE_PORTS');
    replyPorts = reply === null ? undefined : parseReplyPorts(reply, 'NACL_REPLY_PORTS');
  } catch (error) {
    if (isInputError(error) && error instanceof Error) {
      throw new ConfigError(error.message, { cause: error });
    }
    throw error;
  }
  return {
    ...(sensitivePorts ? { sensitivePorts } : {}),
    ...(replyPorts ? { replyPorts } : {}),
    limits: {
      ...DEFAULT_QUOTA_LIMITS,
      rulesPerGroup: integerValue(env, 'MAX_RULES_PER_GROUP', 60, 1, 1000),
      aclEntriesPerDirection: integerValue(env, 'MAX_ACL_ENTRIES', 20, 1, 40),
    },
  };
}

/**
 * The `enableLogging` function's configuration.
 *
 * @throws ConfigError naming the first missing or invalid variable.
 * @example
 * const config = loadEnableLoggingConfig({ CLUSTERS: 'prod,staging', LOG_RETENTION_DAYS: '14' });
 */
export function loadEnableLoggingConfig(env: Env = process.env): EnableLoggingConfig {
  const text = optionalText(env, 'LOG_RETENTION_DAYS');
  const retentionDays = text === null ? DEFAULT_RETENTION_DAYS : Number(text);
  if (!(RETENTION_DAYS as readonly number[]).includes(retentionDays)) {
    throw new ConfigError(
      `LOG_RETENTION_DAYS must be one of ${RETENTION_DAYS.join(', ')} (got '${text}')`,
    );
  }
  return deepFreeze({
    ...common(env),
    ...clusterAccess(env),
    retentionDays,
    forceRetention: booleanValue(env, 'FORCE_RETENTION', false),
  });
}

/**
 * The `notifySlack` function's configuration: where the webhook URL is kept. The URL itself is
 * never accepted from the environment: `SLACK_WEBHOOK_URL` is refused, and so is a parameter name
 * or secret id that looks like a URL (the error never repeats the value).
 *
 * @throws ConfigError naming the variable.
 * @example
 * loadNotifySlackConfig({ SLACK_WEBHOOK_PARAMETER: '/eks-sg-advisor/slack-webhook' });
 */
export function loadNotifySlackConfig(env: Env = process.env): NotifySlackConfig {
  if (optionalText(env, 'SLACK_WEBHOOK_URL') !== null) {
    throw new ConfigError(
      'SLACK_WEBHOOK_URL is set, but the webhook URL is a secret and is never read from the environment: store it as an SSM SecureString (SLACK_WEBHOOK_PARAMETER) or in Secrets Manager (SLACK_WEBHOOK_SECRET_ID)',
    );
  }
  const parameter = optionalText(env, 'SLACK_WEBHOOK_PARAMETER');
  const secret = optionalText(env, 'SLACK_WEBHOOK_SECRET_ID');
  for (const [name, value] of [
    ['SLACK_WEBHOOK_PARAMETER', parameter],
    ['SLACK_WEBHOOK_SECRET_ID', secret],
  ] as const) {
    if (value !== null && /^[a-z]+:\/\//i.test(value)) {
      throw new ConfigError(
        `${name} holds a URL: it must name where the webhook URL is stored, not the URL itself`,
      );
    }
  }
  if ((parameter === null) === (secret === null)) {
    throw new ConfigError('set exactly one of SLACK_WEBHOOK_PARAMETER and SLACK_WEBHOOK_SECRET_ID');
  }
  const slackWebhook: SlackWebhookSource =
    parameter !== null
      ? {
          kind: 'ssm',
          parameterName: matchingText(
            env,
            'SLACK_WEBHOOK_PARAMETER',
            SSM_NAME,
            'an SSM parameter name starting with /',
          ),
        }
      : {
          kind: 'secrets-manager',
          secretId: matchingText(
            env,
            'SLACK_WEBHOOK_SECRET_ID',
            SECRET_ID,
            'a Secrets Manager secret name or ARN',
          ),
        };
  const stateTable =
    optionalText(env, 'STATE_TABLE') === null
      ? null
      : matchingText(env, 'STATE_TABLE', TABLE_NAME, 'a DynamoDB table name');
  return deepFreeze({ ...common(env), slackWebhook, stateTable });
}

function clusterAccess(env: Env): ClusterAccessConfig {
  return {
    clusters: clusterList(env, 'CLUSTERS'),
    accountRoles: accountRoleList(env, 'ACCOUNT_ROLES'),
  };
}

function common(env: Env): CommonConfig {
  return {
    serviceName: matchingText(
      { SERVICE_NAME: optionalText(env, 'SERVICE_NAME') ?? 'eks-sg-advisor' },
      'SERVICE_NAME',
      /^[A-Za-z0-9_.-]{1,128}$/,
      'letters, digits, ., _ or -',
    ),
    metricsNamespace: matchingText(
      { METRICS_NAMESPACE: optionalText(env, 'METRICS_NAMESPACE') ?? 'EksSgAdvisor' },
      'METRICS_NAMESPACE',
      /^[A-Za-z0-9_./#:-]{1,255}$/,
      'a CloudWatch namespace (letters, digits, . _ - / # :)',
    ),
    logLevel: choiceValue(env, 'LOG_LEVEL', LOG_LEVELS, 'INFO'),
    region: optionalText(env, 'AWS_REGION'),
  };
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) {
    if (inner !== null && typeof inner === 'object' && !Object.isFrozen(inner)) deepFreeze(inner);
  }
  return Object.freeze(value);
}
