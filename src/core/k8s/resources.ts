/**
 * The Kubernetes resources the audit reads, with the only verbs it uses (`get` is not used today
 * but is granted with `list`, as every read-only role does). The RBAC rules in the README are
 * built from this table, and a test keeps them equal.
 */
export const KUBERNETES_RESOURCES = {
  apiServices: {
    group: 'apiregistration.k8s.io',
    version: 'v1',
    resource: 'apiservices',
    namespaced: false,
    optional: false,
  },
  validatingWebhookConfigurations: {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    resource: 'validatingwebhookconfigurations',
    namespaced: false,
    optional: false,
  },
  mutatingWebhookConfigurations: {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    resource: 'mutatingwebhookconfigurations',
    namespaced: false,
    optional: false,
  },
  customResourceDefinitions: {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
    namespaced: false,
    optional: false,
  },
  services: { group: '', version: 'v1', resource: 'services', namespaced: true, optional: false },
  endpointSlices: {
    group: 'discovery.k8s.io',
    version: 'v1',
    resource: 'endpointslices',
    namespaced: true,
    optional: false,
  },
  pods: { group: '', version: 'v1', resource: 'pods', namespaced: true, optional: false },
  /** Installed only with security groups for pods; a 404 means "not installed", not an error. */
  securityGroupPolicies: {
    group: 'vpcresources.k8s.aws',
    version: 'v1beta1',
    resource: 'securitygrouppolicies',
    namespaced: true,
    optional: true,
  },
} as const;

/** One entry of {@link KUBERNETES_RESOURCES}. */
export type KubernetesResource = (typeof KUBERNETES_RESOURCES)[keyof typeof KUBERNETES_RESOURCES];

/**
 * The API path that lists `resource`, cluster-wide or in `namespace`.
 *
 * @example
 * listPath(KUBERNETES_RESOURCES.pods, 'kube-system'); // '/api/v1/namespaces/kube-system/pods'
 */
export function listPath(resource: KubernetesResource, namespace: string | null): string {
  const base =
    resource.group === ''
      ? `/api/${resource.version}`
      : `/apis/${resource.group}/${resource.version}`;
  const scope = namespace === null ? '' : `/namespaces/${encodeURIComponent(namespace)}`;
  return `${base}${scope}/${resource.resource}`;
}

/**
 * `resource.group` the way RBAC and `kubectl` write it: `apiservices.apiregistration.k8s.io`, or
 * the bare resource for the core group.
 *
 * @example
 * qualifiedName(KUBERNETES_RESOURCES.services); // 'services'
 */
export function qualifiedName(resource: KubernetesResource): string {
  return resource.group === '' ? resource.resource : `${resource.resource}.${resource.group}`;
}
