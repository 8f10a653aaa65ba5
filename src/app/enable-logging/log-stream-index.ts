import { clusterLogGroupName } from '#core/model/aws-names.ts';

/** CloudWatch Logs: the one call that indexes `@logStream` in a log group. */
export interface LogStreamIndexPort {
  indexLogStream(logGroupName: string): Promise<void>;
}

/** What indexing a cluster's log group did. */
export type LogStreamIndexOutcome =
  | { readonly state: 'indexed'; readonly logGroupName: string }
  | { readonly state: 'skipped'; readonly logGroupName: string; readonly reason: 'dry-run' }
  | { readonly state: 'failed'; readonly logGroupName: string; readonly message: string };

/**
 * Adds the field index policy on `@logStream` to a cluster's log group (the opt-in of
 * `enableLogging`'s `indexLogStream`), so the analysis query's `filterIndex @logStream in [...]`
 * scans the API-server streams only. Standard-class log groups index `@logStream` by default;
 * the policy changes nothing for them but costs nothing either. Failures are an outcome, never
 * thrown, so one cluster cannot stop the others.
 *
 * @example
 * await indexClusterLogStream(new CloudWatchLogsIndexPolicy(logs), 'prod', { dryRun: false });
 * // { state: 'indexed', logGroupName: '/aws/eks/prod/cluster' }
 */
export async function indexClusterLogStream(
  port: LogStreamIndexPort,
  cluster: string,
  options: { readonly dryRun: boolean },
): Promise<LogStreamIndexOutcome> {
  const logGroupName = clusterLogGroupName(cluster);
  if (options.dryRun) return { state: 'skipped', logGroupName, reason: 'dry-run' };
  try {
    await port.indexLogStream(logGroupName);
    return { state: 'indexed', logGroupName };
  } catch (error) {
    // One line: SDK messages can span several.
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
    return { state: 'failed', logGroupName, message };
  }
}
