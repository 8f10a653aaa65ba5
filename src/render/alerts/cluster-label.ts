/** Where a cluster is: its account and Region, each null when not known. */
export interface ClusterPlace {
  readonly account: string | null;
  readonly region: string | null;
}

/** A cluster whose account and Region are not known. */
export const UNKNOWN_PLACE: ClusterPlace = { account: null, region: null };

/**
 * How notifications name the cluster: its name, with its account and Region when known, so
 * that two accounts' `payments` clusters are never mistaken for each other.
 *
 * @example
 * clusterLabel({ cluster: 'payments', account: '210987654321', region: 'eu-west-1' }); // 'payments (210987654321, eu-west-1)'
 * clusterLabel({ cluster: 'payments', account: null, region: null }); // 'payments'
 */
export function clusterLabel(n: { readonly cluster: string } & ClusterPlace): string {
  const place = [n.account, n.region].filter((part) => part !== null && part !== '');
  return place.length === 0 ? n.cluster : `${n.cluster} (${place.join(', ')})`;
}
