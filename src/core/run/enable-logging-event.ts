import * as z from 'zod/mini';
import { InputError } from '#core/errors.ts';
import type { ClusterSpec } from '#core/fanout/cluster-spec.ts';
import { lazy } from '#core/lazy.ts';
import {
  describeIssue,
  isScheduledEvent,
  scheduledDryRun,
  selectClusters,
} from '#core/run/event-fields.ts';

const onDemandEvent = lazy(() =>
  z.strictObject({
    clusters: z.optional(z.array(z.string())),
    dryRun: z.optional(z.boolean()),
    indexLogStream: z.optional(z.boolean()),
  }),
);

/** What one `enableLogging` invocation does. */
export interface EnableLoggingRequest {
  readonly clusters: readonly ClusterSpec[];
  /** Read only: describe each cluster and log group, change nothing, say what would change. */
  readonly dryRun: boolean;
  /** Opt-in: also put a field index policy on `@logStream` on each cluster's log group. */
  readonly indexLogStream: boolean;
}

/**
 * The clusters an `enableLogging` invocation works on, and whether it is a dry run: the
 * configured clusters for a scheduled event (a dry run when its `detail` says `dryRun: true`) or
 * an empty on-demand event, else the event's `clusters` (which must be configured), `dryRun` and
 * `indexLogStream` (opt-in: index `@logStream` in each log group; never on a schedule).
 *
 * @throws InputError naming the offending field.
 * @example
 * resolveEnableLoggingRequest({ clusters: ['prod'], dryRun: true }, [prod, staging]);
 * // { clusters: [prod], dryRun: true, indexLogStream: false }
 */
export function resolveEnableLoggingRequest(
  event: unknown,
  configured: readonly ClusterSpec[],
): EnableLoggingRequest {
  if (isScheduledEvent(event)) {
    return { clusters: configured, dryRun: scheduledDryRun(event), indexLogStream: false };
  }
  const parsed = onDemandEvent().safeParse(event ?? {});
  if (!parsed.success) {
    throw new InputError(
      describeIssue('enableLogging', parsed.error.issues[0], {
        clusters: 'a list of clusters (name or account/region/name)',
        dryRun: 'true or false',
        indexLogStream: 'true or false',
      }),
    );
  }
  const { clusters, dryRun, indexLogStream } = parsed.data;
  return {
    clusters:
      clusters === undefined ? configured : selectClusters('enableLogging', clusters, configured),
    dryRun: dryRun === true,
    indexLogStream: indexLogStream === true,
  };
}
