import type {
  AdmissionWebhookObject,
  ClusterObjects,
  EndpointSliceEndpointObject,
  EndpointSliceObject,
  PodObject,
  SecurityGroupPolicyObject,
  ServiceObject,
} from '#core/k8s/objects.ts';

/** An empty cluster with the given objects added. */
export function clusterOf(parts: Partial<ClusterObjects>): ClusterObjects {
  return {
    apiServices: [],
    admissionWebhooks: [],
    customResourceDefinitions: [],
    services: [],
    endpointSlices: [],
    pods: [],
    securityGroupPolicies: [],
    ...parts,
  };
}

/** A validating webhook calling `namespace/name:port`. */
export function webhookTo(
  name: string,
  service: { namespace: string; name: string; port?: number } | string,
): AdmissionWebhookObject {
  return {
    configuration: { kind: 'validating', name: `${name}-config` },
    name,
    clientConfig:
      typeof service === 'string'
        ? { service: null, url: service }
        : { service: { port: 443, ...service }, url: null },
    failurePolicy: 'Fail',
    timeoutSeconds: 10,
  };
}

/** A ClusterIP service in `ns` with the given ports. */
export function serviceIn(
  ns: string,
  name: string,
  ports: ServiceObject['ports'],
  type = 'ClusterIP',
): ServiceObject {
  return { namespace: ns, name, type, ports };
}

/** An endpoint of a slice pointing at a pod of the same namespace. */
export function endpointAt(
  ip: string,
  pod: string | null,
  ready: boolean | null = true,
): EndpointSliceEndpointObject {
  return {
    addresses: [ip],
    ready,
    nodeName: pod ? `node-of-${pod}` : null,
    targetRef: pod ? { kind: 'Pod', namespace: null, name: pod } : null,
  };
}

/** An EndpointSlice of service `ns/service`. */
export function sliceOf(
  ns: string,
  service: string,
  ports: EndpointSliceObject['ports'],
  endpoints: EndpointSliceObject['endpoints'],
): EndpointSliceObject {
  return {
    namespace: ns,
    name: `${service}-abcde`,
    serviceName: service,
    addressType: 'IPv4',
    ports,
    endpoints,
  };
}

/** A running pod. */
export function podIn(ns: string, name: string, overrides: Partial<PodObject> = {}): PodObject {
  return {
    namespace: ns,
    name,
    labels: {},
    serviceAccountName: 'default',
    nodeName: 'node-1',
    hostNetwork: false,
    podIp: null,
    podEniAnnotation: null,
    ...overrides,
  };
}

/** A SecurityGroupPolicy of `ns`. */
export function policyIn(
  ns: string,
  name: string,
  overrides: Partial<SecurityGroupPolicyObject> = {},
): SecurityGroupPolicyObject {
  return {
    namespace: ns,
    name,
    podSelector: { matchLabels: {}, matchExpressions: [] },
    serviceAccountSelector: null,
    groupIds: ['sg-0123456789abcdef0'],
    ...overrides,
  };
}
