import type { KubernetesHttpClient } from '#adapters/k8s/https-client.ts';
import { type ListOptions, listAll } from '#adapters/k8s/list.ts';
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
import type { ClusterObjectsReader } from '#core/gateways.ts';
import type {
  AdmissionWebhookObject,
  ApiServiceObject,
  ClusterObjects,
  CustomResourceDefinitionObject,
} from '#core/k8s/objects.ts';
import { type KubernetesResource, KUBERNETES_RESOURCES as R } from '#core/k8s/resources.ts';

/** Paging and parallelism of a {@link KubernetesClusterReader}. */
export interface ClusterReaderOptions {
  readonly cluster: string;
  /** Objects per list page (default 500; CRDs, which carry their schemas, use at most 50). */
  readonly pageSize?: number;
  /** Namespaces read at the same time (default 2: with 4 lists each, the 8 kept-alive sockets). */
  readonly concurrency?: number;
}

/**
 * {@link ClusterObjectsReader} over the Kubernetes API. Reads the cluster-scoped APIServices,
 * webhook configurations and CRDs first, then Services, EndpointSlices, Pods and
 * SecurityGroupPolicies only in the namespaces those name, so a large cluster costs a few pages,
 * not every pod. Objects are narrowed page by page.
 */
export class KubernetesClusterReader implements ClusterObjectsReader {
  readonly #client: KubernetesHttpClient;
  readonly #options: ClusterReaderOptions;

  constructor(client: KubernetesHttpClient, options: ClusterReaderOptions) {
    this.#client = client;
    this.#options = options;
  }

  /**
   * Reads everything {@link ClusterObjects} holds.
   *
   * @throws KubernetesApiError when a list fails (a 403 names the missing permission); a missing
   *   SecurityGroupPolicy CRD is not an error (`securityGroupPolicies: null`).
   * @throws the signal's reason when `signal` aborts.
   * @example
   * const objects = await reader.readClusterObjects(AbortSignal.timeout(60_000));
   */
  async readClusterObjects(signal?: AbortSignal): Promise<ClusterObjects> {
    // The first failure stops the lists still under way.
    const stop = new AbortController();
    try {
      return await this.#read(signal ? AbortSignal.any([signal, stop.signal]) : stop.signal);
    } catch (error) {
      stop.abort(error);
      throw error;
    }
  }

  async #read(signal: AbortSignal): Promise<ClusterObjects> {
    const [apiServices, validating, mutating, crds] = await Promise.all([
      this.#list(R.apiServices, null, signal, apiServiceOf),
      this.#list(R.validatingWebhookConfigurations, null, signal, (i) =>
        admissionWebhooksOf(i, 'validating'),
      ),
      this.#list(R.mutatingWebhookConfigurations, null, signal, (i) =>
        admissionWebhooksOf(i, 'mutating'),
      ),
      this.#list(R.customResourceDefinitions, null, signal, customResourceDefinitionOf),
    ]);
    const admissionWebhooks = [...validating.flat(), ...mutating.flat()];
    const namespaces = namespacesOf(apiServices, admissionWebhooks, crds);
    const perNamespace = await mapLimit(namespaces, this.#options.concurrency ?? 2, (ns) =>
      Promise.all([
        this.#list(R.services, ns, signal, serviceOf),
        this.#list(R.endpointSlices, ns, signal, endpointSliceOf),
        this.#list(R.pods, ns, signal, podOf),
        this.#listOptional(R.securityGroupPolicies, ns, signal, securityGroupPolicyOf),
      ]),
    );
    const policies = perNamespace.map((n) => n[3]);
    return {
      apiServices,
      admissionWebhooks,
      customResourceDefinitions: crds,
      services: perNamespace.flatMap((n) => n[0]),
      endpointSlices: perNamespace.flatMap((n) => n[1]),
      pods: perNamespace.flatMap((n) => n[2]),
      securityGroupPolicies: policies.some((p) => p === null)
        ? null
        : policies.flatMap((p) => p ?? []),
    };
  }

  async #list<T>(
    resource: KubernetesResource,
    namespace: string | null,
    signal: AbortSignal,
    translate: (item: unknown) => T,
  ): Promise<T[]> {
    return (await this.#listOptional(resource, namespace, signal, translate)) ?? [];
  }

  async #listOptional<T>(
    resource: KubernetesResource,
    namespace: string | null,
    signal: AbortSignal,
    translate: (item: unknown) => T,
  ): Promise<T[] | null> {
    const pageSize = this.#options.pageSize ?? 500;
    const options: ListOptions = {
      cluster: this.#options.cluster,
      pageSize: resource === R.customResourceDefinitions ? Math.min(pageSize, 50) : pageSize,
      signal,
    };
    const items = await listAll(this.#client, resource, namespace, options);
    return items === null ? null : items.map(translate);
  }
}

function namespacesOf(
  apiServices: readonly ApiServiceObject[],
  webhooks: readonly AdmissionWebhookObject[],
  crds: readonly CustomResourceDefinitionObject[],
): string[] {
  const namespaces = new Set<string>();
  for (const api of apiServices) if (api.service) namespaces.add(api.service.namespace);
  for (const hook of webhooks) {
    if (hook.clientConfig.service) namespaces.add(hook.clientConfig.service.namespace);
  }
  for (const crd of crds) {
    if (crd.conversion?.service) namespaces.add(crd.conversion.service.namespace);
  }
  return [...namespaces].sort();
}

async function mapLimit<T, U>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<U>,
): Promise<U[]> {
  const results: U[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
