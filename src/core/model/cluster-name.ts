/** EKS cluster names: letters, digits, `-` and `_`, starting with a letter or digit, at most 100. */
export const CLUSTER_NAME_PATTERN = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

/**
 * Whether `name` is a valid EKS cluster name (so it is safe in ARNs, log group names and keys).
 *
 * @example
 * isClusterName('prod-eu-1'); // true
 * isClusterName('prod/eu'); // false
 */
export function isClusterName(name: string): boolean {
  return CLUSTER_NAME_PATTERN.test(name);
}
