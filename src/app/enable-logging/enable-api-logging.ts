import { ensureRetention } from '#app/enable-logging/ensure-retention.ts';
import { waitForApiLogging, waitForUpdate } from '#app/enable-logging/wait-for-update.ts';
import type { Clock, ClusterControlPort, LogRetentionPort } from '#core/gateways.ts';
import { clusterLogGroupName } from '#core/model/aws-names.ts';
import type {
  EnableLoggingResult,
  LoggingOutcome,
  RetentionOutcome,
} from '#core/run/enable-logging-result.ts';
import { DEFAULT_RETENTION_DAYS } from '#core/run/retention-days.ts';

/** What enabling needs from outside. */
export interface EnableLoggingDeps {
  readonly eks: ClusterControlPort;
  readonly logs: LogRetentionPort;
  readonly clock: Clock;
}

/** Options of {@link enableApiLogging}; all optional. */
export interface EnableLoggingOptions {
  /** Retention set on the log group when it has none (default 30, a CloudWatch-accepted value). */
  readonly retentionDays?: number;
  /** Replace an existing retention policy (or set one over other log types' older events). */
  readonly forceRetention?: boolean;
  /** Wait for the logging update to finish (default false). */
  readonly wait?: boolean;
  /** Longest wait per cluster (default 15 min). */
  readonly waitTimeoutMs?: number;
  /**
   * Epoch ms by which every wait ends, whatever `waitTimeoutMs` says (a Lambda passes its own
   * end minus a margin, so a long wait leaves it the time to return its results).
   */
  readonly deadline?: number;
  readonly signal?: AbortSignal;
}

const DEFAULT_WAIT_MS = 15 * 60_000;

/**
 * Turns on a cluster's `api` control-plane logging without touching other log types, then bounds
 * its log group's retention:
 * - DescribeCluster; `api` already on: nothing changes;
 * - otherwise UpdateClusterConfig with exactly `{types: ['api'], enabled: true}`; "No changes
 *   needed" counts as enabled; another update in progress is `pending` (no retry: the next run
 *   tries again); with `wait`, DescribeUpdate is polled until it ends or `waitTimeoutMs` passes;
 * - the retention step of {@link ensureRetention}.
 * AWS failures become a `failed` outcome for this cluster (reported, never thrown), so one
 * cluster cannot stop the others.
 *
 * @throws only when `signal` fired (the caller aborted the whole run).
 * @example
 * const result = await enableApiLogging({ eks, logs, clock }, 'demo', { wait: true });
 * // { cluster: 'demo', logging: { state: 'enabled', updateId: '...' }, retention: {...}, ok: true }
 */
export async function enableApiLogging(
  deps: EnableLoggingDeps,
  cluster: string,
  options: EnableLoggingOptions = {},
): Promise<EnableLoggingResult> {
  let before: readonly string[];
  try {
    before = (await deps.eks.describeCluster(cluster)).enabledTypes;
  } catch (error) {
    rethrowIfAborted(options.signal, error);
    return {
      cluster,
      logging: { state: 'failed', message: messageOf(error) },
      retention: null,
      ok: false,
    };
  }
  const logging = before.includes('api')
    ? ({ state: 'already-enabled' } as const)
    : await turnOn(deps, cluster, options);
  let retention: RetentionOutcome;
  try {
    retention = await ensureRetention(deps.logs, {
      logGroupName: clusterLogGroupName(cluster),
      days: options.retentionDays ?? DEFAULT_RETENTION_DAYS,
      force: options.forceRetention ?? false,
      otherTypes: before.filter((type) => type !== 'api'),
    });
  } catch (error) {
    rethrowIfAborted(options.signal, error);
    retention = { state: 'failed', message: messageOf(error) };
  }
  const ok = logging.state !== 'failed' && retention.state !== 'failed';
  return { cluster, logging, retention, ok };
}

/**
 * Runs {@link enableApiLogging} for each cluster in turn, calling `onResult` as each finishes.
 *
 * @throws only when `options.signal` fired.
 * @example
 * const results = await enableApiLoggingForClusters(deps, ['a', 'b'], {}, (r) => print(r));
 * const exitCode = results.every((r) => r.ok) ? 0 : 1;
 */
export async function enableApiLoggingForClusters(
  deps: EnableLoggingDeps,
  clusters: readonly string[],
  options: EnableLoggingOptions = {},
  onResult?: (result: EnableLoggingResult) => void | Promise<void>,
): Promise<EnableLoggingResult[]> {
  const results: EnableLoggingResult[] = [];
  for (const cluster of clusters) {
    const result = await enableApiLogging(deps, cluster, options);
    results.push(result);
    await onResult?.(result);
  }
  return results;
}

async function turnOn(
  deps: EnableLoggingDeps,
  cluster: string,
  options: EnableLoggingOptions,
): Promise<LoggingOutcome> {
  try {
    const update = await deps.eks.updateClusterLogging(cluster, { types: ['api'], enabled: true });
    if (update.outcome === 'no-changes') return { state: 'already-enabled' };
    if (update.outcome === 'update-in-progress') {
      return {
        state: 'pending',
        reason: 'update-in-progress',
        updateId: null,
        detail: update.message,
      };
    }
    const { updateId } = update;
    const limits = {
      deadline: Math.min(
        deps.clock.now() + (options.waitTimeoutMs ?? DEFAULT_WAIT_MS),
        options.deadline ?? Number.POSITIVE_INFINITY,
      ),
      signal: options.signal ?? null,
    };
    if (updateId === null) {
      // No update to follow: confirm on the cluster itself (once, or until the deadline).
      const on = await waitForApiLogging(deps, cluster, options.wait ? limits : { deadline: 0 });
      if (on) return { state: 'enabled', updateId };
      return pending(options.wait ? 'wait-timed-out' : 'update-started', updateId);
    }
    if (!options.wait) return pending('update-started', updateId);
    const waited = await waitForUpdate(deps, cluster, updateId, limits);
    switch (waited.state) {
      case 'successful':
        return { state: 'enabled', updateId };
      case 'failed':
        return {
          state: 'failed',
          message: `update ${updateId} ended ${waited.status}: ${waited.errors.join('; ') || 'no error details'}`,
        };
      case 'timed-out':
        return pending('wait-timed-out', updateId);
      case 'aborted':
        throw options.signal?.reason ?? new Error('aborted');
    }
  } catch (error) {
    rethrowIfAborted(options.signal, error);
    return { state: 'failed', message: messageOf(error) };
  }
}

function pending(
  reason: 'update-started' | 'wait-timed-out',
  updateId: string | null,
): LoggingOutcome {
  const id = updateId === null ? 'the update' : `update ${updateId}`;
  const detail =
    reason === 'update-started'
      ? `${id} was accepted; EKS applies it within minutes (use --wait to follow it)`
      : `${id} was still in progress when the wait ended`;
  return { state: 'pending', reason, updateId, detail };
}

function rethrowIfAborted(signal: AbortSignal | undefined, error: unknown): void {
  if (signal?.aborted) throw error;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
