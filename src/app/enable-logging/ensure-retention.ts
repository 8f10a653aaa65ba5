import type { LogRetentionPort } from '#core/gateways.ts';
import type { RetentionOutcome } from '#core/run/enable-logging-result.ts';

/** Options of {@link ensureRetention}. */
export interface RetentionRequest {
  readonly logGroupName: string;
  readonly days: number;
  /** Replace an existing policy, or set one over older data of other log types. */
  readonly force: boolean;
  /** Enabled log types other than `api` before this run (their old events would expire). */
  readonly otherTypes: readonly string[];
}

/**
 * Bounds a cluster log group's retention so the cost of its logs stays bounded:
 * - group missing: creates it and sets `days` (EKS then writes into it);
 * - no policy: sets `days`, unless other log types (e.g. `audit`) were already enabled, because
 *   a policy also deletes their older events; `force` sets it anyway;
 * - a policy: kept, unless `force` and it differs.
 *
 * @throws whatever the port throws (the caller reports it per cluster).
 * @example
 * await ensureRetention(logs, { logGroupName: '/aws/eks/demo/cluster', days: 30, force: false, otherTypes: [] });
 * // { state: 'set', days: 30, previousDays: null, createdGroup: true }
 */
export async function ensureRetention(
  logs: LogRetentionPort,
  request: RetentionRequest,
): Promise<RetentionOutcome> {
  const { logGroupName, days, force } = request;
  let current = await logs.describeRetention(logGroupName);
  let createdGroup = false;
  if (!current.exists) {
    createdGroup = (await logs.createLogGroup(logGroupName)) === 'created';
    if (!createdGroup) current = await logs.describeRetention(logGroupName);
  }
  const previousDays = current.retentionDays;
  if (previousDays !== null && (!force || previousDays === days)) {
    return { state: 'kept', days: previousDays };
  }
  if (previousDays === null && !createdGroup && !force && request.otherTypes.length > 0) {
    return { state: 'kept-unbounded', otherTypes: request.otherTypes };
  }
  await logs.putRetentionPolicy(logGroupName, days);
  return { state: 'set', days, previousDays, createdGroup };
}
