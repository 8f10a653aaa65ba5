// Checks the serverless params and turns `clusters` into the lists and ARNs the IAM fragments need,
// at package time (osls calls these functions from `${file(infra/params.cjs):NAME}`). A bad value
// fails `package` with a message naming the param instead of reaching the template.
'use strict';

const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const SSM_NAME = /^\/[A-Za-z0-9_./-]{1,1010}$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/;
// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders
const ACCOUNT = 'arn:${AWS::Partition}:%s:${AWS::Region}:${AWS::AccountId}';

async function param(resolveVariable, name) {
  const value = await resolveVariable(`param:${name}`);
  return typeof value === 'string' ? value.trim() : String(value ?? '').trim();
}

async function clusterNames(resolveVariable) {
  const names = (await param(resolveVariable, 'clusters'))
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) {
    throw new Error(
      'param clusters must name at least one EKS cluster: --param clusters=prod,staging',
    );
  }
  for (const name of names) {
    if (!CLUSTER_NAME.test(name)) {
      throw new Error(`param clusters: '${name}' is not a valid EKS cluster name`);
    }
  }
  return [...new Set(names)];
}

function sub(service, suffix) {
  return { 'Fn::Sub': `${ACCOUNT.replace('%s', service)}:${suffix}` };
}

module.exports = {
  /** `prod,staging` as the CLUSTERS environment value, checked. */
  clusterList: async ({ resolveVariable }) => (await clusterNames(resolveVariable)).join(','),

  /** The EKS cluster ARNs. */
  clusterArns: async ({ resolveVariable }) =>
    (await clusterNames(resolveVariable)).map((name) => sub('eks', `cluster/${name}`)),

  /** The clusters' control-plane log groups, as group ARNs with and without the `:*` suffix. */
  clusterLogGroupArns: async ({ resolveVariable }) =>
    (await clusterNames(resolveVariable)).flatMap((name) => [
      sub('logs', `log-group:/aws/eks/${name}/cluster`),
      sub('logs', `log-group:/aws/eks/${name}/cluster:*`),
    ]),

  /** The Slack webhook's SSM parameter name (must start with `/`), or ''. */
  slackParameterName: async ({ resolveVariable }) => {
    const name = await param(resolveVariable, 'slackWebhookParameter');
    if (name !== '' && !SSM_NAME.test(name)) {
      throw new Error('param slackWebhookParameter must be an SSM parameter name starting with /');
    }
    if (name !== '' && (await param(resolveVariable, 'slackWebhookSecret')) !== '') {
      throw new Error('set only one of the params slackWebhookParameter and slackWebhookSecret');
    }
    return name;
  },

  /** The Slack webhook's Secrets Manager secret name (not an ARN), or ''. */
  slackSecretName: async ({ resolveVariable }) => {
    const name = await param(resolveVariable, 'slackWebhookSecret');
    if (name !== '' && !SECRET_NAME.test(name)) {
      throw new Error(
        'param slackWebhookSecret must be a Secrets Manager secret name (not an ARN)',
      );
    }
    return name;
  },

  /** A customer managed KMS key ARN of the Slack secret or parameter, or ''. */
  slackKmsKeyArn: async ({ resolveVariable }) => {
    const arn = await param(resolveVariable, 'slackWebhookKmsKeyArn');
    if (arn !== '' && !KMS_KEY_ARN.test(arn)) {
      throw new Error('param slackWebhookKmsKeyArn must be a KMS key ARN');
    }
    return arn;
  },
};
