import { systemClock } from '#adapters/system-clock.ts';
import { fetchClusterEvents } from '#app/pipeline/read-events.ts';
import { choiceOf, clusterNames, parseCommandArgs } from '#cli/args.ts';
import { type CliIo, type Command, write } from '#cli/io.ts';
import { runQueryCommand } from '#cli/query-run.ts';
import { LIVE_QUERY_OPTIONS, windowFromFlags } from '#cli/time-flags.ts';
import { InputError } from '#core/errors.ts';
import type { ClusterEvents } from '#core/run/cluster-events.ts';
import { windowToIso } from '#core/window/time-window.ts';
import { jsonText, plainLines } from '#render/escape.ts';
import { cliAws } from '#wiring/cli.ts';

const USAGE = `Usage: eks-sg-advisor fetch-logs --cluster NAME (--since DURATION | --start TIME [--end TIME])
                                 [--region REGION] [--format text|json] [--timeout DURATION]

Runs the project's Logs Insights query on the cluster's API-server streams and prints the events
that may hold a finding, oldest first. A window with more than 10,000 matches is split until
nothing is truncated. Progress and the query statistics go to stderr.

Options:
  --cluster NAME      The EKS cluster (its log group is /aws/eks/NAME/cluster).
  --since DURATION    The last DURATION up to now (or --end): 30m, 1h, 1h30m, 2d.
  --start TIME        Window start: ISO 8601 with a zone (2026-11-28T14:00:00Z) or epoch seconds.
  --end TIME          Window end (default now).
  --region REGION     Overrides the region of the AWS profile or environment.
  --format FORMAT     text (default): the messages, ready for 'eks-sg-advisor classify';
                      json: one {"timestamp","stream","message"} object per event.
  --timeout DURATION  Give up (and stop the running query) after this long (default 15m).
  -h, --help          Show this help.

Exit status: 0 on success, 1 on an AWS failure (e.g. logging never enabled), 2 on bad options.
`;

const OPTIONS = {
  ...LIVE_QUERY_OPTIONS,
  format: { type: 'string' },
} as const;

/** `eks-sg-advisor fetch-logs`: the API-server events of a cluster and a window. */
export const fetchLogsCommand: Command = {
  name: 'fetch-logs',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseCommandArgs('fetch-logs', args, OPTIONS, 0);
    const [cluster] = clusterNames(values.cluster);
    if (cluster === undefined) throw new InputError('--cluster NAME is required');
    const format = choiceOf(
      'fetch-logs',
      'format',
      values.format,
      ['text', 'json'] as const,
      'text',
    );
    const window = windowFromFlags(values, systemClock.now());
    const insights = cliAws(values.region).insights();
    const fetched = await runQueryCommand(io, values.timeout, (options) =>
      fetchClusterEvents({ insights, clock: systemClock }, { cluster, window }, options),
    );
    for (const event of fetched.events) {
      const line =
        format === 'json'
          ? jsonText({
              timestamp: event.timestamp ?? null,
              stream: event.stream ?? null,
              message: event.message,
            })
          : plainLines(event.message, 'newlines-and-tabs');
      await write(io.stdout, `${line}\n`);
    }
    await write(io.stderr, summary(fetched));
    return 0;
  },
};

function summary(fetched: ClusterEvents): string {
  const { start, end } = windowToIso(fetched.window);
  const s = fetched.statistics;
  const stats =
    s.unreported === s.queries
      ? 'no statistics reported'
      : `${s.recordsScanned} records scanned, ${s.recordsMatched} matched, ${s.bytesScanned} bytes scanned`;
  const lines = [
    `fetch-logs: ${fetched.events.length} events from ${fetched.logGroupName} [${start}, ${end}); ${s.queries} queries; ${stats}`,
    ...fetched.incomplete.map(
      (w) =>
        `fetch-logs: WARNING: ${windowToIso(w.window).start}: ${w.recordsMatched ?? 'more'} records matched in one second, ${w.rowsReturned} could be read; the rest are missing`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
