import { choiceOf, clusterNames, parseCommandArgs } from '#cli/args.ts';
import { type CliIo, type Command, write } from '#cli/io.ts';
import { readTextInput } from '#cli/text-files.ts';
import { auditReport } from '#core/audit-report.ts';
import { InputError } from '#core/errors.ts';
import type { NetworkReader } from '#core/gateways.ts';
import { auditTargets } from '#core/k8s/audit-plan.ts';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';
import { buildNetworkModel } from '#core/network/build-model.ts';
import { readNetworkSnapshot } from '#core/network/parse-snapshot.ts';
import { type AuditResult, auditText, auditToJson } from '#render/cli-output/audit-table.ts';
import { REPORT_FORMATS, renderReport } from '#render/report/render-report.ts';
import { type CliAws, cliAws } from '#wiring/cli.ts';

const USAGE = `Usage: eks-sg-advisor audit --cluster NAME [--region REGION] [--network FILE] [--format FORMAT]
                            [--timeout SECONDS]

Reads, through the cluster's Kubernetes API, every APIService backed by a service, every admission
webhook and every CRD conversion webhook, finds the endpoints the API server dials for each (pod
IP and target port, node, hostNetwork, the pod's own ENI and SecurityGroupPolicies), and checks
the path from the control plane to each with the cluster's security groups, before anything
fails. Blocked paths get the same minimal rules 'analyze' proposes.

Authenticates like 'aws eks get-token' with your AWS credentials: the IAM principal needs
eks:DescribeCluster, the EC2 Describe* calls of 'snapshot' (unless --network is given), and an
EKS access entry with read access to these objects (see the README).

Options:
  --cluster NAME     The EKS cluster (required).
  --region REGION    Overrides the region of the AWS profile or environment.
  --network FILE     A network snapshot to check against, instead of reading it from AWS.
  --format FORMAT    text (default): the targets and their endpoints, then the verdicts and the
                     rules; json: the report ('analyze --format json') plus an "audit" object with
                     the targets and flows; markdown; or only the fixes: aws-cli, terraform,
                     cloudformation.
  --timeout SECONDS  Bound on each Kubernetes API request (default 15).
  -h, --help         Show this help.

Exit status: 0 on success, 1 when AWS or the Kubernetes API fails (an unknown cluster; a 403
names the missing permission), 2 on bad options.
`;

const OPTIONS = {
  cluster: { type: 'string' },
  region: { type: 'string' },
  network: { type: 'string' },
  format: { type: 'string' },
  timeout: { type: 'string' },
} as const;

/** What the audit command builds its adapters with (tests point EKS at a local API server). */
export interface AuditDependencies {
  readonly aws: (region: unknown) => CliAws;
}

/**
 * Builds `eks-sg-advisor audit` over the given dependencies.
 *
 * @example
 * const command = createAuditCommand({ aws: cliAws });
 */
export function createAuditCommand(deps: AuditDependencies): Command {
  return {
    name: 'audit',
    usage: USAGE,
    async run(args: readonly string[], io: CliIo): Promise<number> {
      const { values } = parseCommandArgs('audit', args, OPTIONS, 0);
      const format = choiceOf('audit', 'format', values.format, REPORT_FORMATS, 'text');
      const cluster = clusterNames(values.cluster)[0] ?? '';
      const aws = deps.aws(values.region);
      const requestTimeoutMs = timeoutOf(values.timeout);
      const snapshotFile =
        typeof values.network === 'string'
          ? readNetworkSnapshot(
              await readTextInput(values.network, io.stdin, 'network snapshot'),
              values.network,
            )
          : null;
      if (snapshotFile && snapshotFile.cluster.cluster.name !== cluster) {
        throw new InputError(
          `network snapshot ${String(values.network)} is for cluster '${snapshotFile.cluster.cluster.name}', not '${cluster}' (--cluster)`,
        );
      }
      const network: NetworkReader = snapshotFile
        ? { readSnapshot: async () => snapshotFile }
        : aws.network();
      let result: AuditResult;
      try {
        result = await auditCluster(aws, network, cluster, requestTimeoutMs);
      } finally {
        aws.close();
      }
      const text =
        format === 'json'
          ? auditToJson(result)
          : format === 'text'
            ? auditText(result)
            : renderReport(result.report, format, { region: result.region });
      await write(io.stdout, text);
      return 0;
    },
  };
}

/** `eks-sg-advisor audit`, with real AWS clients. */
export const auditCommand: Command = createAuditCommand({ aws: cliAws });

async function auditCluster(
  aws: CliAws,
  network: NetworkReader,
  cluster: string,
  requestTimeoutMs: number,
): Promise<AuditResult> {
  const connection = await aws.connectEks(cluster, requestTimeoutMs);
  try {
    const objects = await connection.reader.readClusterObjects();
    const targets = controlPlaneTargets(objects);
    const plan = auditTargets(targets);
    const model = buildNetworkModel(await network.readSnapshot(cluster));
    return {
      cluster,
      region: connection.region,
      endpoint: connection.access.endpoint,
      targets,
      plan,
      securityGroupPoliciesInstalled: objects.securityGroupPolicies !== null,
      report: auditReport(plan, model),
    };
  } finally {
    connection.close();
  }
}

function timeoutOf(value: unknown): number {
  if (value === undefined) return 15_000;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 300) {
    throw new InputError(
      `--timeout must be a number of seconds from 1 to 300 (got '${String(value)}')`,
    );
  }
  return Math.ceil(seconds * 1000);
}
