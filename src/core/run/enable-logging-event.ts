import * as z from 'zod/mini';
import { InputError } from '#core/errors.ts';
import type { ClusterSpec } from '#core/fanout/cluster-spec.ts';
import { lazy } from '#core/lazy.ts';
import { describeIssue, isScheduledEvent, selectClusters } from '#core/run/event-fields.ts';

const onDemandEvent = lazy(() => z.strictObject({ clusters: z.optional(z.array(z.string())) }));

/**
 * The clusters an `enableLogging` invocation works on: the configured ones for a scheduled event
 * or an empty on-demand event, else the event's `clusters` (which must be configured).
 *
 * @throws InputError naming the offending field.
 * @example
 * resolveEnableLoggingClusters({ clusters: ['prod'] }, [prod, staging]); // [prod]
 */
export function resolveEnableLoggingClusters(
  event: unknown,
  configured: readonly ClusterSpec[],
): readonly ClusterSpec[] {
  if (isScheduledEvent(event)) return configured;
  const parsed = onDemandEvent().safeParse(event ?? {});
  if (!parsed.success) {
    throw new InputError(
      describeIssue('enableLogging', parsed.error.issues[0], {
        clusters: 'a list of clusters (name or account/region/name)',
      }),
    );
  }
  const { clusters } = parsed.data;
  return clusters === undefined
    ? configured
    : selectClusters('enableLogging', clusters, configured);
}
