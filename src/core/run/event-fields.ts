import type * as z from 'zod/mini';
import {
  type ClusterSpec,
  clusterSpecText,
  parseClusterSpec,
} from '#core/clusters/cluster-spec.ts';
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
 * Whether a scheduled event asks for a dry run: an EventBridge rule's input transformer (or a
 * hand-made test event) may put `{"dryRun": true}` in `detail`. Anything else is not a dry run.
 *
 * @example
 * scheduledDryRun({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: { dryRun: true } }); // true
 */
export function scheduledDryRun(event: unknown): boolean {
  if (event === null || typeof event !== 'object') return false;
  const detail = (event as Record<string, unknown>).detail;
  if (detail === null || typeof detail !== 'object') return false;
  return (detail as Record<string, unknown>).dryRun === true;
}

/**
 * The clusters an on-demand event asks for, each one of the configured clusters (the functions'
 * IAM policies cover no other), duplicates removed. An entry is `account/region/name` or a bare
 * name; a bare name must match exactly one configured cluster of that name.
 *
 * @throws InputError naming the event, the field and the offending entry.
 * @example
 * selectClusters('analyze', ['prod'], [{ name: 'prod', account: null, region: null }]);
 * // [{ name: 'prod', account: null, region: null }]
 */
export function selectClusters(
  eventName: string,
  entries: readonly string[],
  configured: readonly ClusterSpec[],
): ClusterSpec[] {
  if (entries.length === 0) throw new InputError(`${eventName} event: field 'clusters' is empty`);
  const selected = new Map<string, ClusterSpec>();
  const known = configured.map(clusterSpecText).join(', ');
  for (const [i, entry] of entries.entries()) {
    const field = `${eventName} event: field 'clusters[${i}]'`;
    let wanted: ClusterSpec;
    try {
      wanted = parseClusterSpec(entry);
    } catch (error) {
      throw new InputError(`${field} ${(error as Error).message}`, { cause: error });
    }
    const matches = configured.filter((spec) =>
      wanted.account === null
        ? spec.name === wanted.name
        : clusterSpecText(spec) === clusterSpecText(wanted),
    );
    const [match] = matches;
    if (match === undefined) {
      throw new InputError(
        `${field} names '${entry}', which is not configured (configured: ${known})`,
      );
    }
    if (matches.length > 1) {
      throw new InputError(
        `${field} names '${entry}', which matches several configured clusters (${matches.map(clusterSpecText).join(', ')}): write account/region/name`,
      );
    }
    selected.set(clusterSpecText(match), match);
  }
  return [...selected.values()];
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
