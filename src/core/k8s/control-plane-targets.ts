import { type ClusterIndex, compareText, indexCluster } from '#core/k8s/cluster-index.ts';
import type { ClientConfig, ClusterObjects, WebhookConfigurationRef } from '#core/k8s/objects.ts';
import { serviceEndpoints } from '#core/k8s/service-endpoints.ts';
import type {
  ControlPlaneTarget,
  ControlPlaneTargetKind,
  TargetEndpoint,
  TargetProblem,
} from '#core/k8s/targets.ts';
import { urlEndpoints } from '#core/k8s/url-endpoints.ts';

/**
 * Maps every APIService backed by a service, every admission webhook and every CRD conversion
 * webhook of a cluster to the endpoints the API server dials for it (pod IP and resolved target
 * port), with the pod's node, hostNetwork flag, branch ENI and SecurityGroupPolicies. Local
 * APIServices (no `spec.service`) are skipped; URL webhooks are reported with their host and port.
 * Anything that prevents a call (missing service, no ready endpoint, ...) is a `problem` of the
 * target, never an exception. Ordered by kind, then name, then configuration.
 *
 * @example
 * const targets = controlPlaneTargets(await reader.readClusterObjects());
 * targets[0]; // { kind: 'apiservice', name: 'v1beta1.metrics.k8s.io', endpoints: [...], ... }
 */
export function controlPlaneTargets(objects: ClusterObjects): ControlPlaneTarget[] {
  const index = indexCluster(objects);
  const targets: ControlPlaneTarget[] = [];
  for (const api of objects.apiServices) {
    if (!api.service) continue;
    const resolved = resolve({ service: api.service, url: null }, `APIService ${api.name}`, index);
    const unavailable: TargetProblem[] =
      api.available?.status === 'False'
        ? [
            {
              code: 'apiservice-unavailable',
              message:
                `APIService ${api.name} is not Available (${api.available.reason ?? 'no reason'}): ${api.available.message ?? ''}`.trimEnd(),
            },
          ]
        : [];
    targets.push(
      targetOf('apiservice', api.name, null, resolved, null, null, [
        ...unavailable,
        ...resolved.problems,
      ]),
    );
  }
  for (const webhook of objects.admissionWebhooks) {
    const owner = `${webhook.configuration.kind} webhook ${webhook.name}`;
    const resolved = resolve(webhook.clientConfig, owner, index);
    targets.push(
      targetOf(
        'webhook-admission',
        webhook.name,
        webhook.configuration,
        resolved,
        webhook.failurePolicy,
        webhook.timeoutSeconds,
        resolved.problems,
      ),
    );
  }
  for (const crd of objects.customResourceDefinitions) {
    if (!crd.conversion) continue;
    const resolved = resolve(crd.conversion, `conversion webhook of CRD ${crd.name}`, index);
    targets.push(
      targetOf('webhook-conversion', crd.name, null, resolved, null, null, resolved.problems),
    );
  }
  return targets.sort(byTarget);
}

interface Resolved {
  readonly clientConfig: ClientConfig;
  readonly url: ControlPlaneTarget['url'];
  readonly endpoints: readonly TargetEndpoint[];
  readonly problems: readonly TargetProblem[];
}

function resolve(clientConfig: ClientConfig, owner: string, index: ClusterIndex): Resolved {
  if (clientConfig.service) {
    return { clientConfig, url: null, ...serviceEndpoints(clientConfig.service, index) };
  }
  if (clientConfig.url !== null) {
    return { clientConfig, ...urlEndpoints(clientConfig.url, owner) };
  }
  return {
    clientConfig,
    url: null,
    endpoints: [],
    problems: [{ code: 'url-invalid', message: `${owner} names neither a service nor a URL` }],
  };
}

function targetOf(
  kind: ControlPlaneTargetKind,
  name: string,
  configuration: WebhookConfigurationRef | null,
  resolved: Resolved,
  failurePolicy: ControlPlaneTarget['failurePolicy'],
  timeoutSeconds: number | null,
  problems: readonly TargetProblem[],
): ControlPlaneTarget {
  return {
    kind,
    name,
    configuration,
    service: resolved.clientConfig.service,
    url: resolved.url,
    failurePolicy,
    timeoutSeconds,
    endpoints: resolved.endpoints,
    problems,
  };
}

const KIND_ORDER: Readonly<Record<ControlPlaneTargetKind, number>> = {
  apiservice: 0,
  'webhook-admission': 1,
  'webhook-conversion': 2,
};

function byTarget(a: ControlPlaneTarget, b: ControlPlaneTarget): number {
  return (
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    compareText(a.name, b.name) ||
    compareText(a.configuration?.kind ?? '', b.configuration?.kind ?? '') ||
    compareText(a.configuration?.name ?? '', b.configuration?.name ?? '')
  );
}
