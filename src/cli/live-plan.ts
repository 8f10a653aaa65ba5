import { systemClock } from '#adapters/system-clock.ts';
import { fetchWindowEvents } from '#app/pipeline/fetch-window.ts';
import { flowLogGroupName } from '#app/plan/flow-log-sync.ts';
import type { CliIo } from '#cli/io.ts';
import { runQueryCommand } from '#cli/query-run.ts';
import { readTextInput } from '#cli/text-files.ts';
import { windowFromFlags } from '#cli/time-flags.ts';
import { InputError } from '#core/errors.ts';
import { FLOW_LOG_RECORDS_QUERY } from '#core/insights/flow-log-query.ts';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';
import type { ControlPlaneTarget } from '#core/k8s/targets.ts';
import { readNetworkSnapshot } from '#core/network/parse-snapshot.ts';
import type { NetworkSnapshot } from '#core/network/snapshot-schema.ts';
import { flowRecordsOfMessages } from '#core/plan/flow-input.ts';
import type { FlowRecord } from '#core/plan/flow-record.ts';
import { cliAws } from '#wiring/cli.ts';

/** The flags of `plan --cluster` that the live path reads. */
export interface LivePlanFlags {
  readonly cluster: string;
  readonly since?: unknown;
  readonly start?: unknown;
  readonly end?: unknown;
  readonly region?: unknown;
  readonly timeout?: unknown;
  readonly network?: unknown;
  readonly registrations?: unknown;
  readonly 'flow-log-group'?: unknown;
  readonly 'flow-log-format'?: unknown;
}

/** What the live path read. */
export interface LiveEvidence {
  readonly snapshot: NetworkSnapshot;
  readonly targets: ControlPlaneTarget[] | null;
  readonly records: FlowRecord[];
  readonly notes: readonly string[];
}

/**
 * `plan --cluster NAME --since 14d`: reads the network from EKS and EC2, the registrations through
 * the cluster's Kubernetes API, and the flow-log records of the window with Logs Insights on the
 * group `enable-flow-logs` writes (`--flow-log-group` overrides it). `--network` and
 * `--registrations` files replace the first two reads.
 *
 * @throws InputError on bad flags; AwsCallError, QueryFailedError, KubernetesApiError from the reads.
 */
export async function readLiveEvidence(
  flags: LivePlanFlags,
  io: CliIo,
  readRegistrations: (path: string) => Promise<ControlPlaneTarget[]>,
): Promise<LiveEvidence> {
  const window = windowFromFlags(flags, systemClock.now());
  const aws = cliAws(flags.region);
  try {
    const snapshot =
      typeof flags.network === 'string'
        ? readNetworkSnapshot(
            await readTextInput(flags.network, io.stdin, 'network snapshot'),
            flags.network,
          )
        : await aws.network().readSnapshot(flags.cluster);
    const targets =
      typeof flags.registrations === 'string'
        ? await readRegistrations(flags.registrations)
        : controlPlaneTargets(await aws.kubernetes().readClusterObjects(flags.cluster));
    const group =
      typeof flags['flow-log-group'] === 'string'
        ? flags['flow-log-group']
        : flowLogGroupName(flags.cluster);
    const fetched = await runQueryCommand(io, flags.timeout, (options) =>
      fetchWindowEvents(
        { insights: aws.insights(), clock: systemClock },
        { logGroupName: group, queryString: FLOW_LOG_RECORDS_QUERY, window },
        options,
      ),
    );
    const format = flags['flow-log-format'];
    if (format !== undefined && typeof format !== 'string')
      throw new InputError('--flow-log-format takes one value');
    const records = [
      ...flowRecordsOfMessages(
        fetched.events.map((e) => e.message),
        { format: format ?? null, label: group },
      ),
    ];
    const notes = fetched.incomplete.map(
      (gap) =>
        `Logs Insights could not return every record of ${group} in the second starting at ${gap.window.startSec}: flows from it may be missing`,
    );
    return { snapshot, targets, records, notes };
  } finally {
    aws.close();
  }
}
