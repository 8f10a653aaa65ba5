import { EKSClient } from '@aws-sdk/client-eks';
import { connectToEksCluster } from '#adapters/k8s/connect-eks.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { choiceOf, parseCommandArgs } from '#cli/args.ts';
import { type AuditResult, auditTable, auditToJson } from '#cli/audit-output.ts';
import { clientConfig, clusterNames } from '#cli/aws-options.ts';
import { type CliIo, type Command, write } from '#cli/io.ts';
import { InputError } from '#core/errors.ts';
import { auditTargets } from '#core/k8s/audit.ts';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';

const USAGE = `Usage: eks-sg-advisor audit --cluster NAME [--region REGION] [--format text|json] [--timeout SECONDS]

Reads, through the cluster's Kubernetes API, every APIService backed by a service, every admission
webhook and every CRD conversion webhook, and lists the endpoints the API server dials for each
(pod IP and target port, node, hostNetwork, the pod's own ENI and SecurityGroupPolicies), so the
path from the control plane can be checked before anything fails.

Authenticates like 'aws eks get-token' with your AWS credentials: the IAM principal needs
eks:DescribeCluster and an EKS access entry with read access to these objects (see the README).
Security groups are not evaluated by this command yet: it lists the flows to check.

Options:
  --cluster NAME     The EKS cluster (required).
  --region REGION    Overrides the region of the AWS profile or environment.
  --format FORMAT    text (default): a table and the problems found; json: one JSON document with
                     the targets, the flows to check and the targets with nothing to check.
  --timeout SECONDS  Bound on each Kubernetes API request (default 15).
  -h, --help         Show this help.

Exit status: 0 on success, 1 when AWS or the Kubernetes API fails (an unknown cluster; a 403
names the missing permission), 2 on bad options.
`;

const OPTIONS = {
  cluster: { type: 'string' },
  region: { type: 'string' },
  format: { type: 'string' },
  timeout: { type: 'string' },
} as const;

/** What the audit command builds its clients with (tests pass an EKS client of their own). */
export interface AuditDependencies {
  readonly eksClient: (config: { region?: string }) => EKSClient;
}

/**
 * Builds `eks-sg-advisor audit` over the given dependencies.
 *
 * @example
 * const command = createAuditCommand({ eksClient: (config) => new EKSClient(config) });
 */
export function createAuditCommand(deps: AuditDependencies): Command {
  return {
    name: 'audit',
    summary: 'List the endpoints the control plane calls (Kubernetes API, before anything fails)',
    usage: USAGE,
    async run(args: readonly string[], io: CliIo): Promise<number> {
      const { values } = parseCommandArgs('audit', args, OPTIONS, 0);
      const format = choiceOf('audit', 'format', values.format, ['text', 'json'] as const, 'text');
      const cluster = clusterNames(values.cluster)[0] ?? '';
      const config = clientConfig(values.region);
      const requestTimeoutMs = timeoutOf(values.timeout);
      const eks = deps.eksClient(config);
      let result: AuditResult;
      try {
        result = await auditCluster(eks, cluster, requestTimeoutMs);
      } finally {
        eks.destroy();
      }
      await write(io.stdout, format === 'json' ? auditToJson(result) : auditTable(result));
      return 0;
    },
  };
}

/** `eks-sg-advisor audit`, with real AWS clients. */
export const auditCommand: Command = createAuditCommand({
  eksClient: (config) => new EKSClient(config),
});

async function auditCluster(
  eks: EKSClient,
  cluster: string,
  requestTimeoutMs: number,
): Promise<AuditResult> {
  const connection = await connectToEksCluster({
    eks,
    cluster,
    clock: systemClock,
    requestTimeoutMs,
  });
  try {
    const objects = await connection.reader.readClusterObjects();
    const targets = controlPlaneTargets(objects);
    return {
      cluster,
      region: connection.region,
      endpoint: connection.access.endpoint,
      targets,
      plan: auditTargets(targets),
      securityGroupPoliciesInstalled: objects.securityGroupPolicies !== null,
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
