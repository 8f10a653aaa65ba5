import { type ClusterIndex, compareText } from '#core/k8s/cluster-index.ts';
import type {
  EndpointSliceEndpointObject,
  EndpointSliceObject,
  ServicePortRef,
} from '#core/k8s/objects.ts';
import { POD_ENI_ANNOTATION, podEniOf } from '#core/k8s/pod-eni.ts';
import { policiesSelecting } from '#core/k8s/security-group-policies.ts';
import type { TargetEndpoint, TargetProblem } from '#core/k8s/targets.ts';

/** The endpoints behind a service port and what stands in the way of reaching them. */
export interface ServiceEndpoints {
  readonly endpoints: readonly TargetEndpoint[];
  readonly problems: readonly TargetProblem[];
}

const ROUTABLE_TYPES: readonly string[] = ['ClusterIP', 'NodePort', 'LoadBalancer'];

/**
 * Resolves a service port to the addresses the API server dials, the way its endpoint resolver
 * does: the Service port with that number, then in the service's EndpointSlices the port whose
 * name equals the service port's name (that port is the resolved `targetPort`, named or not), and
 * each endpoint's first address. Endpoints whose `ready` condition is false are kept but marked;
 * a service with no ready endpoint gets a `no-endpoints` problem. Never throws.
 *
 * @example
 * serviceEndpoints({ namespace: 'kube-system', name: 'metrics-server', port: 443 }, index)
 *   .endpoints[0]; // { ip: '10.0.1.145', port: 10251, ready: true, podName: 'metrics-server-…', … }
 */
export function serviceEndpoints(ref: ServicePortRef, index: ClusterIndex): ServiceEndpoints {
  const label = `${ref.namespace}/${ref.name}`;
  const service = index.service(ref.namespace, ref.name);
  if (!service) {
    return problemOnly('service-not-found', `service ${label} does not exist`);
  }
  if (!ROUTABLE_TYPES.includes(service.type)) {
    return problemOnly(
      'unsupported-service-type',
      `service ${label} is of type ${service.type}: the API server does not route to it`,
    );
  }
  const servicePort = service.ports.find((p) => p.port === ref.port);
  if (!servicePort) {
    const ports = service.ports.map((p) => p.port).join(', ') || 'none';
    return problemOnly(
      'service-port-not-found',
      `service ${label} has no port ${ref.port} (its ports: ${ports})`,
    );
  }
  const slices = index.slicesOf(ref.namespace, ref.name);
  const found = new Map<string, TargetEndpoint>();
  const problems: TargetProblem[] = [];
  let anyEndpoint = false;
  for (const slice of slices) {
    anyEndpoint ||= slice.endpoints.length > 0;
    for (const port of slice.ports) {
      if (port.name === null || port.name !== servicePort.name || port.port === null) continue;
      for (const endpoint of slice.endpoints) {
        const target = endpointOf(slice, endpoint, port.port, index, problems);
        if (!target) continue;
        const key = `${target.ip}:${target.port}`;
        const seen = found.get(key);
        if (!seen || (!seen.ready && target.ready)) found.set(key, target);
      }
    }
  }
  const endpoints = [...found.values()].sort(byAddress);
  if (endpoints.length === 0 && anyEndpoint) {
    const target = servicePort.targetPort ?? servicePort.port;
    problems.push({
      code: 'endpoint-port-not-found',
      message: `the EndpointSlices of service ${label} have no port named '${servicePort.name}' (service port ${ref.port}, targetPort ${String(target)})`,
    });
  } else if (!endpoints.some((e) => e.ready)) {
    problems.push({
      code: 'no-endpoints',
      message:
        endpoints.length === 0
          ? `service ${label} has no endpoints`
          : `service ${label} has ${endpoints.length} endpoint(s), none ready`,
    });
  }
  return { endpoints, problems: unique(problems) };
}

function endpointOf(
  slice: EndpointSliceObject,
  endpoint: EndpointSliceEndpointObject,
  port: number,
  index: ClusterIndex,
  problems: TargetProblem[],
): TargetEndpoint | null {
  const ip = endpoint.addresses[0];
  if (ip === undefined) return null;
  const ref = endpoint.targetRef?.kind === 'Pod' ? endpoint.targetRef : null;
  const podNamespace = ref ? (ref.namespace ?? slice.namespace) : null;
  const pod = ref && podNamespace !== null ? index.pod(podNamespace, ref.name) : undefined;
  let podEni = null;
  if (pod?.podEniAnnotation) {
    podEni = podEniOf(pod.podEniAnnotation, ip);
    if (!podEni) {
      problems.push({
        code: 'pod-eni-unreadable',
        message: `pod ${pod.namespace}/${pod.name} has a ${POD_ENI_ANNOTATION} annotation that is not a list of ENIs`,
      });
    }
  }
  const policies = pod ? policiesSelecting(pod, index.securityGroupPolicies) : [];
  const selecting = policies.filter((p) => p.match === 'selected').map((p) => p.name);
  if (pod && selecting.length > 0 && !pod.podEniAnnotation) {
    problems.push({
      code: 'security-group-policy-not-applied',
      message: `pod ${pod.namespace}/${pod.name} is selected by SecurityGroupPolicy ${selecting.join(', ')} but has no ${POD_ENI_ANNOTATION} annotation: it runs with its node's security groups (scheduled before the policy, or no trunk ENI on its node)`,
    });
  }
  return {
    ip,
    port,
    ready: endpoint.ready !== false,
    podNamespace,
    podName: ref?.name ?? null,
    nodeName: endpoint.nodeName ?? pod?.nodeName ?? null,
    hostNetwork: pod ? pod.hostNetwork : null,
    podEni,
    securityGroupPolicies: policies,
  };
}

function problemOnly(code: TargetProblem['code'], message: string): ServiceEndpoints {
  return { endpoints: [], problems: [{ code, message }] };
}

function byAddress(a: TargetEndpoint, b: TargetEndpoint): number {
  return compareIp(a.ip, b.ip) || a.port - b.port;
}

/** Orders IPv4 addresses numerically, anything else after them as text. */
function compareIp(a: string, b: string): number {
  const pa = ipv4Parts(a);
  const pb = ipv4Parts(b);
  if (pa && pb) {
    for (let i = 0; i < 4; i++) {
      const d = (pa[i] ?? 0) - (pb[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  }
  if (pa) return -1;
  if (pb) return 1;
  return compareText(a, b);
}

function ipv4Parts(ip: string): number[] | null {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(ip) ? ip.split('.').map(Number) : null;
}

function unique(problems: readonly TargetProblem[]): TargetProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.message) && Boolean(seen.add(p.message)));
}
