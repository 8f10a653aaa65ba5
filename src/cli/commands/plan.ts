import { readKubectlList } from '#adapters/k8s/kubectl-list.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { DEFAULT_RULES_PER_GROUP } from '#app/plan/apply-plan.ts';
import { choiceOf, parseCommandArgs } from '#cli/args.ts';
import { controlPlaneGroupFlag } from '#cli/control-plane-group.ts';
import { type CliIo, type Command, write } from '#cli/io.ts';
import { openLogSource, readDecodedText } from '#cli/log-source.ts';
import { readLogsInto } from '#cli/read-logs.ts';
import { readTextInput } from '#cli/text-files.ts';
import { LIVE_QUERY_OPTIONS } from '#cli/time-flags.ts';
import { InputError } from '#core/errors.ts';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';
import type { ControlPlaneTarget } from '#core/k8s/targets.ts';
import { Classifier } from '#core/logs/classify/classifier.ts';
import { clusterArnParts } from '#core/model/aws-names.ts';
import { buildNetworkModel } from '#core/network/build-model.ts';
import { readNetworkSnapshot } from '#core/network/parse-snapshot.ts';
import type { NetworkSnapshot } from '#core/network/snapshot-schema.ts';
import { computePlan } from '#core/plan/compute-plan.ts';
import { failedCalls } from '#core/plan/failures.ts';
import { flowRecords } from '#core/plan/flow-input.ts';
import type { FlowRecord } from '#core/plan/flow-record.ts';
import { parseDurationText } from '#core/window/duration.ts';
import { PLAN_FORMATS, renderPlan } from '#render/plan/render-plan.ts';

const USAGE = `Usage: eks-sg-advisor plan --network FILE --flow-logs FILE [--registrations FILE] [--logs FILE]
                           [--control-plane-group SG] [--min-window D] [--flow-log-format F]
                           [--format FORMAT]
       eks-sg-advisor plan --cluster NAME (--since D | --start TIME [--end TIME]) [--region R]
                           [--flow-log-group NAME] [--network FILE] [--registrations FILE]
                           [--control-plane-group SG] [--min-window D] [--format FORMAT]

Computes the least-privilege security-group rules between the EKS control plane and the nodes
and pods, from evidence: what is required (EKS's documented minimum, every APIService, admission
and conversion webhook resolved to its pods' target ports), what the VPC Flow Logs show used, and
what the API-server logs show failing. Every rule between the two sides is kept, narrowed to the
ports actually required or used, or revoked when unused; missing required rules are added. A
replay check evaluates every required and observed flow on the result (same AWS semantics as
analyze: stateful groups, stateless network ACLs) and holds back any revoke that would break one.

Options:
  --network FILE              The network snapshot (as written by 'eks-sg-advisor snapshot').
  --flow-logs FILE            VPC Flow Logs records: lines (default format, or any custom format
                              with its header line), the JSON of 'aws logs filter-log-events', or
                              of 'aws logs get-query-results'.
  --flow-log-format FORMAT    The format of records without a header ('\${version} \${srcaddr} ...').
  --registrations FILE        The JSON of 'kubectl get apiservices,validatingwebhookconfigurations,
                              mutatingwebhookconfigurations,customresourcedefinitions,services,
                              endpointslices -A -o json'.
  --logs FILE                 API-server logs (as analyze --logs): calls that time out are required.
  --cluster NAME              Live (without --flow-logs): read the network from AWS, the
                              registrations through the cluster's Kubernetes API, and the flow
                              logs of the window with Logs Insights on the group enable-flow-logs
                              writes. --network and --registrations files replace the first two.
  --since D, --start, --end   Live: the window (at most 30 days; 14d recommended).
  --flow-log-group NAME       Live: the flow-log group (default
                              /eks-sg-advisor/NAME/control-plane-flow-logs).
  --region REGION             Live: overrides the region of the AWS profile or environment.
  --timeout DURATION          Live: give up (and stop the running query) after this long.
  --control-plane-group SG    The group that stands for the control plane in new rules (default:
                              the one the existing node rules use, else the cluster group).
  --min-window DURATION       Flag evidence windows shorter than this (default 7d).
  --apply                     Apply the plan after printing it: refused when the replay check
                              failed or a group would exceed --rules-per-group (default 60);
                              every call is tried with DryRun first (permissions only: that is
                              why the replay check exists); authorizations (tagged with the plan
                              ID) before revokes; the revoked rules are saved first in
                              --state-dir (default .eks-sg-advisor/plans). Re-running is harmless.
  --rollback PLAN_ID          Restore the rules an applied plan revoked and remove those it created.
  --format FORMAT             text (default), markdown (with a Mermaid diagram), json, or the
                              changes only: aws-cli, terraform, cloudformation.
  -h, --help                  Show this help.

Exit status: 0 on success (also when the replay check fails: the report says which flow), 1 when
AWS or the Kubernetes API fails, 2 on unreadable input or bad options.
`;

const OPTIONS = {
  ...LIVE_QUERY_OPTIONS,
  network: { type: 'string' },
  'flow-logs': { type: 'string' },
  'flow-log-format': { type: 'string' },
  registrations: { type: 'string' },
  logs: { type: 'string' },
  'control-plane-group': { type: 'string' },
  'min-window': { type: 'string' },
  format: { type: 'string' },
  'flow-log-group': { type: 'string' },
  apply: { type: 'boolean' },
  rollback: { type: 'string' },
  'state-dir': { type: 'string' },
  'rules-per-group': { type: 'string' },
} as const;

const DAY_MS = 86_400_000;

/** Where applied plans are recorded for `--rollback` (relative to the working directory). */
const DEFAULT_STATE_DIR = '.eks-sg-advisor/plans';

/** `eks-sg-advisor plan`: the least-privilege plan of a cluster, offline. */
export const planCommand: Command = {
  name: 'plan',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseCommandArgs('plan', args, OPTIONS, 0);
    const format = choiceOf('plan', 'format', values.format, PLAN_FORMATS, 'text');
    const stateDir =
      typeof values['state-dir'] === 'string' ? values['state-dir'] : DEFAULT_STATE_DIR;
    if (typeof values.rollback === 'string') {
      const { rollbackFromCli } = await import('#cli/plan-apply.ts');
      await rollbackFromCli(values.rollback, { region: values.region, stateDir }, io);
      return 0;
    }
    const rulesPerGroup = positiveInt(
      values['rules-per-group'],
      'rules-per-group',
      DEFAULT_RULES_PER_GROUP,
    );
    const readRegistrations = async (path: string) =>
      controlPlaneTargets(
        readKubectlList(await readTextInput(path, io.stdin, 'registrations'), path),
      );
    let snapshot: NetworkSnapshot;
    let records: Iterable<FlowRecord>;
    let targets: ControlPlaneTarget[] | null = null;
    let liveNotes: readonly string[] = [];
    if (values['flow-logs'] === undefined && typeof values.cluster === 'string') {
      // Loaded only here: the AWS SDK clients take a while to load and offline needs none.
      const { readLiveEvidence } = await import('#cli/live-plan.ts');
      const live = await readLiveEvidence(
        { ...values, cluster: values.cluster },
        io,
        readRegistrations,
      );
      ({ snapshot, targets, records } = live);
      liveNotes = live.notes;
    } else {
      for (const flag of [
        'since',
        'start',
        'end',
        'region',
        'timeout',
        'flow-log-group',
      ] as const) {
        if (values[flag] !== undefined && !(flag === 'region' && values.apply === true)) {
          throw new InputError(`--${flag} is for live planning (--cluster without --flow-logs)`);
        }
      }
      const networkPath = required(values.network, 'network');
      const flowPath = required(values['flow-logs'], 'flow-logs');
      const stdinUsers = [
        values.network,
        values['flow-logs'],
        values.registrations,
        values.logs,
      ].filter((v) => v === '-');
      if (stdinUsers.length > 1) throw new InputError('only one input can be read from stdin');
      snapshot = readNetworkSnapshot(
        await readTextInput(networkPath, io.stdin, 'network snapshot'),
        networkPath,
      );
      records = flowRecords(await readDecodedText(flowPath, io.stdin), {
        format: typeof values['flow-log-format'] === 'string' ? values['flow-log-format'] : null,
        label: flowPath,
      });
      if (typeof values.registrations === 'string') {
        targets = await readRegistrations(values.registrations);
      }
    }
    if (typeof values.cluster === 'string' && values.cluster !== snapshot.cluster.cluster.name) {
      throw new InputError(
        `the network snapshot is for cluster '${snapshot.cluster.cluster.name}', not '${values.cluster}' (--cluster)`,
      );
    }
    let failures: ReturnType<typeof failedCalls> = [];
    if (typeof values.logs === 'string') {
      const classifier = new Classifier({ referenceTime: systemClock.now() });
      await readLogsInto(await openLogSource(values.logs, io.stdin), classifier, {
        jobs: 1,
        workerScript: null,
      });
      failures = failedCalls(classifier.finish());
    }
    const minWindowMs = minWindowOf(values['min-window']);
    const model = buildNetworkModel(snapshot);
    const computed = computePlan({
      model,
      targets,
      records,
      failures,
      controlPlaneGroup: controlPlaneGroupFlag(values['control-plane-group']),
      minWindowMs,
    });
    const plan = { ...computed, notes: [...liveNotes, ...computed.notes] };
    const region = clusterArnParts(snapshot.cluster.cluster.arn)?.region ?? null;
    await write(io.stdout, renderPlan(plan, format, { region }));
    if (values.apply === true) {
      const { applyFromCli } = await import('#cli/plan-apply.ts');
      await applyFromCli(
        plan,
        model,
        { region: values.region ?? region ?? undefined, stateDir, rulesPerGroup },
        io,
      );
    }
    return 0;
  },
};

function required(value: unknown, flag: string): string {
  if (typeof value === 'string' && value !== '') return value;
  throw new InputError(`--${flag} FILE is required (see 'plan --help')`);
}

function positiveInt(value: unknown, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : 0;
  if (n < 1) throw new InputError(`--${flag} must be a positive integer, got '${String(value)}'`);
  return n;
}

function minWindowOf(value: unknown): number {
  if (value === undefined) return 7 * DAY_MS;
  const ms = typeof value === 'string' ? parseDurationText(value) : null;
  if (ms === null)
    throw new InputError(
      `--min-window must be a duration such as 7d or 336h, got '${String(value)}'`,
    );
  return ms;
}
