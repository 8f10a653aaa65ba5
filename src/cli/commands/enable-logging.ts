import { systemClock } from '#adapters/system-clock.ts';
import { enableApiLoggingForClusters } from '#app/enable-logging/enable-api-logging.ts';
import { indexClusterLogStream } from '#app/enable-logging/log-stream-index.ts';
import { choiceOf, clusterNames, parseCommandArgs } from '#cli/args.ts';
import { type CliIo, type Command, write } from '#cli/io.ts';
import { parseDuration } from '#cli/time-flags.ts';
import { DEFAULT_RETENTION_DAYS, parseRetentionDays } from '#core/run/retention-days.ts';
import { enableLoggingJson, enableLoggingLine } from '#render/cli-output/enable-logging-table.ts';
import { cliAws } from '#wiring/cli.ts';

const USAGE = `Usage: eks-sg-advisor enable-logging --cluster NAME [--cluster NAME...] [--region REGION]
                                     [--retention-days N] [--force-retention] [--wait]
                                     [--wait-timeout DURATION] [--index-log-stream]
                                     [--format text|json]

Turns on the API-server ('api') control-plane log type of each cluster, leaving the other log
types as they are, and bounds the retention of its log group /aws/eks/NAME/cluster.

Options:
  --cluster NAME        A cluster (repeat for several; each is reported on its own line).
  --region REGION       Overrides the region of the AWS profile or environment.
  --retention-days N    Retention set on the log group when it has none (default ${DEFAULT_RETENTION_DAYS}).
                        One of 1 3 5 7 14 30 60 90 120 150 180 365 400 545 731 1096 1827 2192
                        2557 2922 3288 3653. A missing group is created with it.
  --force-retention     Also replace an existing retention policy, and set one when other log
                        types (e.g. audit) already write to the group (their older events expire).
  --wait                Wait until the logging update has finished.
  --wait-timeout D      Longest wait per cluster (default 15m).
  --index-log-stream    Also put a field index policy on @logStream on each log group (opt-in),
                        so the analysis query scans only the API-server streams where @logStream
                        is not a default index (log groups that are not Standard class).
  --format FORMAT       text (default): one line per cluster; json: one JSON object per cluster.
  -h, --help            Show this help.

AWS credentials and region come from the usual chain (AWS_PROFILE, AWS_REGION, ...).
Another cluster update in progress is reported as pending and left for the next run.

Exit status: 0 when every cluster is enabled or pending, 1 when any failed, 2 on bad options.
`;

const OPTIONS = {
  cluster: { type: 'string', multiple: true },
  region: { type: 'string' },
  'retention-days': { type: 'string' },
  'force-retention': { type: 'boolean' },
  wait: { type: 'boolean' },
  'wait-timeout': { type: 'string' },
  'index-log-stream': { type: 'boolean' },
  format: { type: 'string' },
} as const;

/** `eks-sg-advisor enable-logging`: turns on `api` logging and bounds log retention. */
export const enableLoggingCommand: Command = {
  name: 'enable-logging',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseCommandArgs('enable-logging', args, OPTIONS, 0);
    const clusters = clusterNames(values.cluster);
    const aws = cliAws(values.region);
    const format = choiceOf(
      'enable-logging',
      'format',
      values.format,
      ['text', 'json'] as const,
      'text',
    );
    const retentionDays =
      typeof values['retention-days'] === 'string'
        ? parseRetentionDays(values['retention-days'])
        : DEFAULT_RETENTION_DAYS;
    const waitTimeoutMs =
      typeof values['wait-timeout'] === 'string'
        ? parseDuration('wait-timeout', values['wait-timeout'])
        : undefined;
    const deps = {
      eks: aws.clusterControl(),
      logs: aws.logRetention(),
      clock: systemClock,
    };
    const results = await enableApiLoggingForClusters(
      deps,
      clusters,
      {
        retentionDays,
        forceRetention: values['force-retention'] === true,
        wait: values.wait === true,
        waitTimeoutMs,
      },
      (result) =>
        write(
          io.stdout,
          `${format === 'json' ? enableLoggingJson(result) : enableLoggingLine(result)}\n`,
        ),
    );
    let indexed = true;
    for (const cluster of values['index-log-stream'] === true ? clusters : []) {
      const index = aws.logIndexPolicy();
      const outcome = await indexClusterLogStream(index, cluster, { dryRun: false });
      indexed &&= outcome.state !== 'failed';
      const text =
        outcome.state === 'failed'
          ? `${cluster}: @logStream index policy failed: ${outcome.message}`
          : `${cluster}: @logStream index policy put on ${outcome.logGroupName}`;
      const line = format === 'json' ? JSON.stringify({ cluster, logStreamIndex: outcome }) : text;
      write(io.stdout, `${line}\n`);
    }
    return results.every((result) => result.ok) && indexed ? 0 : 1;
  },
};
