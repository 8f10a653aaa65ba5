import type { ClusterRef } from '#core/ports.ts';

/**
 * Keys of the project's one state table: partition key `pk` (S), sort key `sk` (S), TTL attribute
 * `expiresAt` (N, epoch seconds). A cluster's items share one partition: its window item
 * (`sk = "window"`) and its alert items (`sk = "alert#..."`).
 */
export const STATE_TABLE_KEYS = { partition: 'pk', sort: 'sk', ttl: 'expiresAt' } as const;

/** Sort key of a cluster's window item. */
export const WINDOW_SORT_KEY = 'window';

/**
 * The partition key of a cluster: `cluster#<account>/<region>/<name>`, or `cluster#<name>` when
 * the account or the region is unknown. The one place this key is built.
 *
 * @example
 * clusterPartitionKey({ name: 'prod', account: '123456789012', region: 'eu-west-1' });
 * // 'cluster#123456789012/eu-west-1/prod'
 * clusterPartitionKey({ name: 'prod' }); // 'cluster#prod'
 */
export function clusterPartitionKey(cluster: ClusterRef): string {
  if (cluster.account && cluster.region) {
    return `cluster#${cluster.account}/${cluster.region}/${cluster.name}`;
  }
  return `cluster#${cluster.name}`;
}
