import * as z from 'zod/mini';
import {
  type ClusterSpec,
  clusterSpecText,
  parseClusterSpec,
} from '#core/clusters/cluster-spec.ts';
import { KUBERNETES_MODES, type KubernetesMode } from '#core/clusters/kubernetes-mode.ts';
import { InputError } from '#core/errors.ts';
import { lazy } from '#core/lazy.ts';

/** The `schema` field of a work message; a change of shape gets a new version. */
export const CLUSTER_WORK_SCHEMA = 'eks-sg-advisor/cluster-work@2';
/**
 * The version before `kubernetes` was added. Still read, as `kubernetes: null`: messages a
 * dispatcher sent before an update are still on the queue when the new workers start.
 */
const CLUSTER_WORK_SCHEMA_1 = 'eks-sg-advisor/cluster-work@1';

/** One cluster's share of an `analyze` run: what one queue message asks a worker to do. */
export interface ClusterWork {
  /** The cluster, resolved (`account/region/name` unless the account is unknown). */
  readonly cluster: ClusterSpec;
  readonly trigger: 'schedule' | 'on-demand';
  /** `null`: the incremental scheduled window; else the last `sinceMs` up to now (never committed). */
  readonly sinceMs: number | null;
  readonly dryRun: boolean;
  readonly notify: boolean;
  /** Epoch ms when the dispatcher sent the run's message. */
  readonly dispatchedAt: number;
  /** How often a worker put the message back because every slot of the account was held. */
  readonly deferrals: number;
  /** What to read from the cluster's Kubernetes API; `null`: as the worker is configured. */
  readonly kubernetes: KubernetesMode | null;
}

const FIELDS_1 = {
  cluster: z.string(),
  trigger: z.enum(['schedule', 'on-demand']),
  sinceMs: z.nullable(z.number().check(z.int(), z.positive())),
  dryRun: z.boolean(),
  notify: z.boolean(),
  dispatchedAt: z.number().check(z.int(), z.nonnegative()),
  deferrals: z.number().check(z.int(), z.nonnegative()),
};

const message = lazy(() =>
  z.strictObject({
    schema: z.literal(CLUSTER_WORK_SCHEMA),
    ...FIELDS_1,
    kubernetes: z.nullable(z.enum(KUBERNETES_MODES)),
  }),
);

const messageVersion1 = lazy(() =>
  z.strictObject({ schema: z.literal(CLUSTER_WORK_SCHEMA_1), ...FIELDS_1 }),
);

/**
 * The body of a work message: JSON with the schema, the cluster as `account/region/name`, and
 * the run's options. Nothing in it comes from logs.
 *
 * @example
 * encodeClusterWork(work);
 * // '{"schema":"eks-sg-advisor/cluster-work@2","cluster":"210987654321/eu-west-1/payments",...}'
 */
export function encodeClusterWork(work: ClusterWork): string {
  return JSON.stringify({
    schema: CLUSTER_WORK_SCHEMA,
    cluster: clusterSpecText(work.cluster),
    trigger: work.trigger,
    sinceMs: work.sinceMs,
    dryRun: work.dryRun,
    notify: work.notify,
    dispatchedAt: work.dispatchedAt,
    deferrals: work.deferrals,
    kubernetes: work.kubernetes,
  });
}

/**
 * Reads a work message body written by {@link encodeClusterWork} (or by the version before it,
 * whose messages run as configured).
 *
 * @throws InputError naming the first wrong field (or saying the body is not JSON).
 * @example
 * decodeClusterWork(encodeClusterWork(work)); // equal to work
 */
export function decodeClusterWork(body: string): ClusterWork {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new InputError('work message is not JSON', { cause: error });
  }
  const version1 = (json as { schema?: unknown } | null)?.schema === CLUSTER_WORK_SCHEMA_1;
  const parsed = version1 ? messageVersion1().safeParse(json) : message().safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join('.') || '(message)';
    throw new InputError(`work message: field '${where}' is invalid (${issue?.message ?? '?'})`);
  }
  const { schema: _schema, cluster, ...fields } = parsed.data;
  const rest = { kubernetes: null, ...fields };
  try {
    return { ...rest, cluster: parseClusterSpec(cluster) };
  } catch (error) {
    throw new InputError(`work message: field 'cluster' ${(error as Error).message}`, {
      cause: error,
    });
  }
}
