// `npm run smoke -- --cluster NAME --region R [--publish TOPIC_ARN]`: the opt-in smoke check of a
// real account (scripts/smoke-checks.ts). Read-only but for the one test message to the topic
// named by --publish. Never part of `npm test` or CI. Exit 0 when every check passed, 1 when one
// failed, 2 on bad options.
import '#config/sdk-warning.ts';
import { parseArgs } from 'node:util';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EKSClient } from '@aws-sdk/client-eks';
import { SNSClient } from '@aws-sdk/client-sns';
import { awsClientConfig } from '#adapters/aws/aws-client-config.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { runSmokeChecks, smokeLineText } from './smoke-checks.ts';

const USAGE = 'Usage: npm run smoke -- --cluster NAME --region REGION [--publish TOPIC_ARN]';
const CLUSTER = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const TOPIC = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

function fail(message: string): never {
  process.stderr.write(`smoke: ${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        cluster: { type: 'string' },
        region: { type: 'string' },
        publish: { type: 'string' },
      },
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const { cluster, region, publish } = values;
  if (typeof cluster !== 'string' || !CLUSTER.test(cluster)) fail('--cluster NAME is required');
  if (typeof region !== 'string' || !REGION.test(region)) fail('--region REGION is required');
  if (publish !== undefined && (typeof publish !== 'string' || !TOPIC.test(publish))) {
    fail('--publish must be an SNS topic ARN');
  }
  const config = awsClientConfig({ region, maxAttempts: 3 });
  const clients = {
    eks: new EKSClient(config),
    logs: new CloudWatchLogsClient(awsClientConfig({ region, maxAttempts: 3 })),
    sns: new SNSClient(awsClientConfig({ region, maxAttempts: 3 })),
  };
  const lines = await runSmokeChecks(
    clients,
    { cluster, region, publish: typeof publish === 'string' ? publish : null },
    systemClock,
  );
  for (const line of lines) process.stdout.write(`${smokeLineText(line)}\n`);
  for (const client of Object.values(clients)) client.destroy();
  process.exitCode = lines.some((line) => line.status === 'FAIL') ? 1 : 0;
}

void main();
