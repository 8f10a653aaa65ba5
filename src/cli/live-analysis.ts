import { systemClock } from '#adapters/system-clock.ts';
import { runClusterOnce } from '#app/pipeline/run-cluster.ts';
import { clusterNames } from '#cli/args.ts';
import { controlPlaneGroupFlag } from '#cli/control-plane-group.ts';
import type { CliIo } from '#cli/io.ts';
import { runQueryCommand } from '#cli/query-run.ts';
import { readTextInput } from '#cli/text-files.ts';
import { windowFromFlags } from '#cli/time-flags.ts';
import type { AnalysisPolicy } from '#core/build-report.ts';
import { InputError } from '#core/errors.ts';
import type { NetworkReader } from '#core/gateways.ts';
import type { Report } from '#core/model/report.ts';
import { readNetworkSnapshot } from '#core/network/parse-snapshot.ts';
import { type CliAws, cliAws } from '#wiring/cli.ts';

/** The flags of a live `analyze`. */
interface LiveFlags {
  readonly cluster?: unknown;
  readonly network?: unknown;
  readonly since?: unknown;
  readonly start?: unknown;
  readonly end?: unknown;
  readonly region?: unknown;
  readonly timeout?: unknown;
  readonly kubernetes?: unknown;
  readonly audit?: unknown;
  readonly 'control-plane-group'?: unknown;
}

/**
 * `analyze --cluster NAME --since D`: asks wiring for the AWS adapters (default credential chain,
 * so `AWS_PROFILE`, `AWS_REGION` and `AWS_ENDPOINT_URL` work as with the AWS CLI) and runs the
 * cluster through the pipeline ({@link runClusterOnce}: fixed window, alerts off, no stores), with
 * the query's progress on stderr. A `--network FILE` replaces the live snapshot.
 *
 * @throws InputError on bad flags or an unreadable or mismatched snapshot; AWS errors as is.
 */
export async function analyzeLive(
  flags: LiveFlags,
  io: CliIo,
  policy: AnalysisPolicy = {},
): Promise<{ readonly report: Report; readonly region: string | null }> {
  const [cluster, ...others] = clusterNames(flags.cluster);
  if (cluster === undefined || others.length > 0) {
    throw new InputError('live analysis takes exactly one --cluster');
  }
  const window = windowFromFlags(flags, systemClock.now());
  const aws = cliAws(flags.region);
  const network = await networkReader(flags.network, cluster, io, aws);
  const audit = flags.audit === true;
  const deps = {
    insights: aws.insights(),
    network,
    kubernetes: aws.kubernetes(),
    clock: systemClock,
  };
  const { report } = await runQueryCommand(io, flags.timeout, (options) =>
    runClusterOnce(
      deps,
      {
        cluster,
        window,
        kubernetes: audit ? 'audit' : flags.kubernetes === true ? 'resolve' : 'off',
        // Asked for by a person: a Kubernetes API that cannot be read fails the command loudly.
        targetsFailure: 'throw',
        policy,
        controlPlaneGroup: controlPlaneGroupFlag(flags['control-plane-group']),
      },
      options,
    ),
  );
  return { report, region: await aws.region() };
}

async function networkReader(
  path: unknown,
  cluster: string,
  io: CliIo,
  aws: CliAws,
): Promise<NetworkReader> {
  if (path === undefined) return aws.network();
  if (typeof path !== 'string' || path === '') throw new InputError('--network FILE takes a file');
  const snapshot = readNetworkSnapshot(
    await readTextInput(path, io.stdin, 'network snapshot'),
    path,
  );
  if (snapshot.cluster.cluster.name !== cluster) {
    throw new InputError(
      `network snapshot ${path} is for cluster '${snapshot.cluster.cluster.name}', not '${cluster}' (--cluster)`,
    );
  }
  return { readSnapshot: async () => snapshot };
}
