import { systemClock } from '#adapters/system-clock.ts';
import { POLICY_OPTIONS, POLICY_USAGE, policyFromFlags } from '#cli/analysis-policy.ts';
import { choiceOf, parseCommandArgs } from '#cli/args.ts';
import { controlPlaneGroupFlag } from '#cli/control-plane-group.ts';
import { type CliIo, type Command, write } from '#cli/io.ts';
import { openLogSource } from '#cli/log-source.ts';
import { cutLinesNote, readLogsInto } from '#cli/read-logs.ts';
import { readTextInput } from '#cli/text-files.ts';
import { LIVE_QUERY_OPTIONS } from '#cli/time-flags.ts';
import { analyzeFindings } from '#core/build-report.ts';
import { InputError } from '#core/errors.ts';
import { Classifier } from '#core/logs/classify/classifier.ts';
import { clusterArnParts } from '#core/model/aws-names.ts';
import { readNetworkSnapshot } from '#core/network/parse-snapshot.ts';
import type { NetworkSnapshot } from '#core/network/snapshot-schema.ts';
import { REPORT_FORMATS, renderReport } from '#render/report/render-report.ts';

const USAGE = `Usage: eks-sg-advisor analyze --logs FILE --network FILE [--format FORMAT] [--cluster NAME]
       eks-sg-advisor analyze --cluster NAME (--since DURATION | --start TIME [--end TIME])
                              [--region REGION] [--network FILE] [--format FORMAT] [--timeout D]

Finds the calls the control plane could not make to webhooks and aggregated APIs, and says which
security-group rule is missing, on which group and why, or that no security-group change will
help. Offline it reads exported logs and a network snapshot; live (--cluster without --logs) it
runs the Logs Insights query on the cluster's API-server logs and reads the network from AWS.

Options:
  --logs FILE         Offline: the logs ('-' for stdin): plain text lines, or the JSON output of
                      'aws logs filter-log-events' or of 'aws logs get-query-results' (one log
                      event is one record), read as a stream in bounded memory; gzip and UTF-16
                      are decoded as read. Lines over 1 MiB are cut (a note on stderr).
  --network FILE      The network snapshot ('-' for stdin), as written by 'eks-sg-advisor
                      snapshot' or assembled from the AWS CLI (see the README). Live: optional,
                      instead of reading the network from AWS.
  --cluster NAME      Live: the cluster to analyse. Offline: refuse a snapshot of another cluster.
                      (Logs from Logs Insights that name another cluster's log group are always
                      refused.)
  --since DURATION    Live: the last DURATION up to now (or --end): 30m, 1h, 1h30m, 2d.
  --start TIME        Live: window start, ISO 8601 with a zone or epoch seconds.
  --end TIME          Live: window end (default now).
  --region REGION     Live: overrides the region of the AWS profile or environment.
  --timeout DURATION  Live: give up (and stop the running query) after this long (default 15m).
  --kubernetes        Live: read the cluster's APIServices and webhooks through its Kubernetes
                      API (as 'audit' does) so that a webhook failure naming only its service is
                      judged against the exact pods behind it, not the add-on catalogue's guess.
  --audit             Live: with the Kubernetes API, also check every path the control plane opens
                      today (as 'audit' does), so paths that would fail are reported before they do.
  --control-plane-group SG
                      The group new rules name for the control plane (default: the one the
                      node rules already use for 443/10250, else the cluster security group).
  --format FORMAT     text (default), markdown, json, or only the fixes: aws-cli, terraform,
                      cloudformation (over 500 resources: several templates, one after another).
${POLICY_USAGE}  -h, --help          Show this help.

Live, a progress line (query status, records scanned and matched) goes to stderr.
Exit status: 0 on success (whatever the findings), 1 on an AWS failure (e.g. logging never
enabled), 2 on unreadable or inconsistent input or bad options.
`;

const OPTIONS = {
  ...LIVE_QUERY_OPTIONS,
  logs: { type: 'string' },
  network: { type: 'string' },
  format: { type: 'string' },
  kubernetes: { type: 'boolean' },
  audit: { type: 'boolean' },
  ...POLICY_OPTIONS,
  'control-plane-group': { type: 'string' },
} as const;

/** `eks-sg-advisor analyze`: offline analysis of logs against a network snapshot. */
export const analyzeCommand: Command = {
  name: 'analyze',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseCommandArgs('analyze', args, OPTIONS, 0);
    const format = choiceOf('analyze', 'format', values.format, REPORT_FORMATS, 'text');
    const policy = policyFromFlags(values);
    if (values.logs === undefined && values.cluster !== undefined) {
      // Loaded only here: the AWS SDK clients take a while to load and offline needs none.
      const { analyzeLive } = await import('#cli/live-analysis.ts');
      const { report, region } = await analyzeLive(values, io, policy);
      await write(io.stdout, renderReport(report, format, { region }));
      return 0;
    }
    for (const live of [
      'since',
      'start',
      'end',
      'region',
      'timeout',
      'kubernetes',
      'audit',
    ] as const) {
      if (values[live] !== undefined) {
        throw new InputError(`--${live} is for live analysis (--cluster without --logs)`);
      }
    }
    const logsPath = requiredPath(values.logs, 'logs');
    const networkPath = requiredPath(values.network, 'network');
    if (logsPath === '-' && networkPath === '-') {
      throw new InputError('--logs and --network cannot both be read from stdin');
    }
    const snapshot = readNetworkSnapshot(
      await readTextInput(networkPath, io.stdin, 'network snapshot'),
      networkPath,
    );
    const cluster = snapshot.cluster.cluster.name;
    const wanted = typeof values.cluster === 'string' ? values.cluster : null;
    if (wanted !== null && wanted !== cluster) {
      throw new InputError(
        `network snapshot ${networkPath} is for cluster '${cluster}', not '${wanted}' (--cluster)`,
      );
    }
    const classifier = new Classifier({ referenceTime: systemClock.now() });
    const logs = await readLogsInto(await openLogSource(logsPath, io.stdin), classifier, {
      jobs: 1,
      workerScript: null,
    });
    checkLogClusters(logs.clusters, snapshot, logsPath);
    checkLogAccounts(logs.accounts ?? [], snapshot, logsPath);
    const note = cutLinesNote(logs);
    if (note) await write(io.stderr, `eks-sg-advisor analyze: ${note}\n`);
    const report = analyzeFindings(classifier.finish(), snapshot, {
      ...policy,
      controlPlaneGroup: controlPlaneGroupFlag(values['control-plane-group']),
    });
    await write(io.stdout, renderReport(report, format, { region: regionOf(snapshot) }));
    return 0;
  },
};

function requiredPath(value: unknown, flag: string): string {
  if (typeof value === 'string' && value !== '') return value;
  throw new InputError(`--${flag} FILE is required (see 'analyze --help')`);
}

function checkLogClusters(
  clusters: readonly string[],
  snapshot: NetworkSnapshot,
  path: string,
): void {
  const cluster = snapshot.cluster.cluster.name;
  const other = clusters.find((name) => name !== cluster);
  if (other !== undefined) {
    throw new InputError(
      `logs ${path} come from log group /aws/eks/${other}/cluster, but the network snapshot is for cluster '${cluster}'`,
    );
  }
}

function checkLogAccounts(
  accounts: readonly string[],
  snapshot: NetworkSnapshot,
  path: string,
): void {
  const clusterAccount = clusterArnParts(snapshot.cluster.cluster.arn)?.account;
  // Without the cluster ARN the snapshot does not say its account: nothing to compare.
  if (clusterAccount === undefined) return;
  const other = accounts.find((account) => account !== clusterAccount);
  if (other === undefined) return;
  throw new InputError(
    `logs ${path} come from a log group of account ${other}, but cluster '${snapshot.cluster.cluster.name}' is in account ${clusterAccount}`,
  );
}

function regionOf(snapshot: NetworkSnapshot): string | null {
  return clusterArnParts(snapshot.cluster.cluster.arn)?.region ?? null;
}
