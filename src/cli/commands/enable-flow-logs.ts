import {
  DEFAULT_FLOW_LOG_RETENTION_DAYS,
  type FlowLogSyncResult,
  PLANNER_FLOW_FORMAT,
  syncFlowLogs,
} from '#app/plan/flow-log-sync.ts';
import { choiceOf, parseCommandArgs } from '#cli/args.ts';
import { type CliIo, type Command, write } from '#cli/io.ts';
import { InputError } from '#core/errors.ts';
import { ROLE_ARN } from '#core/model/aws-names.ts';
import { buildNetworkModel } from '#core/network/build-model.ts';
import { parseRetentionDays } from '#core/run/retention-days.ts';
import { plainText } from '#render/escape.ts';
import { cliAws } from '#wiring/cli.ts';

const USAGE = `Usage: eks-sg-advisor enable-flow-logs --cluster NAME --role-arn ARN [--region REGION]
                                       [--retention-days N] [--log-group NAME] [--format text|json]

Opt-in evidence for 'plan': turns on VPC Flow Logs for the cluster's control-plane interfaces only
(the X-ENIs described 'Amazon EKS NAME'), all traffic, 60-second aggregation, into a CloudWatch
Logs group with bounded retention, in the planner's custom format:
  ${PLANNER_FLOW_FORMAT}
(pkt-srcaddr/pkt-dstaddr find pods by their own address; tcp-flags and flow-direction tell who
opened each connection). Run it again after a cluster upgrade: EKS replaces its interfaces, and
the flow logs are re-synced (new interfaces covered, those of removed interfaces deleted).

Cost: flow logs to CloudWatch Logs are billed as vended logs at delivery (us-east-1: $0.50/GB for
the first 10 TB), then storage ($0.03/GB-month) and Logs Insights scans ($0.005/GB). The X-ENIs
carry only the control plane's traffic (kubelets' watches, webhooks, APIService calls), a small
fraction of a VPC-wide flow log. Check the figures on the CloudWatch pricing page.

Options:
  --cluster NAME        The cluster.
  --role-arn ARN        The IAM role VPC Flow Logs delivers with (trusted by
                        vpc-flow-logs.amazonaws.com, allowed logs:CreateLogStream, PutLogEvents,
                        DescribeLogGroups, DescribeLogStreams on the group).
  --retention-days N    Retention of the log group (default ${DEFAULT_FLOW_LOG_RETENTION_DAYS}).
  --log-group NAME      The log group (default /eks-sg-advisor/NAME/control-plane-flow-logs).
  --region REGION       Overrides the region of the AWS profile or environment.
  --format FORMAT       text (default) or json.
  -h, --help            Show this help.

Exit status: 0 when every X-ENI has a flow log, 1 when AWS fails or refuses one, 2 on bad options.
`;

const OPTIONS = {
  cluster: { type: 'string' },
  'role-arn': { type: 'string' },
  'retention-days': { type: 'string' },
  'log-group': { type: 'string' },
  region: { type: 'string' },
  format: { type: 'string' },
} as const;

/** `eks-sg-advisor enable-flow-logs`: flow logs on a cluster's control-plane interfaces. */
export const enableFlowLogsCommand: Command = {
  name: 'enable-flow-logs',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseCommandArgs('enable-flow-logs', args, OPTIONS, 0);
    const format = choiceOf('enable-flow-logs', 'format', values.format, ['text', 'json'], 'text');
    const cluster = values.cluster;
    if (typeof cluster !== 'string' || cluster === '')
      throw new InputError('--cluster NAME is required');
    const roleArn = values['role-arn'];
    if (typeof roleArn !== 'string' || !ROLE_ARN.test(roleArn)) {
      throw new InputError(`--role-arn must be an IAM role ARN, got '${String(roleArn ?? '')}'`);
    }
    const retentionDays =
      values['retention-days'] === undefined
        ? DEFAULT_FLOW_LOG_RETENTION_DAYS
        : parseRetentionDays(String(values['retention-days']));
    const aws = cliAws(values.region);
    const snapshot = await aws.network().readSnapshot(cluster);
    const xeniIds = buildNetworkModel(snapshot).controlPlaneEnis.map((eni) => eni.id);
    if (xeniIds.length === 0) {
      throw new InputError(
        `cluster ${cluster} has no control-plane interface (Amazon EKS ${cluster}) in its VPC`,
      );
    }
    const result = await syncFlowLogs(
      {
        flowLogs: aws.flowLogs(),
        logs: aws.logRetention(),
      },
      {
        cluster,
        xeniIds,
        roleArn,
        retentionDays,
        ...(typeof values['log-group'] === 'string' ? { logGroupName: values['log-group'] } : {}),
      },
    );
    await write(
      io.stdout,
      format === 'json' ? `${JSON.stringify({ cluster, ...result })}\n` : textOf(cluster, result),
    );
    return result.refused.length > 0 ? 1 : 0;
  },
};

function textOf(cluster: string, r: FlowLogSyncResult): string {
  const retention =
    r.retention.state === 'set' || r.retention.state === 'kept'
      ? `retention ${r.retention.days} days`
      : `retention ${r.retention.state}`;
  const lines = [
    `${cluster}: flow logs of the control-plane interfaces into ${r.logGroupName} (${retention})`,
    ...r.created.map((id) => `  created ${id}`),
    ...r.kept.map((id) => `  kept the flow log of ${id}`),
    ...r.deleted.map((id) => `  deleted ${id} (interface replaced, or another format)`),
    ...r.refused.map((f) => `  REFUSED for ${f.resourceId}: ${f.message}`),
  ];
  return `${lines.map(plainText).join('\n')}\n`;
}
