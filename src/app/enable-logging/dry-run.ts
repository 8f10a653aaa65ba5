import type { EnableLoggingDeps } from '#app/enable-logging/enable-api-logging.ts';

/** A change a dry run of `enableLogging` did not make. */
export interface SkippedChange {
  readonly cluster: string;
  /** `UpdateClusterConfig`, `CreateLogGroup` or `PutRetentionPolicy`. */
  readonly operation: string;
  readonly detail: string;
}

/**
 * The ports of a dry run: the reads (DescribeCluster, DescribeLogGroups, DescribeUpdate) go to
 * AWS; every write is recorded in `skipped` instead of being sent. The logging update is reported
 * as started with no update id, the log group as created, the retention as set: what a real run
 * would have done.
 *
 * @example
 * const skipped: SkippedChange[] = [];
 * await enableApiLogging(dryRunPorts(ports, 'prod', skipped), 'prod');
 * skipped; // [{ cluster: 'prod', operation: 'UpdateClusterConfig', detail: 'api logging on' }]
 */
export function dryRunPorts(
  deps: EnableLoggingDeps,
  cluster: string,
  skipped: SkippedChange[],
): EnableLoggingDeps {
  const skip = (operation: string, detail: string): void => {
    skipped.push({ cluster, operation, detail });
  };
  return {
    clock: deps.clock,
    eks: {
      describeCluster: (name) => deps.eks.describeCluster(name),
      describeUpdate: (name, updateId) => deps.eks.describeUpdate(name, updateId),
      updateClusterLogging: async (_name, setup) => {
        skip(
          'UpdateClusterConfig',
          `${setup.types.join(',')} logging ${setup.enabled ? 'on' : 'off'}`,
        );
        return { outcome: 'started', updateId: null };
      },
    },
    logs: {
      describeRetention: (group) => deps.logs.describeRetention(group),
      createLogGroup: async (group) => {
        skip('CreateLogGroup', group);
        return 'created';
      },
      putRetentionPolicy: async (group, days) => {
        skip('PutRetentionPolicy', `${group}: ${days} days`);
      },
    },
  };
}
