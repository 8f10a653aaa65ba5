import { ensureRetention, type RetentionOutcome } from '#core/logging/ensure-retention.ts';
import { formatString, PLANNER_FLOW_FIELDS } from '#core/plan/flow-record.ts';
import type { LogRetentionPort } from '#core/ports.ts';

/** One VPC flow log as DescribeFlowLogs reports it. */
export interface FlowLogSummary {
  readonly flowLogId: string;
  readonly resourceId: string;
  readonly logGroupName: string | null;
  readonly logFormat: string | null;
}

/** What CreateFlowLogs is asked for: the planner's format, on network interfaces, into a log group. */
export interface CreateFlowLogsRequest {
  readonly resourceIds: readonly string[];
  readonly logGroupName: string;
  readonly roleArn: string;
  readonly logFormat: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** EC2 flow logs: the calls `enable-flow-logs` makes. */
export interface FlowLogPort {
  /** Every flow log that delivers to `logGroupName`. */
  listFlowLogs(logGroupName: string): Promise<FlowLogSummary[]>;
  /** Resolves the IDs created and the interfaces EC2 refused, with its message. */
  createFlowLogs(request: CreateFlowLogsRequest): Promise<{
    readonly created: readonly string[];
    readonly refused: readonly { readonly resourceId: string; readonly message: string }[];
  }>;
  deleteFlowLogs(flowLogIds: readonly string[]): Promise<void>;
}

/** The custom format `enable-flow-logs` creates: the fields the planner reads. */
export const PLANNER_FLOW_FORMAT = formatString(PLANNER_FLOW_FIELDS);

/** Days the flow-log group keeps records by default: two planning windows of a week. */
export const DEFAULT_FLOW_LOG_RETENTION_DAYS = 14;

/**
 * The log group `enable-flow-logs` writes a cluster's control-plane flow logs to.
 *
 * @example
 * flowLogGroupName('prod'); // '/eks-sg-advisor/prod/control-plane-flow-logs'
 */
export function flowLogGroupName(cluster: string): string {
  return `/eks-sg-advisor/${cluster}/control-plane-flow-logs`;
}

/** What a sync changes. */
export interface FlowLogPlan {
  /** X-ENIs without a flow log in the planner's format. */
  readonly create: readonly string[];
  /** Flow logs of interfaces that are no longer X-ENIs (replaced on an upgrade), or in another format. */
  readonly delete: readonly FlowLogSummary[];
  /** X-ENIs already covered. */
  readonly keep: readonly string[];
}

/**
 * Compares the cluster's X-ENIs with the flow logs already delivering to the group: creates one
 * for every X-ENI without one in the planner's format, deletes those on interfaces that are no
 * longer X-ENIs (EKS replaces them on upgrades) and those in another format (a flow log's format
 * cannot be changed: it is recreated). Pure.
 *
 * @example
 * flowLogPlan(['eni-1', 'eni-2'], [{ flowLogId: 'fl-1', resourceId: 'eni-0', ... }]); // { create: ['eni-1','eni-2'], delete: [fl-1], keep: [] }
 */
export function flowLogPlan(
  xeniIds: readonly string[],
  existing: readonly FlowLogSummary[],
): FlowLogPlan {
  const wanted = new Set(xeniIds);
  const keep = new Set<string>();
  const remove: FlowLogSummary[] = [];
  for (const log of existing) {
    // Only interface flow logs are the planner's; a subnet or VPC flow log sharing the group stays.
    if (!log.resourceId.startsWith('eni-')) continue;
    const sameFormat = normalise(log.logFormat) === normalise(PLANNER_FLOW_FORMAT);
    if (wanted.has(log.resourceId) && sameFormat && !keep.has(log.resourceId))
      keep.add(log.resourceId);
    else remove.push(log);
  }
  return { create: xeniIds.filter((id) => !keep.has(id)), delete: remove, keep: [...keep] };
}

function normalise(format: string | null): string {
  return (format ?? '').trim().split(/\s+/).join(' ');
}

/** What `enable-flow-logs` did for one cluster. */
export interface FlowLogSyncResult {
  readonly logGroupName: string;
  readonly retention: RetentionOutcome;
  readonly created: readonly string[];
  readonly deleted: readonly string[];
  readonly kept: readonly string[];
  readonly refused: readonly { readonly resourceId: string; readonly message: string }[];
}

/**
 * Turns on flow logs for a cluster's control-plane interfaces only (cheap compared with a
 * VPC-wide flow log): bounds the log group's retention first (creating it), then creates the
 * missing flow logs in the planner's format, then deletes the stale ones. Re-running it after an
 * upgrade re-syncs them with the new X-ENIs.
 *
 * @throws whatever the ports throw (AwsCallError).
 * @example
 * await syncFlowLogs({ flowLogs, logs }, { cluster: 'prod', xeniIds, roleArn, retentionDays: 14 });
 */
export async function syncFlowLogs(
  deps: { readonly flowLogs: FlowLogPort; readonly logs: LogRetentionPort },
  request: {
    readonly cluster: string;
    readonly xeniIds: readonly string[];
    readonly roleArn: string;
    readonly retentionDays: number;
    readonly logGroupName?: string;
  },
): Promise<FlowLogSyncResult> {
  const logGroupName = request.logGroupName ?? flowLogGroupName(request.cluster);
  const retention = await ensureRetention(deps.logs, {
    logGroupName,
    days: request.retentionDays,
    force: true,
    otherTypes: [],
  });
  const plan = flowLogPlan(request.xeniIds, await deps.flowLogs.listFlowLogs(logGroupName));
  const made =
    plan.create.length > 0
      ? await deps.flowLogs.createFlowLogs({
          resourceIds: plan.create,
          logGroupName,
          roleArn: request.roleArn,
          logFormat: PLANNER_FLOW_FORMAT,
          tags: { 'managed-by': 'eks-sg-advisor', 'eks-sg-advisor:cluster': request.cluster },
        })
      : { created: [], refused: [] };
  if (plan.delete.length > 0)
    await deps.flowLogs.deleteFlowLogs(plan.delete.map((l) => l.flowLogId));
  return {
    logGroupName,
    retention,
    created: made.created,
    deleted: plan.delete.map((l) => l.flowLogId),
    kept: plan.keep,
    refused: made.refused,
  };
}
