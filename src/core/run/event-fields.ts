import type * as z from 'zod/mini';
import { isClusterName } from '#core/cluster-name.ts';
import { InputError } from '#core/errors.ts';

/**
 * Whether an event is the one an EventBridge schedule sends.
 *
 * @example
 * isScheduledEvent({ source: 'aws.events', 'detail-type': 'Scheduled Event' }); // true
 */
export function isScheduledEvent(event: unknown): boolean {
  if (event === null || typeof event !== 'object') return false;
  const fields = event as Record<string, unknown>;
  return fields.source === 'aws.events' && fields['detail-type'] === 'Scheduled Event';
}

/**
 * The clusters an on-demand event asks for: valid names, each one of the configured clusters
 * (the function's IAM policy covers no other), duplicates removed.
 *
 * @throws InputError naming the event, the field and the offending entry.
 * @example
 * selectClusters('analyze', ['prod'], ['prod', 'staging']); // ['prod']
 */
export function selectClusters(
  eventName: string,
  names: readonly string[],
  configured: readonly string[],
): string[] {
  if (names.length === 0) throw new InputError(`${eventName} event: field 'clusters' is empty`);
  for (const [i, name] of names.entries()) {
    if (!isClusterName(name)) {
      throw new InputError(
        `${eventName} event: field 'clusters[${i}]' is not a valid EKS cluster name (got ${JSON.stringify(name.slice(0, 120))})`,
      );
    }
    if (!configured.includes(name)) {
      throw new InputError(
        `${eventName} event: field 'clusters[${i}]' names '${name}', which is not configured (configured: ${configured.join(', ')})`,
      );
    }
  }
  return [...new Set(names)];
}

/**
 * An error message for the first problem zod found in an event, naming the field (`clusters[1]`)
 * and what it must be (from `fieldTypes`), or the unknown field.
 *
 * @example
 * describeIssue('analyze', { code: 'unrecognized_keys', keys: ['cluster'], path: [] }, { clusters: 'a list' });
 * // "analyze event: unknown field 'cluster' (expected any of clusters)"
 */
export function describeIssue(
  eventName: string,
  issue: z.core.$ZodIssue | undefined,
  fieldTypes: Readonly<Record<string, string>>,
): string {
  const expected = Object.keys(fieldTypes).join(', ');
  if (issue === undefined) return `${eventName} event is invalid`;
  if (issue.code === 'unrecognized_keys') {
    return `${eventName} event: unknown field '${issue.keys.join("', '")}' (expected any of ${expected})`;
  }
  const [head, ...rest] = issue.path;
  if (head === undefined) return `${eventName} event must be a JSON object with fields ${expected}`;
  const field = `${String(head)}${rest.map((part) => `[${String(part)}]`).join('')}`;
  const type = rest.length > 0 ? 'a string' : (fieldTypes[String(head)] ?? 'valid');
  return `${eventName} event: field '${field}' must be ${type}`;
}
