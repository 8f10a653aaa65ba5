/**
 * The one place for AWS name and ID patterns: EKS cluster names, Regions, accounts, EC2 resource
 * IDs, the ARNs and log group names the tool reads or checks. Every other module imports them.
 */

/** EKS cluster name, unanchored: 1–100 characters, a letter or digit first, then letters, digits, `-`, `_`. */
const CLUSTER = '[0-9A-Za-z][A-Za-z0-9_-]{0,99}';
/**
 * An AWS Region, unanchored: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `us-isob-east-1`, and the
 * European Sovereign Cloud's `eusc-de-east-1` (hence a prefix of 2 to 4 letters).
 */
const REGION_NAME = '[a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}';
/** An ARN partition, unanchored: `aws`, `aws-cn`, `aws-us-gov`, `aws-iso-b`. */
const PARTITION = 'aws(?:-[a-z]+)*';

/** EKS cluster names: 1–100 characters, a letter or digit first, then letters, digits, `-`, `_`. */
export const CLUSTER_NAME = new RegExp(`^${CLUSTER}$`);
/** An AWS Region name: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `eusc-de-east-1`. */
export const REGION = new RegExp(`^${REGION_NAME}$`);
/** A 12-digit AWS account ID. */
export const ACCOUNT_ID = /^\d{12}$/;

/** `sg-` followed by 8 or 17 lowercase hex digits (the two lengths EC2 has used). */
export const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;
/** `sgr-` followed by 8 to 17 lowercase hex digits. */
export const SECURITY_GROUP_RULE_ID = /^sgr-[0-9a-f]{8,17}$/;
/** `eni-` followed by 8 to 17 lowercase hex digits. */
export const NETWORK_INTERFACE_ID = /^eni-[0-9a-f]{8,17}$/;
/** `pl-` followed by 8 to 17 lowercase hex digits. */
export const PREFIX_LIST_ID = /^pl-[0-9a-f]{8,17}$/;
/** `acl-` followed by 8 to 17 lowercase hex digits. */
export const NETWORK_ACL_ID = /^acl-[0-9a-f]{8,17}$/;
/** `subnet-` followed by 8 to 17 lowercase hex digits. */
export const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
/** `vpc-` followed by 8 to 17 lowercase hex digits. */
export const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
/** `i-` followed by 8 to 17 lowercase hex digits. */
export const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

/**
 * An EKS cluster ARN: partition, Region, account, `cluster/<name>`. Groups: 1 the Region, 2 the
 * account, 3 the cluster name. A malformed Region is refused (it would be dropped from commands).
 */
export const CLUSTER_ARN = new RegExp(
  `^arn:${PARTITION}:eks:(${REGION_NAME}):(\\d{12}):cluster\\/(${CLUSTER})$`,
);
/** An IAM role ARN; group 1 is the account. */
export const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::(\\d{12}):role\\/[\\w+=,.@/-]{1,512}$`);
/** The start of a Lambda function ARN; group 1 is the account. */
export const FUNCTION_ARN_PREFIX = new RegExp(
  `^arn:${PARTITION}:lambda:${REGION_NAME}:(\\d{12}):function:`,
);
/** An SNS topic ARN. */
export const TOPIC_ARN = new RegExp(
  `^arn:${PARTITION}:sns:${REGION_NAME}:\\d{12}:[A-Za-z0-9_-]{1,256}$`,
);
/** A Secrets Manager secret: its name or its ARN. */
export const SECRET_ID = new RegExp(
  `^(?:[A-Za-z0-9/_+=.@-]{1,512}|arn:${PARTITION}:secretsmanager:${REGION_NAME}:\\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512})$`,
);
/** An SQS queue URL: `https://<host>/<account>/<queue name>`. */
export const QUEUE_URL = /^https?:\/\/[A-Za-z0-9.:-]+\/\d{12}\/[A-Za-z0-9_-]{1,80}$/;
/**
 * The characters AWS documents for a security group rule description: `a-zA-Z0-9`, space and
 * `._-:/()#,@[]+=&;{}!$*`. This class matches any other character.
 */
export const RULE_DESCRIPTION_DISALLOWED = /[^a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]/g;
/** A security group rule description as AWS accepts it: up to 255 of the documented characters. */
export const RULE_DESCRIPTION = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{0,255}$/;
/** STS `ExternalId`: 2 to 1,224 characters of `[\w+=,.@:/-]`. */
export const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** `Amazon EKS <cluster>`: the description EKS gives its cross-account ENIs (X-ENIs). */
export const EKS_XENI_DESCRIPTION = new RegExp(`^Amazon EKS ${CLUSTER}$`);

/**
 * A cluster's control-plane log group as Logs Insights names it in `@log`: the group name,
 * optionally after `<account>:`. Groups: 1 the account (when given), 2 the cluster.
 */
export const CLUSTER_LOG_GROUP = new RegExp(
  `^(?:(\\d{12}):)?\\/aws\\/eks\\/(${CLUSTER})\\/cluster$`,
);

/**
 * Whether `name` is a valid EKS cluster name (so it is safe in ARNs, log group names and keys).
 *
 * @example
 * isClusterName('prod-eu-1'); // true
 * isClusterName('prod/eu'); // false
 */
export function isClusterName(name: string): boolean {
  return CLUSTER_NAME.test(name);
}

/**
 * The control-plane log group EKS writes for a cluster.
 *
 * @example
 * clusterLogGroupName('demo'); // '/aws/eks/demo/cluster'
 */
export function clusterLogGroupName(cluster: string): string {
  return `/aws/eks/${cluster}/cluster`;
}

/** What an EKS cluster ARN names. */
export interface ClusterArnParts {
  readonly region: string;
  readonly account: string;
  readonly name: string;
}

/**
 * The Region, account and cluster name of an EKS cluster ARN, or null when `arn` is not one.
 *
 * @example
 * clusterArnParts('arn:aws:eks:eu-west-1:123456789012:cluster/prod')?.region; // 'eu-west-1'
 */
export function clusterArnParts(arn: string | null | undefined): ClusterArnParts | null {
  const match = CLUSTER_ARN.exec(arn ?? '');
  if (match === null) return null;
  const [, region = '', account = '', name = ''] = match;
  return { region, account, name };
}
