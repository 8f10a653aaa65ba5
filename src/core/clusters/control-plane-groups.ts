import {
  type ClusterSpec,
  clusterSpecText,
  parseClusterSpec,
} from '#core/clusters/cluster-spec.ts';
import { InputError } from '#core/errors.ts';
import { SECURITY_GROUP_ID } from '#core/model/aws-names.ts';

/** A configured control-plane group: the peer group named in fixes for that cluster. */
export interface ControlPlaneGroupEntry {
  readonly cluster: ClusterSpec;
  readonly groupId: string;
}

/**
 * Parses `cluster=sg-…` entries (the cluster as in `CLUSTERS`: `name` or `account/region/name`),
 * each naming a configured cluster, at most one group per cluster. A bare name must name one
 * configured cluster only (two accounts' `prod` need `account/region/name`).
 *
 * @throws InputError naming the first invalid, unknown or repeated entry.
 * @example
 * parseControlPlaneGroups(['prod=sg-0add0add0add0add0'], [{ name: 'prod', account: null, region: null }]);
 * // [{ cluster: { name: 'prod', account: null, region: null }, groupId: 'sg-0add0add0add0add0' }]
 */
export function parseControlPlaneGroups(
  texts: readonly string[],
  configured: readonly ClusterSpec[],
): ControlPlaneGroupEntry[] {
  const seen = new Set<string>();
  return texts.map((text) => {
    const [clusterText, groupId, ...rest] = text.split('=').map((part) => part.trim());
    if (clusterText === undefined || groupId === undefined || rest.length > 0) {
      throw new InputError(`'${text}' is not cluster=sg-… (e.g. prod=sg-0add0add0add0add0)`);
    }
    if (!SECURITY_GROUP_ID.test(groupId)) {
      throw new InputError(`'${text}': '${groupId}' is not a security group ID (sg-<hex>)`);
    }
    const cluster = parseClusterSpec(clusterText);
    const known = configured.some(
      (c) =>
        c.name === cluster.name &&
        (cluster.account === null ||
          c.account === null ||
          (c.account === cluster.account && c.region === cluster.region)),
    );
    if (!known)
      throw new InputError(`'${text}': ${clusterText} is not one of the configured clusters`);
    if (cluster.account === null && configured.filter((c) => c.name === cluster.name).length > 1) {
      throw new InputError(
        `'${text}': several configured clusters are named ${cluster.name}: use account/region/name`,
      );
    }
    const key = clusterSpecText(cluster);
    if (seen.has(key)) throw new InputError(`'${text}': ${clusterText} has more than one group`);
    seen.add(key);
    return { cluster, groupId };
  });
}

/**
 * The configured control-plane group of a (resolved) cluster, or null to follow the convention
 * the existing rules show: its `account/region/name` entry, else the entry of its bare name.
 *
 * @example
 * controlPlaneGroupOf(entries, { name: 'prod', account: '123456789012', region: 'eu-west-1' }); // 'sg-0add…' or null
 */
export function controlPlaneGroupOf(
  entries: readonly ControlPlaneGroupEntry[],
  cluster: {
    readonly name: string;
    readonly account?: string | null;
    readonly region?: string | null;
  },
): string | null {
  const full = entries.find(
    (e) =>
      e.cluster.account !== null &&
      e.cluster.name === cluster.name &&
      e.cluster.account === cluster.account &&
      e.cluster.region === cluster.region,
  );
  const bare = entries.find((e) => e.cluster.account === null && e.cluster.name === cluster.name);
  return (full ?? bare)?.groupId ?? null;
}
