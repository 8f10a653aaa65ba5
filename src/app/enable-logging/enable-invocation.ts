import { dryRunPorts, type SkippedChange } from '#app/enable-logging/dry-run.ts';
import { enableApiLoggingAcrossAccounts } from '#app/enable-logging/enable-across-accounts.ts';
import type { EnableLoggingDeps } from '#app/enable-logging/enable-api-logging.ts';
import {
  indexClusterLogStream,
  type LogStreamIndexOutcome,
  type LogStreamIndexPort,
} from '#app/enable-logging/log-stream-index.ts';
import type { Invocation } from '#app/invocation.ts';
import {
  type ClusterSpec,
  type HomeLocation,
  homeLocation,
  resolveClusterSpecs,
} from '#core/clusters/cluster-spec.ts';
import { ClusterRunsFailedError } from '#core/errors.ts';
import type { Clock } from '#core/gateways.ts';
import { resolveEnableLoggingRequest } from '#core/run/enable-logging-event.ts';
import type { EnableLoggingResult } from '#core/run/enable-logging-result.ts';

/**
 * Time kept at the end of an invocation after the last DescribeUpdate wait: middy's early stop
 * (10 s) plus the retention calls and the result of the cluster being waited for.
 */
export const WAIT_MARGIN_MS = 30_000;

/** What an invocation returns; a dry run also lists the changes it did not make. */
export interface EnableLoggingResponse {
  readonly dryRun: boolean;
  readonly clusters: readonly EnableLoggingResult[];
  readonly skipped?: readonly SkippedChange[];
  /** With `indexLogStream`: the field index policy put on each cluster's log group. */
  readonly logStreamIndex?: readonly LogStreamIndexOutcome[];
}

/** What an `enableLogging` invocation runs over: each cluster's ports, a clock and its output. */
export interface EnableLoggingInvocationDeps {
  readonly clock: Clock;
  /** EKS and CloudWatch Logs of the cluster's account and Region; rejects when unreachable. */
  readonly portsFor: (cluster: ClusterSpec, home: HomeLocation) => Promise<EnableLoggingDeps>;
  readonly indexPolicyFor: (
    cluster: ClusterSpec,
    home: HomeLocation,
  ) => Promise<LogStreamIndexPort>;
  readonly output: {
    readonly clusterResult: (result: EnableLoggingResult) => void;
    readonly failures: (count: number) => void;
    readonly indexFailed: (outcome: LogStreamIndexOutcome) => void;
  };
}

/** The configuration `enableLogging` reads. */
export interface EnableLoggingInvocationSettings {
  readonly region: string | null;
  readonly clusters: readonly ClusterSpec[];
  readonly retentionDays: number;
  readonly forceRetention: boolean;
}

/**
 * One `enableLogging` invocation: turns on each requested cluster's `api` control-plane logging
 * and bounds its log group's retention, in the cluster's account and Region, following each
 * started update (DescribeUpdate) while the invocation has time ({@link WAIT_MARGIN_MS}). A dry
 * run only reads and lists every write in `skipped`; `indexLogStream` also puts a field index
 * policy on `@logStream` on each log group.
 *
 * @throws InputError for a bad event; ClusterRunsFailedError when a cluster failed (the others
 *   were still processed).
 * @example
 * const answer = await enableLoggingInvocation(deps, settings, event, invocation);
 */
export async function enableLoggingInvocation(
  deps: EnableLoggingInvocationDeps,
  settings: EnableLoggingInvocationSettings,
  event: unknown,
  invocation: Invocation,
): Promise<EnableLoggingResponse> {
  // UpdateClusterConfig is asynchronous and can end Failed (e.g. too few free IPs in the
  // cluster's subnets): follow each update with DescribeUpdate while the invocation has time,
  // so a failed update fails the run with its errors instead of passing as enabled.
  const options = {
    retentionDays: settings.retentionDays,
    forceRetention: settings.forceRetention,
    wait: true,
    deadline: deps.clock.now() + invocation.remainingMs() - WAIT_MARGIN_MS,
    signal: invocation.signal,
  };
  const home = homeLocation(invocation.functionArn, settings.region);
  const configured = resolveClusterSpecs(settings.clusters, home);
  const { clusters, dryRun, indexLogStream } = resolveEnableLoggingRequest(event, configured);
  const skipped: SkippedChange[] = [];
  const portsFor = async (cluster: ClusterSpec) => {
    const ports = await deps.portsFor(cluster, home);
    return dryRun ? dryRunPorts(ports, cluster.name, skipped) : ports;
  };
  const results = await enableApiLoggingAcrossAccounts(portsFor, clusters, options, (result) =>
    deps.output.clusterResult(result),
  );
  const failures = results.filter((result) => !result.ok);
  deps.output.failures(failures.length);
  if (failures.length > 0) {
    throw new ClusterRunsFailedError(
      failures.map((result) => ({ cluster: result.cluster, message: failureOf(result) })),
      results.length,
    );
  }
  const indexed: LogStreamIndexOutcome[] = [];
  for (const cluster of indexLogStream ? clusters : []) {
    const port = await deps.indexPolicyFor(cluster, home);
    const outcome = await indexClusterLogStream(port, cluster.name, { dryRun });
    if (outcome.state === 'failed') deps.output.indexFailed(outcome);
    indexed.push(outcome);
  }
  const index = indexLogStream ? { logStreamIndex: indexed } : {};
  return dryRun
    ? { dryRun, clusters: results, skipped, ...index }
    : { dryRun, clusters: results, ...index };
}

function failureOf(result: EnableLoggingResult): string {
  if (result.logging.state === 'failed') return result.logging.message;
  if (result.retention?.state === 'failed') return result.retention.message;
  return 'failed';
}
