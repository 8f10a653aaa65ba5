import * as z from 'zod/mini';
import { LABEL_SELECTOR, METADATA, selectorOf, translateItem } from '#adapters/k8s/translate.ts';
import type {
  EndpointSliceObject,
  PodObject,
  SecurityGroupPolicyObject,
  ServiceObject,
} from '#core/k8s/objects.ts';
import { POD_ENI_ANNOTATION } from '#core/k8s/pod-eni.ts';

const SERVICE = z.object({
  metadata: METADATA,
  spec: z.object({
    type: z.nullish(z.string()),
    ports: z.nullish(
      z.array(
        z.object({
          name: z.nullish(z.string()),
          port: z.number(),
          targetPort: z.nullish(z.union([z.number(), z.string()])),
          protocol: z.nullish(z.string()),
        }),
      ),
    ),
  }),
});

/**
 * A core/v1 Service item → {@link ServiceObject} (type defaults to `ClusterIP`, protocol to TCP).
 *
 * @throws KubernetesApiError when the item is not a Service.
 * @example
 * serviceOf(item).ports[0]; // { name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }
 */
export function serviceOf(item: unknown): ServiceObject {
  return translateItem(item, 'services', SERVICE, (service) => ({
    namespace: service.metadata.namespace ?? '',
    name: service.metadata.name,
    type: service.spec.type ?? 'ClusterIP',
    ports: (service.spec.ports ?? []).map((p) => ({
      name: p.name ?? '',
      port: p.port,
      targetPort: p.targetPort ?? null,
      protocol: p.protocol ?? 'TCP',
    })),
  }));
}

const ENDPOINT_SLICE = z.object({
  metadata: METADATA,
  addressType: z.string(),
  ports: z.nullish(
    z.array(
      z.object({
        name: z.nullish(z.string()),
        port: z.nullish(z.number()),
        protocol: z.nullish(z.string()),
      }),
    ),
  ),
  endpoints: z.nullish(
    z.array(
      z.object({
        addresses: z.array(z.string()),
        conditions: z.nullish(z.object({ ready: z.nullish(z.boolean()) })),
        nodeName: z.nullish(z.string()),
        targetRef: z.nullish(
          z.object({
            kind: z.nullish(z.string()),
            namespace: z.nullish(z.string()),
            name: z.nullish(z.string()),
          }),
        ),
      }),
    ),
  ),
});

/**
 * A `discovery.k8s.io/v1` EndpointSlice item → {@link EndpointSliceObject}.
 *
 * @throws KubernetesApiError when the item is not an EndpointSlice.
 * @example
 * endpointSliceOf(item).serviceName; // 'metrics-server'
 */
export function endpointSliceOf(item: unknown): EndpointSliceObject {
  return translateItem(item, 'endpointslices', ENDPOINT_SLICE, (slice) => ({
    namespace: slice.metadata.namespace ?? '',
    name: slice.metadata.name,
    serviceName: slice.metadata.labels?.['kubernetes.io/service-name'] ?? null,
    addressType: slice.addressType,
    ports: (slice.ports ?? []).map((p) => ({
      name: p.name ?? null,
      port: p.port ?? null,
      protocol: p.protocol ?? null,
    })),
    endpoints: (slice.endpoints ?? []).map((e) => ({
      addresses: e.addresses,
      ready: e.conditions?.ready ?? null,
      nodeName: e.nodeName ?? null,
      targetRef:
        e.targetRef?.name && e.targetRef.kind
          ? {
              kind: e.targetRef.kind,
              namespace: e.targetRef.namespace ?? null,
              name: e.targetRef.name,
            }
          : null,
    })),
  }));
}

const POD = z.object({
  metadata: METADATA,
  spec: z.object({
    serviceAccountName: z.nullish(z.string()),
    nodeName: z.nullish(z.string()),
    hostNetwork: z.nullish(z.boolean()),
  }),
  status: z.nullish(z.object({ podIP: z.nullish(z.string()) })),
});

/**
 * A core/v1 Pod item → {@link PodObject}, keeping the `vpc.amazonaws.com/pod-eni` annotation raw.
 *
 * @throws KubernetesApiError when the item is not a Pod.
 * @example
 * podOf(item).hostNetwork; // false
 */
export function podOf(item: unknown): PodObject {
  return translateItem(item, 'pods', POD, (pod) => ({
    namespace: pod.metadata.namespace ?? '',
    name: pod.metadata.name,
    labels: pod.metadata.labels ?? {},
    serviceAccountName: pod.spec.serviceAccountName ?? null,
    nodeName: pod.spec.nodeName ?? null,
    hostNetwork: pod.spec.hostNetwork ?? false,
    podIp: pod.status?.podIP ?? null,
    podEniAnnotation: pod.metadata.annotations?.[POD_ENI_ANNOTATION] ?? null,
  }));
}

const SECURITY_GROUP_POLICY = z.object({
  metadata: METADATA,
  spec: z.object({
    podSelector: z.nullish(LABEL_SELECTOR),
    serviceAccountSelector: z.nullish(LABEL_SELECTOR),
    securityGroups: z.nullish(z.object({ groupIds: z.nullish(z.array(z.string())) })),
  }),
});

/**
 * A `vpcresources.k8s.aws/v1beta1` SecurityGroupPolicy item → {@link SecurityGroupPolicyObject}.
 *
 * @throws KubernetesApiError when the item is not a SecurityGroupPolicy.
 * @example
 * securityGroupPolicyOf(item).groupIds; // ['sg-0c4e7d2a9b1f35e60']
 */
export function securityGroupPolicyOf(item: unknown): SecurityGroupPolicyObject {
  return translateItem(item, 'securitygrouppolicies', SECURITY_GROUP_POLICY, (policy) => ({
    namespace: policy.metadata.namespace ?? '',
    name: policy.metadata.name,
    podSelector: selectorOf(policy.spec.podSelector),
    serviceAccountSelector: selectorOf(policy.spec.serviceAccountSelector),
    groupIds: policy.spec.securityGroups?.groupIds ?? [],
  }));
}
