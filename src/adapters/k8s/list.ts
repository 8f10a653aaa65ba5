import * as z from 'zod/mini';
import type { KubernetesHttpClient } from '#adapters/k8s/https-client.ts';
import type { RequestLabel } from '#adapters/k8s/status-error.ts';
import { KubernetesApiError } from '#core/errors.ts';
import { type KubernetesResource, listPath, qualifiedName } from '#core/k8s/resources.ts';

const LIST = z.object({
  metadata: z.optional(z.object({ continue: z.optional(z.string()) })),
  items: z.nullish(z.array(z.unknown())),
});

/** How a list is read. */
export interface ListOptions {
  /** Objects per page (`limit`); the server may return fewer. */
  readonly pageSize: number;
  readonly cluster: string;
  readonly signal?: AbortSignal;
}

const MAX_PAGES = 10_000;

/**
 * Lists every object of `resource` (cluster-wide, or in `namespace`), following
 * `metadata.continue` page by page. When a continue token expires mid-list (410 Gone) the list
 * restarts once from the beginning, as client-go's pager does. Returns null when the resource is
 * optional and the server does not know it (404: the CRD is not installed).
 *
 * @throws KubernetesApiError on any other failure (see `KubernetesHttpClient.getJson`), a body
 *   that is not a Kubernetes list, or a server that repeats a continue token.
 * @example
 * const pods = await listAll(client, KUBERNETES_RESOURCES.pods, 'kube-system', { pageSize: 500, cluster: 'prod' });
 */
export async function listAll(
  client: KubernetesHttpClient,
  resource: KubernetesResource,
  namespace: string | null,
  options: ListOptions,
): Promise<unknown[] | null> {
  const label = {
    cluster: options.cluster,
    verb: 'list',
    resource: qualifiedName(resource),
    group: resource.group,
    namespace,
  };
  const path = listPath(resource, namespace);
  for (let attempt = 0; ; attempt++) {
    try {
      return await pages(client, path, label, options);
    } catch (error) {
      if (error instanceof KubernetesApiError && error.status === 404 && resource.optional) {
        return null;
      }
      if (error instanceof KubernetesApiError && error.status === 410 && attempt === 0) continue;
      throw error;
    }
  }
}

async function pages(
  client: KubernetesHttpClient,
  path: string,
  label: RequestLabel,
  options: ListOptions,
): Promise<unknown[]> {
  const items: unknown[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query: Record<string, string> = { limit: String(options.pageSize) };
    if (token !== undefined) query.continue = token;
    const body = await client.getJson({ path, query, label }, options.signal);
    const parsed = LIST.safeParse(body);
    if (!parsed.success) {
      throw new KubernetesApiError(
        200,
        `${label.verb} ${label.resource}: the answer is not a Kubernetes list (${z.prettifyError(parsed.error).replace(/\s*\n\s*/g, '; ')})`,
      );
    }
    items.push(...(parsed.data.items ?? []));
    token = parsed.data.metadata?.continue || undefined;
    if (token === undefined) return items;
    if (seen.has(token)) {
      throw new KubernetesApiError(
        200,
        `${label.verb} ${label.resource}: the server repeated a continue token`,
      );
    }
    seen.add(token);
  }
  throw new KubernetesApiError(
    200,
    `${label.verb} ${label.resource}: more than ${MAX_PAGES} pages`,
  );
}
