import { parseCommandArgs } from '#cli/args.ts';
import { type CliIo, type Command, write } from '#cli/io.ts';
import { writeFileAtomically } from '#cli/text-files.ts';
import { InputError } from '#core/errors.ts';
import { CLUSTER_NAME } from '#core/model/aws-names.ts';
import { jsonText, messageValue } from '#render/escape.ts';
import { cliAws } from '#wiring/cli.ts';

const USAGE = `Usage: eks-sg-advisor snapshot --cluster NAME [--region REGION] [--out FILE]

Writes the network snapshot of an EKS cluster from the live APIs: EKS DescribeCluster, EC2
DescribeNetworkInterfaces for the cluster's VPC, DescribeSecurityGroupRules and
DescribeSecurityGroups for every group seen, and the managed prefix lists the rules refer to.
Credentials, region and endpoint come from the usual AWS settings (AWS_PROFILE, AWS_REGION,
AWS_ENDPOINT_URL, ...), as for the AWS CLI.

Options:
  --cluster NAME   The EKS cluster.
  --region REGION  The region (default: the AWS SDK's, e.g. AWS_REGION or the profile's).
  --out FILE       Write to FILE (atomically: a temporary file renamed into place) instead of
                   stdout.
  -h, --help       Show this help.

Exit status: 0 on success, 1 when an AWS call fails, 2 on bad options.
`;

const OPTIONS = {
  cluster: { type: 'string' },
  region: { type: 'string' },
  out: { type: 'string' },
} as const;

/** `eks-sg-advisor snapshot`: the network snapshot of a cluster, from the AWS APIs. */
export const snapshotCommand: Command = {
  name: 'snapshot',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseCommandArgs('snapshot', args, OPTIONS, 0);
    const cluster = values.cluster;
    if (typeof cluster !== 'string' || !CLUSTER_NAME.test(cluster)) {
      throw new InputError(
        cluster === undefined
          ? "--cluster NAME is required (see 'snapshot --help')"
          : `--cluster ${messageValue(String(cluster), 100)} is not an EKS cluster name`,
      );
    }
    const aws = cliAws(values.region);
    try {
      await aws.region();
      const snapshot = await aws.network().readSnapshot(cluster);
      // Descriptions and tags are free text: no bidi or separator character is written raw.
      const text = `${jsonText(snapshot, 2)}\n`;
      if (typeof values.out === 'string') await writeFileAtomically(values.out, text);
      else await write(io.stdout, text);
      return 0;
    } finally {
      aws.close();
    }
  },
};
