import { InputError } from '#core/errors.ts';
import type { ClusterRef } from '#core/gateways.ts';
import { ACCOUNT_ID, FUNCTION_ARN_PREFIX, isClusterName, REGION } from '#core/model/aws-names.ts';

/**
 * A configured cluster: `account/region/name`, or a bare `name` whose account and region are the
 * function's own (`null` here, resolved by {@link resolveClusterSpec}).
 */
export interface ClusterSpec {
  readonly name: string;
  readonly account: string | null;
  readonly region: string | null;
}

/** Where the function runs: its account (from its ARN, `null` when unknown) and region. */
export interface HomeLocation {
  readonly account: string | null;
  readonly region: string | null;
}

/**
 * Parses one configured cluster: `name`, or `account/region/name` with a 12-digit account, a
 * Region name and an EKS cluster name.
 *
 * @throws InputError naming the text and the part that is wrong.
 * @example
 * parseClusterSpec('210987654321/eu-west-1/payments');
 * // { name: 'payments', account: '210987654321', region: 'eu-west-1' }
 * parseClusterSpec('prod'); // { name: 'prod', account: null, region: null }
 */
export function parseClusterSpec(text: string): ClusterSpec {
  const quoted = JSON.stringify(text.slice(0, 140));
  const parts = text.split('/');
  if (parts.length === 1) {
    if (!isClusterName(text)) throw new InputError(`${quoted} is not a valid EKS cluster name`);
    return { name: text, account: null, region: null };
  }
  const [account = '', region = '', name = ''] = parts;
  if (parts.length !== 3) {
    throw new InputError(`${quoted} must be a cluster name or account/region/name`);
  }
  if (!ACCOUNT_ID.test(account)) {
    throw new InputError(`${quoted}: the account must be 12 digits`);
  }
  if (!REGION.test(region)) {
    throw new InputError(`${quoted}: '${region}' is not a Region name such as eu-west-1`);
  }
  if (!isClusterName(name)) {
    throw new InputError(`${quoted}: '${name}' is not a valid EKS cluster name`);
  }
  return { name, account, region };
}

/**
 * The text form of a spec or reference: `account/region/name`, or the name alone when the
 * account or the region is unknown. Equal texts mean the same cluster.
 *
 * @example
 * clusterSpecText({ name: 'prod', account: '123456789012', region: 'eu-west-1' });
 * // '123456789012/eu-west-1/prod'
 */
export function clusterSpecText(cluster: ClusterRef): string {
  if (cluster.account && cluster.region) {
    return `${cluster.account}/${cluster.region}/${cluster.name}`;
  }
  return cluster.name;
}

/**
 * The cluster a spec names, from where the function runs: a bare name is in the function's own
 * account and region (still `null` when those are unknown, e.g. a local invocation).
 *
 * @example
 * resolveClusterSpec({ name: 'prod', account: null, region: null }, { account: '123456789012', region: 'us-east-1' });
 * // { name: 'prod', account: '123456789012', region: 'us-east-1' }
 */
export function resolveClusterSpec(spec: ClusterSpec, home: HomeLocation): ClusterSpec {
  if (spec.account !== null && spec.region !== null) return spec;
  return { name: spec.name, account: home.account, region: home.region };
}

/**
 * Resolves every spec with {@link resolveClusterSpec}, dropping the duplicates that appear when a
 * bare name and its `account/region/name` are both configured.
 *
 * @example
 * resolveClusterSpecs([{ name: 'a', account: null, region: null }], home).length; // 1
 */
export function resolveClusterSpecs(
  specs: readonly ClusterSpec[],
  home: HomeLocation,
): ClusterSpec[] {
  const resolved = new Map<string, ClusterSpec>();
  for (const spec of specs) {
    const target = resolveClusterSpec(spec, home);
    resolved.set(clusterSpecText(target), target);
  }
  return [...resolved.values()];
}

/**
 * Parses a configured list (a spec per entry), duplicates removed (by text).
 *
 * @throws InputError naming the first invalid entry.
 * @example
 * parseClusterSpecs(['prod', '210987654321/eu-west-1/payments', 'prod']).length; // 2
 */
export function parseClusterSpecs(texts: readonly string[]): ClusterSpec[] {
  const specs = new Map<string, ClusterSpec>();
  for (const text of texts) {
    const spec = parseClusterSpec(text);
    specs.set(clusterSpecText(spec), spec);
  }
  return [...specs.values()];
}

/**
 * Where a function runs: the account of its ARN (`null` without one, as in a local invocation)
 * and its Region (`AWS_REGION`).
 *
 * @example
 * homeLocation('arn:aws:lambda:us-east-1:123456789012:function:f', 'us-east-1');
 * // { account: '123456789012', region: 'us-east-1' }
 */
export function homeLocation(functionArn: string | undefined, region: string | null): HomeLocation {
  return { account: FUNCTION_ARN_PREFIX.exec(functionArn ?? '')?.[1] ?? null, region };
}
