import type {
  ClusterObjects,
  EndpointSliceObject,
  PodObject,
  SecurityGroupPolicyObject,
  ServiceObject,
} from '#core/k8s/objects.ts';

/** The namespaced objects of a cluster, looked up by `namespace/name`. */
export interface ClusterIndex {
  service(namespace: string, name: string): ServiceObject | undefined;
  /** The EndpointSlices labelled `kubernetes.io/service-name: name` in `namespace`. */
  slicesOf(namespace: string, name: string): readonly EndpointSliceObject[];
  pod(namespace: string, name: string): PodObject | undefined;
  readonly securityGroupPolicies: readonly SecurityGroupPolicyObject[];
}

/**
 * Indexes the services, EndpointSlices and pods of `objects` for lookups by namespace and name.
 *
 * @example
 * indexCluster(objects).service('kube-system', 'metrics-server')?.ports;
 */
export function indexCluster(objects: ClusterObjects): ClusterIndex {
  const services = new Map(objects.services.map((s) => [keyOf(s.namespace, s.name), s]));
  const pods = new Map(objects.pods.map((p) => [keyOf(p.namespace, p.name), p]));
  const slices = new Map<string, EndpointSliceObject[]>();
  for (const slice of objects.endpointSlices) {
    if (slice.serviceName === null) continue;
    const key = keyOf(slice.namespace, slice.serviceName);
    const list = slices.get(key);
    if (list) list.push(slice);
    else slices.set(key, [slice]);
  }
  return {
    service: (namespace, name) => services.get(keyOf(namespace, name)),
    slicesOf: (namespace, name) => slices.get(keyOf(namespace, name)) ?? [],
    pod: (namespace, name) => pods.get(keyOf(namespace, name)),
    securityGroupPolicies: objects.securityGroupPolicies ?? [],
  };
}

function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/**
 * Orders two strings by UTF-16 code units, the same on every machine and locale.
 *
 * @example
 * ['b', 'a'].sort(compareText); // ['a', 'b']
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
