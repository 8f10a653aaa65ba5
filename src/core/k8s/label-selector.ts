import type { LabelSelector } from '#core/k8s/objects.ts';

/**
 * Whether `labels` satisfy a Kubernetes label selector: every `matchLabels` pair and every
 * `matchExpressions` requirement (`In`, `NotIn`, `Exists`, `DoesNotExist`). An empty selector
 * matches everything, as in the API. An unknown operator matches nothing (the API rejects it).
 *
 * @example
 * matchesSelector({ matchLabels: { app: 'x' }, matchExpressions: [] }, { app: 'x' }); // true
 */
export function matchesSelector(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>>,
): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (!Object.hasOwn(labels, key) || labels[key] !== value) return false;
  }
  return selector.matchExpressions.every((requirement) => {
    const has = Object.hasOwn(labels, requirement.key);
    const value = has ? labels[requirement.key] : undefined;
    switch (requirement.operator) {
      case 'In':
        return value !== undefined && requirement.values.includes(value);
      case 'NotIn':
        return value === undefined || !requirement.values.includes(value);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

/**
 * Whether a selector has no requirement at all (it then selects everything).
 *
 * @example
 * isEmptySelector({ matchLabels: {}, matchExpressions: [] }); // true
 */
export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}
