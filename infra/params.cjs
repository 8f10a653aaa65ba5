// Checks the serverless params and turns `clusters` and `accountRoles` into the lists and ARNs the
// IAM fragments need, at package time (osls calls these functions from
// `${file(infra/params.cjs):NAME}`). A bad value fails `package` with a message naming the param
// instead of reaching the template. The cluster and role grammar is that of
// src/core/fanout/cluster-spec.ts and account-roles.ts (test/unit/infra checks they agree).
// Under osls (which passes its CLI `options`), a bad param ends the command with that one line on
// stderr (exit status 2), not the resolver's stack traces; called directly (tests), it throws.
'use strict';

const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const SSM_NAME = /^\/[A-Za-z0-9_./-]{1,1010}$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECURITY_GROUP = /^sg-[0-9a-f]{8,17}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/;
// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders
const HOME = { account: '${AWS::AccountId}', region: '${AWS::Region}' };

/** A usage error: one line under osls, a thrown Error otherwise. */
class ParamError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ParamError';
  }
}

// Each exported function, wrapped: a ParamError from a run by osls prints one line and exits.
function oneLineErrors(fn) {
  return async (context) => {
    try {
      return await fn(context);
    } catch (error) {
      if (!(error instanceof ParamError) || context.options === undefined) throw error;
      process.stderr.write(`Error: ${error.message}\n`);
      process.exit(2);
    }
  };
}

async function param(resolveVariable, name) {
  const value = await resolveVariable(`param:${name}`);
  return typeof value === 'string' ? value.trim() : String(value ?? '').trim();
}

function entries(text) {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** The `clusters` param: each `name` (the stack's account and Region) or `account/region/name`. */
async function clusters(resolveVariable) {
  const texts = entries(await param(resolveVariable, 'clusters'));
  if (texts.length === 0) {
    throw new ParamError(
      'param clusters is required: name the EKS clusters to analyse, e.g. npx osls deploy --stage prod --param clusters=prod-eu-1,210987654321/eu-west-1/payments',
    );
  }
  const found = new Map();
  for (const text of texts) {
    const parts = text.split('/');
    const [account, region, name] = parts.length === 3 ? parts : [null, null, text];
    const valid =
      (parts.length === 1 || parts.length === 3) &&
      CLUSTER_NAME.test(name) &&
      (account === null || (ACCOUNT_ID.test(account) && REGION.test(region)));
    if (!valid) {
      throw new ParamError(
        `param clusters: '${text}' is not an EKS cluster name or account/region/name (12-digit account, Region such as eu-west-1)`,
      );
    }
    found.set(text, { text, account, region, name });
  }
  return [...found.values()];
}

/** The `accountRoles` param: each `<role ARN>` or `<role ARN>|<external ID>`, one per account. */
async function roles(resolveVariable) {
  const byAccount = new Map();
  for (const text of entries(await param(resolveVariable, 'accountRoles'))) {
    const [roleArn, externalId, ...rest] = text.split('|').map((part) => part.trim());
    const account = ROLE_ARN.exec(roleArn)?.[1];
    if (account === undefined || rest.length > 0) {
      throw new ParamError(
        `param accountRoles: '${text}' is not a role ARN (optionally |external ID)`,
      );
    }
    if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) {
      throw new ParamError(`param accountRoles: the external ID of ${roleArn} is not valid`);
    }
    if (byAccount.has(account) && byAccount.get(account).roleArn !== roleArn) {
      throw new ParamError(`param accountRoles: account ${account} has two roles`);
    }
    byAccount.set(account, { text, account, roleArn });
  }
  return [...byAccount.values()];
}

/** Clusters read with the stack's own credentials: those of accounts without a configured role. */
async function homeClusters(resolveVariable) {
  const withRole = new Set((await roles(resolveVariable)).map((role) => role.account));
  return (await clusters(resolveVariable)).filter(
    (cluster) => cluster.account === null || !withRole.has(cluster.account),
  );
}

function arn(service, cluster, suffix) {
  const account = cluster.account ?? HOME.account;
  const region = cluster.region ?? HOME.region;
  return { 'Fn::Sub': `arn:\${AWS::Partition}:${service}:${region}:${account}:${suffix}` };
}

async function number(resolveVariable, name, min, max) {
  const text = await param(resolveVariable, name);
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ParamError(`param ${name} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/**
 * CloudFormation names the function roles `<stack>-<LogicalId>-<12-13 random characters>` and
 * cuts the stack name when that exceeds IAM's 64 characters; the target accounts' trust policies
 * match `<stack>-AnalyzeClusterRole-*` (infra/target-account-role.yml), so a cut prefix would
 * lock the stack out of every other account: 64 - 20 (`-AnalyzeClusterRole-`) - 13 (the longest
 * suffix) - 1 (margin).
 */
const MAX_STACK_NAME = 30;

const exported = {
  /** `<service>-<stage>`, refused when the role-name prefix the trust policies match would be cut. */
  stackName: async ({ resolveVariable }) => {
    const service = String(await resolveVariable('self:service'));
    const stage = String(await resolveVariable('sls:stage'));
    const name = `${service}-${stage}`;
    if (name.length > MAX_STACK_NAME) {
      throw new ParamError(
        `stage '${stage}' is too long: the stack name ${name} has ${name.length} characters, at most ${MAX_STACK_NAME} keep the role names the target accounts trust (<stack>-AnalyzeClusterRole-*) uncut; use a stage of at most ${MAX_STACK_NAME - service.length - 1} characters`,
      );
    }
    return name;
  },

  /** `prod,210987654321/eu-west-1/payments` as the CLUSTERS environment value, checked. */
  clusterList: async ({ resolveVariable }) =>
    (await clusters(resolveVariable)).map((cluster) => cluster.text).join(','),

  /** The cross-account roles as the ACCOUNT_ROLES environment value, checked ('' for none). */
  accountRoleList: async ({ resolveVariable }) =>
    (await roles(resolveVariable)).map((role) => role.text).join(','),

  /** `true` when some cluster is read with the stack's own role (an account without a role). */
  hasHomeClusters: async ({ resolveVariable }) =>
    String((await homeClusters(resolveVariable)).length > 0),

  /** `true` when cross-account roles are configured. */
  hasAccountRoles: async ({ resolveVariable }) => String((await roles(resolveVariable)).length > 0),

  /** The role ARNs the functions may assume (sts:AssumeRole), or a never-assumable placeholder. */
  accountRoleArns: async ({ resolveVariable }) => {
    const arns = (await roles(resolveVariable)).map((role) => role.roleArn);
    return arns.length > 0
      ? arns
      : [{ 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/none` }];
  },

  /** The ARNs of the clusters read with the stack's own role. */
  clusterArns: async ({ resolveVariable }) => {
    const own = await homeClusters(resolveVariable);
    return own.length > 0
      ? own.map((cluster) => arn('eks', cluster, `cluster/${cluster.name}`))
      : [arn('eks', {}, 'cluster/none')];
  },

  /** Those clusters' control-plane log groups, as group ARNs with and without the `:*` suffix. */
  clusterLogGroupArns: async ({ resolveVariable }) => {
    const own = await homeClusters(resolveVariable);
    const groups = own.length > 0 ? own : [{ name: 'none' }];
    return groups.flatMap((cluster) => [
      arn('logs', cluster, `log-group:/aws/eks/${cluster.name}/cluster`),
      arn('logs', cluster, `log-group:/aws/eks/${cluster.name}/cluster:*`),
    ]);
  },

  /** Those clusters' control-plane flow-log groups (`enable-flow-logs`), with and without `:*`. */
  flowLogGroupArns: async ({ resolveVariable }) => {
    const own = await homeClusters(resolveVariable);
    const groups = own.length > 0 ? own : [{ name: 'none' }];
    return groups.flatMap((cluster) => [
      arn('logs', cluster, `log-group:/eks-sg-advisor/${cluster.name}/control-plane-flow-logs`),
      arn('logs', cluster, `log-group:/eks-sg-advisor/${cluster.name}/control-plane-flow-logs:*`),
    ]);
  },

  /**
   * The `controlPlaneGroups` param, checked: comma-separated `cluster=sg-…`, each cluster one of
   * param clusters (as written there, or its bare name when no other cluster has that name), at
   * most one group per cluster.
   */
  controlPlaneGroupList: async ({ resolveVariable }) => {
    const texts = entries(await param(resolveVariable, 'controlPlaneGroups'));
    const configured = await clusters(resolveVariable);
    const seen = new Set();
    for (const text of texts) {
      const [cluster, group, ...rest] = text.split('=').map((part) => part.trim());
      const known = configured.some((c) => c.text === cluster || c.name === cluster);
      const shared =
        !cluster.includes('/') && configured.filter((c) => c.name === cluster).length > 1;
      if (
        rest.length > 0 ||
        group === undefined ||
        !SECURITY_GROUP.test(group) ||
        !known ||
        shared
      ) {
        throw new ParamError(
          `param controlPlaneGroups: '${text}' is not cluster=sg-<hex> naming one of param clusters`,
        );
      }
      if (seen.has(cluster)) {
        throw new ParamError(`param controlPlaneGroups: ${cluster} has more than one group`);
      }
      seen.add(cluster);
    }
    return texts.join(',');
  },

  /** `log-group:*` of each account and Region with clusters read by the stack's own role. */
  logGroupListArns: async ({ resolveVariable }) => {
    const places = new Map();
    for (const cluster of await homeClusters(resolveVariable)) {
      const where = arn('logs', cluster, 'log-group:*');
      places.set(where['Fn::Sub'], where);
    }
    return places.size > 0 ? [...places.values()] : [arn('logs', {}, 'log-group:*')];
  },

  /** The per-account cap of concurrent Logs Insights runs (param queryConcurrency, 1..100). */
  queryConcurrency: async ({ resolveVariable }) =>
    number(resolveVariable, 'queryConcurrency', 1, 100),

  /**
   * The worker's event source MaximumConcurrency: param workerConcurrency when set, else the cap
   * times the number of accounts with clusters (2..1000), so every account can use its whole cap.
   */
  workerConcurrency: async ({ resolveVariable }) => {
    if ((await param(resolveVariable, 'workerConcurrency')) !== '') {
      return number(resolveVariable, 'workerConcurrency', 2, 1000);
    }
    const cap = await number(resolveVariable, 'queryConcurrency', 1, 100);
    const accounts = new Set((await clusters(resolveVariable)).map((c) => c.account ?? 'home'));
    return Math.min(1000, Math.max(2, cap * accounts.size));
  },

  /** The work queue's visibility timeout: six times the worker timeout (AWS's advice), at most 12 h. */
  workVisibilityTimeout: async ({ resolveVariable }) =>
    Math.min(43_200, 6 * (await number(resolveVariable, 'analyzeTimeout', 1, 900))),

  /** The Slack webhook's SSM parameter name (must start with `/`), or ''. */
  slackParameterName: async ({ resolveVariable }) => {
    const name = await param(resolveVariable, 'slackWebhookParameter');
    if (name !== '' && !SSM_NAME.test(name)) {
      throw new ParamError(
        'param slackWebhookParameter must be an SSM parameter name starting with /',
      );
    }
    if (name !== '' && (await param(resolveVariable, 'slackWebhookSecret')) !== '') {
      throw new ParamError(
        'set only one of the params slackWebhookParameter and slackWebhookSecret',
      );
    }
    return name;
  },

  /** The Slack webhook's Secrets Manager secret name (not an ARN), or ''. */
  slackSecretName: async ({ resolveVariable }) => {
    const name = await param(resolveVariable, 'slackWebhookSecret');
    if (name !== '' && !SECRET_NAME.test(name)) {
      throw new ParamError(
        'param slackWebhookSecret must be a Secrets Manager secret name (not an ARN)',
      );
    }
    return name;
  },

  /** A customer managed KMS key ARN of the Slack secret or parameter, or ''. */
  slackKmsKeyArn: async ({ resolveVariable }) => {
    const arn = await param(resolveVariable, 'slackWebhookKmsKeyArn');
    if (arn !== '' && !KMS_KEY_ARN.test(arn)) {
      throw new ParamError('param slackWebhookKmsKeyArn must be a KMS key ARN');
    }
    return arn;
  },
};

module.exports = Object.fromEntries(
  Object.entries(exported).map(([name, fn]) => [name, oneLineErrors(fn)]),
);
