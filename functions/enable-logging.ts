import type { STSClient } from '@aws-sdk/client-sts';
import { CloudWatchLogRetention } from '#adapters/aws/cloudwatch-log-retention.ts';
import { CloudWatchLogsIndexPolicy } from '#adapters/aws/cloudwatch-logs-index-policy.ts';
import { EksClusterControl } from '#adapters/aws/eks-cluster-control.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { dryRunPorts, type SkippedChange } from '#app/enable-logging/dry-run.ts';
import { enableApiLoggingAcrossAccounts } from '#app/enable-logging/enable-across-accounts.ts';
import {
  indexClusterLogStream,
  type LogStreamIndexOutcome,
} from '#app/enable-logging/log-stream-index.ts';
import { type EnableLoggingConfig, loadEnableLoggingConfig } from '#config/load-config.ts';
import { homeLocation, resolveClusterSpecs } from '#core/clusters/cluster-spec.ts';
import { ClusterRunsFailedError } from '#core/errors.ts';
import type { Clock } from '#core/gateways.ts';
import { resolveEnableLoggingRequest } from '#core/run/enable-logging-event.ts';
import type { EnableLoggingResult } from '#core/run/enable-logging-result.ts';
import {
  ClusterClientPool,
  type ClusterClients,
  deployedClusterClients,
} from '#functions/cluster-clients.ts';
import { lambdaChain, makeObservability } from '#functions/middy.ts';

/**
 * Time kept at the end of an invocation after the last DescribeUpdate wait: middy's early stop
 * (10 s) plus the retention calls and the result of the cluster being waited for.
 */
export const WAIT_MARGIN_MS = 30_000;

/** What the enableLogging handler is built from. */
export interface EnableLoggingDeps {
  readonly config: EnableLoggingConfig;
  /** The own account's clients (EC2 is never called here) and STS, built at the first role. */
  readonly clients: ClusterClients & { readonly sts: () => STSClient };
  readonly clock: Clock;
  readonly timeoutEarlyInMillis?: number;
  /** Settings of the clients built per cluster (tests: `{ maxAttempts: 1 }`). */
  readonly clientConfig?: { readonly maxAttempts?: number };
}

/** What an invocation returns; a dry run also lists the changes it did not make. */
export interface EnableLoggingResponse {
  readonly dryRun: boolean;
  readonly clusters: readonly EnableLoggingResult[];
  readonly skipped?: readonly SkippedChange[];
  /** With `indexLogStream`: the field index policy put on each cluster's log group. */
  readonly logStreamIndex?: readonly LogStreamIndexOutcome[];
}

/**
 * The `enableLogging` handler: turns on each configured cluster's `api` control-plane logging
 * (other log types untouched) and bounds its log group's retention, in the cluster's account
 * (through its configured role) and Region; on a schedule or on demand (`{"clusters": [...]}`, a
 * subset of the configured ones). Returns one result per cluster. With `"dryRun": true` (on
 * demand, or in a scheduled event's `detail`) it only reads: every write is listed in `skipped`.
 * With `"indexLogStream": true` (on demand, opt-in) it also puts a field index policy on
 * `@logStream` on each log group, so the analysis query scans only the API-server streams. Each
 * started update is followed (DescribeUpdate) until it ends or the invocation's time runs short
 * ({@link WAIT_MARGIN_MS}); one still running then is `pending` and the next run looks again.
 *
 * @throws InputError for a bad event; ClusterRunsFailedError when a cluster failed, including an
 *   update that ended `Failed` or `Cancelled` (named with its errors; the others were still
 *   processed). The error fails the invocation: the `function-errors` alarm and the dead-letter
 *   queue carry it to the alert topic.
 * @example
 * const handler = makeHandler({ config, clients: { eks, logs, ec2, sts }, clock: systemClock });
 */
export function makeHandler(deps: EnableLoggingDeps) {
  const { config, clock } = deps;
  const observability = makeObservability(config);
  const pool = new ClusterClientPool({
    own: deps.clients,
    roles: config.accountRoles,
    sts: deps.clients.sts,
    clock,
    clientConfig: deps.clientConfig,
  });
  const settings = { retentionDays: config.retentionDays, forceRetention: config.forceRetention };
  return lambdaChain<unknown, EnableLoggingResponse>(
    async (event, context, { signal }) => {
      // UpdateClusterConfig is asynchronous and can end Failed (e.g. too few free IPs in the
      // cluster's subnets): follow each update with DescribeUpdate while the invocation has time,
      // so a failed update fails the run with its errors instead of passing as enabled.
      const options = {
        ...settings,
        wait: true,
        deadline: clock.now() + context.getRemainingTimeInMillis() - WAIT_MARGIN_MS,
      };
      const home = homeLocation(context.invokedFunctionArn, config.region);
      const configured = resolveClusterSpecs(config.clusters, home);
      const { clusters, dryRun, indexLogStream } = resolveEnableLoggingRequest(event, configured);
      const skipped: SkippedChange[] = [];
      const portsFor = async (cluster: (typeof clusters)[number]) => {
        const clients = await pool.clientsFor(cluster, home);
        const eks = new EksClusterControl(clients.eks);
        const ports = { eks, logs: new CloudWatchLogRetention(clients.logs), clock };
        return dryRun ? dryRunPorts(ports, cluster.name, skipped) : ports;
      };
      const results = await enableApiLoggingAcrossAccounts(
        portsFor,
        clusters,
        { ...options, signal },
        (result) => {
          const log = result.ok ? observability.logger.info : observability.logger.error;
          log.call(observability.logger, 'cluster logging', { ...result });
        },
      );
      const failures = results.filter((result) => !result.ok);
      observability.metrics.addMetric('EnableLoggingFailures', 'Count', failures.length);
      if (failures.length > 0) {
        throw new ClusterRunsFailedError(
          failures.map((result) => ({ cluster: result.cluster, message: failureOf(result) })),
          results.length,
        );
      }
      const indexed: LogStreamIndexOutcome[] = [];
      for (const cluster of indexLogStream ? clusters : []) {
        const clients = await pool.clientsFor(cluster, home);
        const port = new CloudWatchLogsIndexPolicy(clients.logs);
        const outcome = await indexClusterLogStream(port, cluster.name, { dryRun });
        if (outcome.state === 'failed')
          observability.logger.warn('log stream index', { ...outcome });
        indexed.push(outcome);
      }
      const index = indexLogStream ? { logStreamIndex: indexed } : {};
      return dryRun
        ? { dryRun, clusters: results, skipped, ...index }
        : { dryRun, clusters: results, ...index };
    },
    observability,
    { timeoutEarlyInMillis: deps.timeoutEarlyInMillis },
  );
}

function failureOf(result: EnableLoggingResult): string {
  if (result.logging.state === 'failed') return result.logging.message;
  if (result.retention?.state === 'failed') return result.retention.message;
  return 'failed';
}

/** The deployed handler: configuration read and clients built once, at cold start. */
export const handler = makeHandler({
  config: loadEnableLoggingConfig(),
  clients: deployedClusterClients(),
  clock: systemClock,
});
