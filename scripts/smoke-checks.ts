import {
  type CloudWatchLogsClient,
  DescribeLogStreamsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeClusterCommand, type EKSClient } from '@aws-sdk/client-eks';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { awsErrorSummary } from '#adapters/aws/aws-error.ts';
import { CloudWatchLogsInsights } from '#adapters/aws/cloudwatch-logs-insights.ts';
import { runInsightsQuery } from '#app/pipeline/run-query.ts';
import type { Clock } from '#core/gateways.ts';
import { APISERVER_EVENTS_QUERY, apiServerEventsQuery } from '#core/insights/apiserver-query.ts';
import { fieldOf } from '#core/logs/read/insights-rows.ts';
import { clusterLogGroupName } from '#core/model/aws-names.ts';

/** The clients the smoke check reads with (SNS only with `publish`). */
export interface SmokeClients {
  readonly eks: EKSClient;
  readonly logs: CloudWatchLogsClient;
  readonly sns: SNSClient;
}

/** What to check. */
export interface SmokeOptions {
  readonly cluster: string;
  readonly region: string;
  /** A topic to send one test message to; nothing is published without it. */
  readonly publish: string | null;
}

/** One checked assumption: `ok`, `FAIL`, or `note` (a fact worth knowing, not a failure). */
export interface SmokeLine {
  readonly status: 'ok' | 'FAIL' | 'note';
  readonly assumption: string;
  readonly detail: string;
}

const API_STREAM = /^kube-apiserver-[0-9a-f]{32}$/;
const AUDIT_STREAM = /^kube-apiserver-audit-[0-9a-f]{32}$/;
const DIALER = /\] (Dialing\.\.\.|Dialed in )/;

/**
 * The opt-in smoke check of a real account: read-only calls that test what the deployed app
 * assumes and an emulator cannot show. DescribeCluster (the cluster exists, api logging on),
 * DescribeLogStreams (the stream names the query filters on), one Logs Insights run of the
 * project's query over the last minute (its syntax is accepted; the bytes it scanned; whether
 * this Kubernetes version writes the EKS dialer lines), and with `publish` one test message to
 * that topic (the only write, to the resource named). A failed call is a `FAIL` line, never a throw.
 *
 * @example
 * for (const line of await runSmokeChecks(clients, { cluster: 'prod', region: 'eu-west-1', publish: null }, systemClock)) print(line);
 */
export async function runSmokeChecks(
  clients: SmokeClients,
  options: SmokeOptions,
  clock: Clock,
): Promise<SmokeLine[]> {
  const lines: SmokeLine[] = [];
  const step = async (assumption: string, check: () => Promise<SmokeLine[]>): Promise<void> => {
    try {
      lines.push(...(await check()));
    } catch (error) {
      lines.push({ status: 'FAIL', assumption, detail: awsErrorSummary(error) });
    }
  };
  await step('cluster readable', () => describeCluster(clients.eks, options.cluster));
  const group = clusterLogGroupName(options.cluster);
  await step('stream names as expected', () => streamNames(clients.logs, group));
  await step('query syntax accepted', () => oneMinuteQuery(clients.logs, group, clock));
  await step('@logStream indexed', () => streamIndexCheck(clients.logs, group, clock));
  if (options.publish !== null) {
    const topic = options.publish;
    await step('test message published', () => publishTest(clients.sns, topic, options, clock));
  }
  return lines;
}

/**
 * One line of the smoke output: `ok   <assumption>: <detail>`.
 *
 * @example
 * smokeLineText({ status: 'ok', assumption: 'query syntax accepted', detail: 'Complete, 0 rows' });
 */
export function smokeLineText(line: SmokeLine): string {
  return `${line.status.padEnd(4)} ${line.assumption}: ${line.detail}`;
}

async function describeCluster(eks: EKSClient, name: string): Promise<SmokeLine[]> {
  const { cluster } = await eks.send(new DescribeClusterCommand({ name }));
  const api = (cluster?.logging?.clusterLogging ?? []).some(
    (entry) => entry.enabled === true && (entry.types ?? []).includes('api'),
  );
  return [
    {
      status: 'ok',
      assumption: 'cluster readable',
      detail: `${name} is ${cluster?.status ?? 'UNKNOWN'}, Kubernetes ${cluster?.version ?? 'unknown'}`,
    },
    {
      status: api ? 'ok' : 'FAIL',
      assumption: 'api logging enabled',
      detail: api ? 'the api log type is on' : 'the api log type is off: run enable-logging',
    },
  ];
}

async function streamNames(logs: CloudWatchLogsClient, group: string): Promise<SmokeLine[]> {
  const { logStreams } = await logs.send(
    new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: 'kube-apiserver-' }),
  );
  const names = (logStreams ?? []).map((stream) => stream.logStreamName ?? '');
  const api = names.filter((name) => API_STREAM.test(name));
  const audit = names.filter((name) => AUDIT_STREAM.test(name));
  const other = names.filter((name) => !API_STREAM.test(name) && !AUDIT_STREAM.test(name));
  const ok = api.length > 0 && other.length === 0;
  return [
    {
      status: ok ? 'ok' : 'FAIL',
      assumption: 'stream names as expected',
      detail: `${api.length} kube-apiserver-<32 hex> stream(s), ${audit.length} audit stream(s)${other.length > 0 ? `, unexpected: ${other.slice(0, 3).join(', ')}` : ''}${api.length === 0 ? ', no API-server stream' : ''}`,
    },
  ];
}

async function oneMinuteQuery(
  logs: CloudWatchLogsClient,
  group: string,
  clock: Clock,
): Promise<SmokeLine[]> {
  const end = Math.floor(clock.now() / 1000);
  const outcome = await runInsightsQuery(
    { insights: new CloudWatchLogsInsights(logs), clock },
    {
      logGroupName: group,
      queryString: APISERVER_EVENTS_QUERY,
      startTime: end - 60,
      endTime: end,
      limit: 10_000,
    },
    { deadline: clock.now() + 120_000, maxQuotaRetries: 2 },
  );
  const dialer = outcome.rows.filter((row) => DIALER.test(fieldOf(row, '@message') ?? '')).length;
  const scanned = outcome.statistics;
  return [
    {
      status: 'ok',
      assumption: 'query syntax accepted',
      detail: `the project's query ran on the last minute: Complete, ${outcome.rows.length} row(s)`,
    },
    {
      status: 'note',
      assumption: 'EKS dialer lines',
      detail:
        dialer > 0
          ? `present (${dialer} in the last minute): webhook timeouts that name only a service can be tied to a pod`
          : 'absent in the last minute (this version may not write them, or nothing was dialled)',
    },
    {
      status: scanned === null ? 'FAIL' : 'ok',
      assumption: 'scanned bytes reported',
      detail:
        scanned === null
          ? 'the service reported no statistics'
          : `${scanned.bytesScanned} bytes, ${scanned.recordsScanned} records scanned for one minute`,
    },
  ];
}

/**
 * The scheduled query names the API-server streams with `filterIndex @logStream in [...]`, which
 * reads only log groups where `@logStream` is indexed (a default index of Standard-class log
 * groups; `enable-logging --index-log-stream` adds a policy). Where it is not, that query would
 * return nothing: compare its count of the last five minutes with a plain `filter` of the same
 * streams.
 */
async function streamIndexCheck(
  logs: CloudWatchLogsClient,
  group: string,
  clock: Clock,
): Promise<SmokeLine[]> {
  const { logStreams } = await logs.send(
    new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: 'kube-apiserver-' }),
  );
  const names = (logStreams ?? [])
    .map((stream) => stream.logStreamName ?? '')
    .filter((name) => API_STREAM.test(name));
  const filtered = apiServerEventsQuery(names);
  if (names.length === 0 || filtered === APISERVER_EVENTS_QUERY) {
    return [
      {
        status: 'note',
        assumption: '@logStream indexed',
        detail: 'no API-server stream to name: not checked',
      },
    ];
  }
  const list = names.map((name) => `"${name}"`).join(', ');
  const end = Math.floor(clock.now() / 1000);
  const count = async (selector: string): Promise<number> => {
    const outcome = await runInsightsQuery(
      { insights: new CloudWatchLogsInsights(logs), clock },
      {
        logGroupName: group,
        queryString: `fields @timestamp\n| ${selector} @logStream in [${list}]\n| stats count(*) as n`,
        startTime: end - 300,
        endTime: end,
        limit: 1,
      },
      { deadline: clock.now() + 120_000, maxQuotaRetries: 2 },
    );
    return Number(fieldOf(outcome.rows[0] ?? [], 'n') ?? 0);
  };
  const indexed = await count('filterIndex');
  const all = await count('filter');
  if (all === 0) {
    return [
      {
        status: 'note',
        assumption: '@logStream indexed',
        detail: 'no API-server event in the last 5 minutes: not checked',
      },
    ];
  }
  return [
    {
      status: indexed >= all ? 'ok' : 'FAIL',
      assumption: '@logStream indexed',
      detail:
        indexed >= all
          ? `filterIndex read all ${all} event(s) of the API-server streams in the last 5 minutes`
          : `filterIndex read ${indexed} of ${all} event(s): @logStream is not indexed here; run enable-logging --index-log-stream before relying on the scheduled query`,
    },
  ];
}

async function publishTest(
  sns: SNSClient,
  topicArn: string,
  options: SmokeOptions,
  clock: Clock,
): Promise<SmokeLine[]> {
  const at = new Date(clock.now()).toISOString();
  const text = `eks-sg-advisor smoke test of ${options.cluster} (${options.region}) at ${at}: no action needed.`;
  const chatbot = {
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title: ':white_check_mark: eks-sg-advisor smoke test',
      description: text,
      nextSteps: ['No action needed.'],
      keywords: ['EKS', 'smoke-test'],
    },
  };
  // No `notificationId` attribute: the notifySlack subscription's filter policy skips it.
  const { MessageId } = await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Subject: '[eks-sg-advisor] smoke test',
      MessageStructure: 'json',
      Message: JSON.stringify({
        default: JSON.stringify(chatbot),
        email: text,
        sqs: JSON.stringify({ schema: 'eks-sg-advisor/smoke-test@1', text }),
        lambda: JSON.stringify({ schema: 'eks-sg-advisor/smoke-test@1', text }),
      }),
      MessageAttributes: { severity: { DataType: 'String', StringValue: 'info' } },
    }),
  );
  return [
    {
      status: 'ok',
      assumption: 'test message published',
      detail: `message ${MessageId ?? '?'} to ${topicArn}`,
    },
  ];
}
