import type { ClusterRef } from '#core/ports.ts';

const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:(\d{12}):function:/;

/**
 * The state-table references of the clusters a function runs for: each cluster in the
 * function's own account (from its ARN) and region. Without an ARN (local invocation) the
 * account is unknown and the keys fall back to the cluster name.
 *
 * @example
 * clusterRefs(['prod'], { functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:f', region: 'eu-west-1' });
 * // [{ name: 'prod', account: '123456789012', region: 'eu-west-1' }]
 */
export function clusterRefs(
  names: readonly string[],
  where: { readonly functionArn: string | undefined; readonly region: string | null },
): ClusterRef[] {
  const account = FUNCTION_ARN.exec(where.functionArn ?? '')?.[1] ?? null;
  return names.map((name) => ({ name, account, region: where.region }));
}
