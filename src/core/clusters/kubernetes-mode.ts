/** Every {@link KubernetesMode}, in the order the configuration lists them. */
export const KUBERNETES_MODES = ['off', 'resolve', 'audit'] as const;

/**
 * What a run reads from each cluster's Kubernetes API: `off` (nothing: findings that name only a
 * service are resolved from the add-on catalogue), `resolve` (the APIServices and webhooks, to
 * resolve those findings to their pods exactly), `audit` (the same, and every flow they open is
 * judged now, so a blocked port is reported before anything fails).
 */
export type KubernetesMode = (typeof KUBERNETES_MODES)[number];
