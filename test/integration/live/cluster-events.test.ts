import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { CloudWatchLogsInsights } from '#adapters/aws/cloudwatch-logs-insights.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { fetchClusterEvents } from '#app/pipeline/read-events.ts';
import { LoggingNotEnabledError } from '#core/errors.ts';
import { classifyEvents } from '#core/logs/classify/classifier.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { API_STREAM, AUDIT_STREAM, klogTime, seedClusterLogs } from '#test/helpers/moto-logs.ts';

const NOW = Date.now();
// A window of whole seconds ten minutes back: [START, END).
const START = Math.floor(NOW / 1000) - 600;
const END = START + 120;

function deps() {
  return {
    insights: new CloudWatchLogsInsights(new CloudWatchLogsClient(testClientConfig)),
    clock: systemClock,
  };
}

describe('fetchClusterEvents against moto_server', () => {
  it('returns the seeded API-server events of the window, oldest first, read from epoch-ms @timestamp', async () => {
    // Prepare
    const logs = new CloudWatchLogsClient(testClientConfig);
    const at = (offsetMs: number): number => START * 1000 + offsetMs;
    const timeout = `E${klogTime(at(1_000))}      10 remote_available_controller.go:448] "Unhandled Error" err="v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.0.12.45:10251/apis/metrics.k8s.io/v1beta1: Get \\"https://10.0.12.45:10251/apis/metrics.k8s.io/v1beta1\\": dial tcp 10.0.12.45:10251: i/o timeout" logger="UnhandledError"`;
    await seedClusterLogs(logs, 'demo', {
      [API_STREAM]: [
        { timestamp: at(-1), message: 'I0101 before the window' },
        { timestamp: at(0), message: 'I0101 first instant of the window' },
        { timestamp: at(1_000), message: timeout },
        { timestamp: at(119_999), message: 'I0101 last millisecond of the window' },
        { timestamp: at(120_000), message: 'I0101 first instant of the next window' },
      ],
      [AUDIT_STREAM]: [{ timestamp: at(5_000), message: '{"kind":"Event","verb":"get"}' }],
    });
    // Act
    const result = await fetchClusterEvents(deps(), {
      cluster: 'demo',
      window: { startSec: START, endSec: END },
    });
    // Assess: the query named the API-server stream DescribeLogStreams listed, not the audit one
    expect(result.streams).toEqual([API_STREAM]);
    // moto ignores the query's filters (audit stream and non-marker lines come back); the
    // TypeScript side drops the audit stream and the instants outside [START, END).
    expect(result.events.map((e) => [e.message.slice(0, 40), e.stream, e.timestamp])).toEqual([
      ['I0101 first instant of the window', API_STREAM, at(0)],
      [timeout.slice(0, 40), API_STREAM, at(1_000)],
      ['I0101 last millisecond of the window', API_STREAM, at(119_999)],
    ]);
    expect(result.statistics).toEqual({
      queries: 1,
      unreported: 1,
      recordsScanned: 0,
      recordsMatched: 0,
      bytesScanned: 0,
    });
    const findings = classifyEvents(result.events, { referenceTime: NOW });
    expect(findings.map((f) => [f.kind, f.name, f.ip, f.port, f.error])).toEqual([
      ['apiservice-availability', 'v1beta1.metrics.k8s.io', '10.0.12.45', 10251, 'timeout'],
    ]);
  });

  it('reads consecutive windows so that each event is delivered by exactly one', async () => {
    // Prepare
    const logs = new CloudWatchLogsClient(testClientConfig);
    const events = Array.from({ length: 40 }, (_, i) => ({
      timestamp: START * 1000 + i * 3_000 + (i % 3) * 500,
      message: `I0101 event ${i}`,
    }));
    await seedClusterLogs(logs, 'tiles', { [API_STREAM]: events });
    // Act
    const windows = [
      { startSec: START, endSec: START + 30 },
      { startSec: START + 30, endSec: START + 31 },
      { startSec: START + 31, endSec: START + 120 },
    ];
    const read = [];
    for (const window of windows)
      read.push(...(await fetchClusterEvents(deps(), { cluster: 'tiles', window })).events);
    // Assess
    expect(read.map((e) => e.message)).toEqual(events.map((e) => e.message));
  });

  it('points to enable-logging when the cluster has no log group', async () => {
    // Act
    const act = fetchClusterEvents(deps(), {
      cluster: 'silent',
      window: { startSec: START, endSec: END },
    });
    // Assess
    await expect(act).rejects.toThrow(LoggingNotEnabledError);
    await expect(act).rejects.toThrow("run 'eks-sg-advisor enable-logging --cluster silent'");
  });
});
