import * as z from 'zod/mini';
import { KubernetesApiError } from '#core/errors.ts';
import type { ClientConfig, LabelSelector } from '#core/k8s/objects.ts';

/** `metadata` of a namespaced or cluster-scoped object. */
export const METADATA = z.object({
  name: z.string(),
  namespace: z.optional(z.string()),
  labels: z.nullish(z.record(z.string(), z.string())),
  annotations: z.nullish(z.record(z.string(), z.string())),
});

/** `clientConfig` of an admission or conversion webhook (`caBundle` is not read). */
export const CLIENT_CONFIG = z.object({
  service: z.nullish(
    z.object({
      namespace: z.string(),
      name: z.string(),
      port: z.nullish(z.number()),
    }),
  ),
  url: z.nullish(z.string()),
});

/** A label selector as the API writes it. */
export const LABEL_SELECTOR = z.object({
  matchLabels: z.nullish(z.record(z.string(), z.string())),
  matchExpressions: z.nullish(
    z.array(
      z.object({
        key: z.string(),
        operator: z.string(),
        values: z.nullish(z.array(z.string())),
      }),
    ),
  ),
});

/**
 * Validates one listed object against `schema` and translates it with `map`.
 *
 * @throws KubernetesApiError naming the resource and the object when the shape is not the API's.
 * @example
 * translateItem(item, 'services', SERVICE, (s) => ({ name: s.metadata.name }));
 */
export function translateItem<S extends z.ZodMiniType, T>(
  item: unknown,
  resource: string,
  schema: S,
  map: (value: z.infer<S>) => T,
): T {
  const parsed = schema.safeParse(item);
  if (!parsed.success) {
    const name = nameOf(item);
    throw new KubernetesApiError(
      200,
      `${resource} ${name}: unexpected object shape (${z.prettifyError(parsed.error).replace(/\s*\n\s*/g, '; ')})`,
    );
  }
  return map(parsed.data);
}

/**
 * The domain form of a `clientConfig`, with the API's default service port (443).
 *
 * @example
 * clientConfigOf({ service: { namespace: 'ns', name: 's' } }); // { service: { namespace: 'ns', name: 's', port: 443 }, url: null }
 */
export function clientConfigOf(config: z.infer<typeof CLIENT_CONFIG>): ClientConfig {
  const service = config.service
    ? {
        namespace: config.service.namespace,
        name: config.service.name,
        port: config.service.port ?? 443,
      }
    : null;
  return { service, url: service ? null : (config.url ?? null) };
}

/**
 * The domain form of a label selector (null stays null: no selector).
 *
 * @example
 * selectorOf({ matchLabels: { app: 'x' } }); // { matchLabels: { app: 'x' }, matchExpressions: [] }
 */
export function selectorOf(
  selector: z.infer<typeof LABEL_SELECTOR> | null | undefined,
): LabelSelector | null {
  if (!selector) return null;
  return {
    matchLabels: selector.matchLabels ?? {},
    matchExpressions: (selector.matchExpressions ?? []).map((e) => ({
      key: e.key,
      operator: e.operator,
      values: e.values ?? [],
    })),
  };
}

function nameOf(item: unknown): string {
  const metadata = (item as { metadata?: { name?: unknown; namespace?: unknown } } | null)
    ?.metadata;
  const name = typeof metadata?.name === 'string' ? metadata.name : '(unnamed)';
  return typeof metadata?.namespace === 'string' ? `${metadata.namespace}/${name}` : name;
}
