import { type AwsClientConfig, awsClientConfig } from '#adapters/aws/aws-client-config.ts';
import { InputError } from '#core/errors.ts';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const CLUSTER = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

/**
 * SDK client settings for the CLI: the project's {@link awsClientConfig} (adaptive retries, at
 * most `DEFAULT_MAX_ATTEMPTS` attempts per call, bounded request time), with the region of
 * `--region` when given; otherwise the SDK's default chain applies like the AWS CLI's
 * (`AWS_PROFILE`, `AWS_REGION`, `AWS_ENDPOINT_URL`, instance and SSO credentials).
 *
 * @throws InputError when `--region` is not a region name.
 * @example
 * new EKSClient(clientConfig('eu-west-1'));
 */
export function clientConfig(region: unknown): AwsClientConfig {
  if (region === undefined) return awsClientConfig();
  if (typeof region !== 'string' || !REGION.test(region)) {
    throw new InputError(
      `--region must be an AWS region name such as eu-west-1 (got '${String(region)}')`,
    );
  }
  return awsClientConfig({ region });
}

/**
 * The `--cluster` values, checked against EKS's cluster-name rules (letters, digits, `-`, `_`;
 * starts with a letter or digit; at most 100 characters), duplicates removed.
 *
 * @throws InputError when none is given or one is not a valid cluster name.
 * @example
 * clusterNames(['prod', 'staging']); // ['prod', 'staging']
 */
export function clusterNames(values: unknown): string[] {
  const list = values === undefined ? [] : Array.isArray(values) ? values : [values];
  if (list.length === 0) throw new InputError('--cluster NAME is required');
  for (const name of list) {
    if (typeof name !== 'string' || !CLUSTER.test(name)) {
      throw new InputError(`--cluster '${String(name)}' is not a valid EKS cluster name`);
    }
  }
  return [...new Set(list as string[])];
}
