import * as z from 'zod/mini';
import type { ClusterSpec } from '#core/clusters/cluster-spec.ts';
import { KUBERNETES_MODES, type KubernetesMode } from '#core/clusters/kubernetes-mode.ts';
import { InputError } from '#core/errors.ts';
import { lazy } from '#core/lazy.ts';
import {
  describeIssue,
  isScheduledEvent,
  scheduledDryRun,
  selectClusters,
} from '#core/run/event-fields.ts';
import { formatDuration, parseDurationText } from '#core/window/duration.ts';

/** The fields an on-demand `analyze` event may carry; each overrides the configuration. */
const onDemandEvent = lazy(() =>
  z.strictObject({
    clusters: z.optional(z.array(z.string())),
    since: z.optional(z.string()),
    dryRun: z.optional(z.boolean()),
    notify: z.optional(z.boolean()),
    fanOut: z.optional(z.boolean()),
    kubernetes: z.optional(z.enum(KUBERNETES_MODES)),
  }),
);

const FIELD_TYPES = {
  clusters: 'a list of clusters (name or account/region/name)',
  since: 'a duration such as "2h"',
  dryRun: 'true or false',
  notify: 'true or false',
  fanOut: 'true or false',
  kubernetes: "'off', 'resolve' or 'audit'",
};

/** What one `analyze` invocation does, after the event's overrides were applied. */
export interface AnalyzeRequest {
  /** `schedule`: an EventBridge scheduled event; `on-demand`: anything else that validated. */
  readonly trigger: 'schedule' | 'on-demand';
  readonly clusters: readonly ClusterSpec[];
  /** `null`: the incremental scheduled window; else the last `sinceMs` up to now (never committed). */
  readonly sinceMs: number | null;
  readonly dryRun: boolean;
  readonly notify: boolean;
  /**
   * `true`: one queue message per cluster (always for a schedule); `false`: run inline and answer
   * with the reports; `null`: the event did not say (see `chooseRunMode`).
   */
  readonly fanOut: boolean | null;
  /** What to read from each cluster's Kubernetes API; `null`: as configured (`KUBERNETES_MODE`). */
  readonly kubernetes: KubernetesMode | null;
}

/** The configuration an event is checked against. */
export interface AnalyzeDefaults {
  readonly clusters: readonly ClusterSpec[];
  readonly dryRun: boolean;
  /** The longest `since` accepted (the look-back cap). */
  readonly maxSinceMs: number;
}

/**
 * Reads an `analyze` event: an EventBridge scheduled event (`source: aws.events`,
 * `detail-type: Scheduled Event`) runs the configuration as is (a dry run also when its `detail`
 * says `dryRun: true`); anything else must be an
 * on-demand event `{"clusters": [...], "since": "2h", "dryRun": true, "notify": false,
 * "fanOut": false, "kubernetes": "audit"}` whose fields (all optional) override it. `clusters`
 * must be configured clusters (a bare name or `account/region/name`); `since` is a duration no
 * longer than the look-back cap. An empty event (`{}` or none) is a normal incremental run.
 * `dryRun` is true when the event or the configuration says so: no event ends a configured dry run.
 *
 * @throws InputError naming the offending field (unknown fields included).
 * @example
 * resolveAnalyzeRequest({ since: '2h', notify: false }, { clusters: [prod], dryRun: false, maxSinceMs: 86_400_000 });
 * // { trigger: 'on-demand', clusters: [prod], sinceMs: 7_200_000, dryRun: false, notify: false, fanOut: null, kubernetes: null }
 */
export function resolveAnalyzeRequest(event: unknown, defaults: AnalyzeDefaults): AnalyzeRequest {
  if (isScheduledEvent(event)) {
    const { clusters } = defaults;
    return {
      trigger: 'schedule',
      clusters,
      sinceMs: null,
      dryRun: defaults.dryRun || scheduledDryRun(event),
      notify: true,
      fanOut: true,
      kubernetes: null,
    };
  }
  const parsed = onDemandEvent().safeParse(event ?? {});
  if (!parsed.success) {
    throw new InputError(describeIssue('analyze', parsed.error.issues[0], FIELD_TYPES));
  }
  const { clusters, since, dryRun, notify, fanOut, kubernetes } = parsed.data;
  return {
    trigger: 'on-demand',
    clusters:
      clusters === undefined
        ? defaults.clusters
        : selectClusters('analyze', clusters, defaults.clusters),
    sinceMs: since === undefined ? null : checkSince(since, defaults.maxSinceMs),
    // A deployment configured as a dry run stays one: an event may ask for a dry run, never end it.
    dryRun: dryRun === true || defaults.dryRun,
    notify: notify ?? true,
    fanOut: fanOut ?? null,
    kubernetes: kubernetes ?? null,
  };
}

function checkSince(text: string, maxMs: number): number {
  const ms = parseDurationText(text);
  if (ms === null || ms < 1000) {
    throw new InputError(
      `analyze event: field 'since' must be a duration such as 30m, 2h or 1d (got ${JSON.stringify(text.slice(0, 40))})`,
    );
  }
  if (ms > maxMs) {
    throw new InputError(
      `analyze event: field 'since' must be at most ${formatDuration(maxMs)}, the look-back cap (got '${text}')`,
    );
  }
  return ms;
}
