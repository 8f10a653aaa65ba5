import { InputError } from '#core/errors.ts';
import { REGION } from '#core/model/aws-names.ts';

/** The prefix of an EKS bearer token (`aws eks get-token`, aws-iam-authenticator). */
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';

/** The signed header that binds a token to one cluster. */
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';

/** How long the presigned URL is valid, in seconds (what `aws eks get-token` uses). */
export const TOKEN_URL_EXPIRY_SECONDS = 60;

/**
 * Encodes a presigned STS `GetCallerIdentity` URL as an EKS bearer token:
 * `k8s-aws-v1.` + base64url(url) without padding.
 *
 * @example
 * eksTokenOf('https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&...'); // 'k8s-aws-v1.aHR0c...'
 */
export function eksTokenOf(presignedUrl: string): string {
  return EKS_TOKEN_PREFIX + Buffer.from(presignedUrl, 'utf8').toString('base64url');
}

/**
 * Decodes an EKS bearer token back to its presigned URL (for diagnostics and tests).
 *
 * @throws InputError when the token lacks the `k8s-aws-v1.` prefix or is not base64url.
 * @example
 * presignedUrlOfToken(eksTokenOf('https://sts.amazonaws.com/')); // 'https://sts.amazonaws.com/'
 */
export function presignedUrlOfToken(token: string): string {
  if (!token.startsWith(EKS_TOKEN_PREFIX)) {
    throw new InputError(`not an EKS token: it does not start with '${EKS_TOKEN_PREFIX}'`);
  }
  const body = token.slice(EKS_TOKEN_PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) {
    throw new InputError('not an EKS token: the part after the prefix is not unpadded base64url');
  }
  return Buffer.from(body, 'base64url').toString('utf8');
}

/**
 * The regional STS host a token for `region` is presigned for (the API server's authenticator
 * accepts regional endpoints); China regions use the `amazonaws.com.cn` domain, the European
 * Sovereign Cloud's `amazonaws.eu`.
 *
 * @throws InputError when `region` is not a region name.
 * @example
 * stsHostOf('eu-west-1'); // 'sts.eu-west-1.amazonaws.com'
 */
export function stsHostOf(region: string): string {
  if (!REGION.test(region)) {
    throw new InputError(`'${region}' is not an AWS region name`);
  }
  if (region.startsWith('eusc-')) return `sts.${region}.amazonaws.eu`;
  return `sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}
