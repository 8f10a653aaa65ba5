import {
  type EnableLoggingDeps,
  type EnableLoggingOptions,
  enableApiLogging,
} from '#app/enable-logging/enable-api-logging.ts';
import type { ClusterSpec } from '#core/clusters/cluster-spec.ts';
import type { EnableLoggingResult } from '#core/run/enable-logging-result.ts';

/** The EKS and CloudWatch Logs ports of one cluster (its account and Region); rejects when unreachable. */
export type LoggingPortsFactory = (cluster: ClusterSpec) => Promise<EnableLoggingDeps>;

/**
 * Runs {@link enableApiLogging} for each cluster in turn, each through the ports of its own
 * account and Region. A cluster that cannot be reached (no role for its account, AssumeRole
 * refused) is a `failed` result; the others still run.
 *
 * @throws only when `options.signal` fired, or what `onResult` throws.
 * @example
 * const results = await enableApiLoggingAcrossAccounts(portsFor, clusters, { retentionDays: 30 });
 */
export async function enableApiLoggingAcrossAccounts(
  portsFor: LoggingPortsFactory,
  clusters: readonly ClusterSpec[],
  options: EnableLoggingOptions = {},
  onResult?: (result: EnableLoggingResult) => void | Promise<void>,
): Promise<EnableLoggingResult[]> {
  const results: EnableLoggingResult[] = [];
  for (const cluster of clusters) {
    let result: EnableLoggingResult;
    try {
      result = await enableApiLogging(await portsFor(cluster), cluster.name, options);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      result = {
        cluster: cluster.name,
        logging: { state: 'failed', message },
        retention: null,
        ok: false,
      };
    }
    results.push(result);
    await onResult?.(result);
  }
  return results;
}
