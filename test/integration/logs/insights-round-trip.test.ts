import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  GetQueryResultsCommand,
  PutLogEventsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { classifyEvents } from '#core/logs/classify/classifier.ts';
import { testClientConfig } from '#test/helpers/aws.ts';

const CLUSTER = 'demo';
const GROUP = `/aws/eks/${CLUSTER}/cluster`;
const STREAM = 'kube-apiserver-0123456789abcdef0123456789abcdef';

describe('Logs Insights round trip through moto_server', () => {
  it('classifies apiserver lines written with PutLogEvents and read back with StartQuery', async () => {
    // Prepare
    const logs = new CloudWatchLogsClient(testClientConfig);
    await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: STREAM }));
    const now = Date.now();
    const t = new Date(now - 60_000);
    const klog = (ms: number): string => {
      const d = new Date(now - 60_000 + ms);
      const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
      return `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000`;
    };
    const messages = [
      `E${klog(0)}      10 remote_available_controller.go:448] "Unhandled Error" err="v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.0.12.45:10251/apis/metrics.k8s.io/v1beta1: Get \\"https://10.0.12.45:10251/apis/metrics.k8s.io/v1beta1\\": dial tcp 10.0.12.45:10251: i/o timeout" logger="UnhandledError"`,
      `I${klog(1000)}      10 dialer.go:35] [5a5a: 10.0.33.17:9443] Dialing...`,
      `W${klog(11000)}      10 dispatcher.go:217] Failed calling webhook, failing closed vingress.elbv2.k8s.aws: failed calling webhook "vingress.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/validate?timeout=10s": context deadline exceeded`,
      `I${klog(12000)}      10 httplog.go:132] "HTTP" verb="GET" URI="/readyz" srcIP="10.0.0.12:41234" resp=200`,
    ];
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: STREAM,
        logEvents: messages.map((message, i) => ({ message, timestamp: t.getTime() + i * 1000 })),
      }),
    );

    // Act
    const { queryId } = await logs.send(
      new StartQueryCommand({
        logGroupName: GROUP,
        startTime: Math.floor((now - 120_000) / 1000),
        endTime: Math.ceil(now / 1000),
        queryString: 'fields @timestamp, @logStream, @message | sort @timestamp asc | limit 10000',
      }),
    );
    const results = await logs.send(new GetQueryResultsCommand({ queryId }));
    const events = (results.results ?? []).map((row) => {
      const field = (name: string): string => row.find((cell) => cell.field === name)?.value ?? '';
      return {
        message: field('@message'),
        stream: field('@logStream'),
        timestamp: Number(field('@timestamp')),
      };
    });
    const findings = classifyEvents(events, { referenceTime: now });

    // Assess
    expect(results.status).toBe('Complete');
    expect(events).toHaveLength(4);
    expect(findings.map((f) => [f.kind, f.name, f.ip, f.port, f.error])).toEqual([
      ['apiservice-availability', 'v1beta1.metrics.k8s.io', '10.0.12.45', 10251, 'timeout'],
      ['webhook-admission', 'vingress.elbv2.k8s.aws', null, 443, 'timeout'],
    ]);
    const webhook = findings[1];
    expect(webhook?.kind === 'webhook-admission' ? webhook.dial : null).toMatchObject({
      ip: '10.0.33.17',
      port: 9443,
      outcome: 'stalled',
    });
  });
});
