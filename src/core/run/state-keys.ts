import type { ClusterRef } from '#core/gateways.ts';

/**
 * Keys of the project's one state table: partition key `pk` (S), sort key `sk` (S), TTL attribute
 * `expiresAt` (N, epoch seconds). A cluster's items share one partition: its window item
 * (`sk = "window"`) and its alert items (`sk = "alert#..."`). An account's Logs Insights slots share
 * another: `pk = "account#<id>"`, `sk = "slot#<n>"`.
 */
export const STATE_TABLE_KEYS = { partition: 'pk', sort: 'sk', ttl: 'expiresAt' } as const;

/** Sort key of a cluster's window item. */
export const WINDOW_SORT_KEY = 'window';

/** Sort key of a cluster's run lease item (one run publishes and commits at a time). */
export const LEASE_SORT_KEY = 'lease';

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

/**
 * The partition of an account's Logs Insights concurrency slots: `account#<id>`. Every stack
 * sharing the table (any Region) shares the account's slots.
 *
 * @example
 * slotPartitionKey('210987654321'); // 'account#210987654321'
 */
export function slotPartitionKey(account: string): string {
  return `account#${account}`;
}

/**
 * The sort key of slot `index` (zero-padded, so the slots list in order): `slot#007`.
 *
 * @example
 * slotSortKey(7); // 'slot#007'
 */
export function slotSortKey(index: number): string {
  return `slot#${String(index).padStart(3, '0')}`;
}

/**
 * The slot number of a sort key written by {@link slotSortKey}, or `null` for any other key.
 *
 * @example
 * slotIndexOf('slot#007'); // 7
 */
export function slotIndexOf(sortKey: string): number | null {
  const match = /^slot#(\d{3})$/.exec(sortKey);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** The sort key of a posted notification's item. */
export const NOTIFIED_SORT_KEY = 'notified';

/**
 * The partition of a notification posted to Slack: `notified#<id>` (its item keeps the id from
 * being posted twice, and goes with the table's TTL).
 *
 * @example
 * notifiedPartitionKey('3f2a'); // 'notified#3f2a'
 */
export function notifiedPartitionKey(id: string): string {
  return `notified#${id}`;
}

/**
 * The key of a cluster's items in the state table, without the `cluster#` prefix the stores add:
 * `<account>/<region>/<name>`, or the name alone when the account or region is unknown. The
 * window item and the alert items of a cluster then share one partition.
 *
 * @example
 * clusterStateKey({ name: 'prod', account: '123456789012', region: 'eu-west-1' });
 * // '123456789012/eu-west-1/prod'
 */
export function clusterStateKey(cluster: ClusterRef): string {
  return clusterPartitionKey(cluster).slice('cluster#'.length);
}
