import {
  admissionWebhooksOf,
  apiServiceOf,
  customResourceDefinitionOf,
} from '#adapters/k8s/translate-registrations.ts';
import {
  endpointSliceOf,
  podOf,
  securityGroupPolicyOf,
  serviceOf,
} from '#adapters/k8s/translate-workloads.ts';
import { InputError, KubernetesApiError } from '#core/errors.ts';
import type { ClusterObjects } from '#core/k8s/objects.ts';

/**
 * Reads the JSON that `kubectl get apiservices,validatingwebhookconfigurations,
 * mutatingwebhookconfigurations,customresourcedefinitions,services,endpointslices -A -o json`
 * prints (a `List` whose items carry their `kind`), or typed lists (`ServiceList`...), or an array
 * of either, into the objects the audit reads. Pods and SecurityGroupPolicies are read when
 * present (the plan finds a pod's interface by its address without them). Other kinds are ignored.
 *
 * @throws InputError when the text is not JSON, not a list, or an item has the wrong shape.
 * @example
 * readKubectlList(text, 'registrations.json').apiServices.map((a) => a.name);
 */
export function readKubectlList(text: string, label: string): ClusterObjects {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new InputError(`registrations ${label} are not valid JSON: ${why}`, { cause: error });
  }
  const lists = Array.isArray(data) ? data : [data];
  const objects = {
    apiServices: [] as ClusterObjects['apiServices'][number][],
    admissionWebhooks: [] as ClusterObjects['admissionWebhooks'][number][],
    customResourceDefinitions: [] as ClusterObjects['customResourceDefinitions'][number][],
    services: [] as ClusterObjects['services'][number][],
    endpointSlices: [] as ClusterObjects['endpointSlices'][number][],
    pods: [] as ClusterObjects['pods'][number][],
    securityGroupPolicies: [] as NonNullable<ClusterObjects['securityGroupPolicies']>[number][],
  };
  try {
    for (const list of lists) {
      if (!isObject(list) || !Array.isArray(list.items)) {
        throw new InputError(
          `registrations ${label}: expected the JSON of 'kubectl get ... -o json' (an object with items)`,
        );
      }
      const listKind = typeof list.kind === 'string' ? list.kind.replace(/List$/, '') : '';
      for (const item of list.items) {
        const kind = isObject(item) && typeof item.kind === 'string' ? item.kind : listKind;
        switch (kind) {
          case 'APIService':
            objects.apiServices.push(apiServiceOf(item));
            break;
          case 'ValidatingWebhookConfiguration':
            objects.admissionWebhooks.push(...admissionWebhooksOf(item, 'validating'));
            break;
          case 'MutatingWebhookConfiguration':
            objects.admissionWebhooks.push(...admissionWebhooksOf(item, 'mutating'));
            break;
          case 'CustomResourceDefinition':
            objects.customResourceDefinitions.push(customResourceDefinitionOf(item));
            break;
          case 'Service':
            objects.services.push(serviceOf(item));
            break;
          case 'EndpointSlice':
            objects.endpointSlices.push(endpointSliceOf(item));
            break;
          case 'Pod':
            objects.pods.push(podOf(item));
            break;
          case 'SecurityGroupPolicy':
            objects.securityGroupPolicies.push(securityGroupPolicyOf(item));
            break;
          default:
            break;
        }
      }
    }
  } catch (error) {
    if (error instanceof KubernetesApiError) {
      throw new InputError(`registrations ${label}: ${error.message}`, { cause: error });
    }
    throw error;
  }
  return objects;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
