import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { CloudWatchLogsInsights } from '#adapters/aws/cloudwatch-logs-insights.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { fetchClusterEvents } from '#app/pipeline/read-events.ts';
import { type QueryProgress, runInsightsQuery } from '#app/pipeline/run-query.ts';
import { AwsCallError, QueryAbortedError } from '#core/errors.ts';
import { APISERVER_EVENTS_QUERY } from '#core/insights/apiserver-query.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { runCliCaptured } from '#test/helpers/cli-io.ts';
import { expectErrorLine } from '#test/helpers/error-line.ts';
import { throughProxy, withEndpoint } from '#test/helpers/fault-clients.ts';
import { FaultProxy } from '#test/helpers/fault-proxy.ts';
import { API_STREAM, klogTime, seedClusterLogs } from '#test/helpers/moto-logs.ts';
import { failOnUnhandledRejections } from '#test/helpers/unhandled-rejections.ts';

failOnUnhandledRejections();

const NOW = Date.now();
const START = Math.floor(NOW / 1000) - 600;
const WINDOW = { startSec: START, endSec: START + 300 };
const LOG_GROUP = '/aws/eks/shop/cluster';

let proxy: FaultProxy;

beforeEach(async () => {
  proxy = await FaultProxy.start(inject('motoEndpoint'));
  const at = (offsetMs: number): number => START * 1000 + offsetMs;
  await seedClusterLogs(new CloudWatchLogsClient(testClientConfig), 'shop', {
    [API_STREAM]: [10_000, 20_000, 30_000].map((offset) => ({
      timestamp: at(offset),
      message: `E${klogTime(at(offset))}      10 remote_available_controller.go:448] "Unhandled Error" err="v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.0.12.45:10251/apis/metrics.k8s.io/v1beta1: Get \\"https://10.0.12.45:10251/apis/metrics.k8s.io/v1beta1\\": dial tcp 10.0.12.45:10251: i/o timeout" logger="UnhandledError"`,
    })),
  });
});

afterEach(async () => {
  await proxy.close();
});

function deps(options: { requestTimeoutMs?: number } = {}) {
  const client = new CloudWatchLogsClient(throughProxy(proxy, options));
  return { insights: new CloudWatchLogsInsights(client), clock: systemClock };
}

const REQUEST = {
  logGroupName: LOG_GROUP,
  queryString: APISERVER_EVENTS_QUERY,
  ...{ startTime: WINDOW.startSec, endTime: WINDOW.endSec - 1 },
  limit: 10_000,
};

describe('the Logs Insights path through the fault proxy', () => {
  it('reads every event when StartQuery is throttled and GetQueryResults fails once, in bounded attempts', async () => {
    // Prepare
    const clean = await fetchClusterEvents(deps(), { cluster: 'shop', window: WINDOW });
    proxy.calls.length = 0;
    proxy.inject({ operation: 'StartQuery', fault: 'throttle', times: 1 });
    proxy.inject({ operation: 'GetQueryResults', fault: 'error-500', times: 1 });

    // Act
    const throttled = await fetchClusterEvents(deps(), { cluster: 'shop', window: WINDOW });

    // Assess
    expect(clean.events).toHaveLength(3);
    expect(throttled.events).toEqual(clean.events);
    expect(proxy.operations()).toEqual([
      'DescribeLogStreams',
      'StartQuery',
      'StartQuery',
      'GetQueryResults',
      'GetQueryResults',
    ]);
  });

  it('leaves the concurrent-query quota to the runner: each refusal is one StartQuery, reported as a wait', async () => {
    // Prepare
    proxy.inject({ operation: 'StartQuery', fault: 'limit-exceeded', times: 2 });
    const progress: QueryProgress[] = [];
    const quotaBackoff = { initialMs: 20, factor: 1, maxMs: 20, jitter: 0 };

    // Act
    const outcome = await runInsightsQuery(deps(), REQUEST, {
      quotaBackoff,
      onProgress: (p) => progress.push(p),
    });

    // Assess
    expect(outcome.rows).toHaveLength(3);
    expect(proxy.attempts('StartQuery')).toBe(3);
    expect(progress.filter((p) => p.status === 'Waiting for quota')).toHaveLength(2);
  });

  it('gives up on a quota that stays full after the runner’s retries, naming StartQuery', async () => {
    // Prepare
    proxy.inject({ operation: 'StartQuery', fault: 'limit-exceeded' });
    const quotaBackoff = { initialMs: 10, factor: 1, maxMs: 10, jitter: 0 };

    // Act
    const act = runInsightsQuery(deps(), REQUEST, { quotaBackoff, maxQuotaRetries: 2 });

    // Assess
    await expect(act).rejects.toBeInstanceOf(AwsCallError);
    await expect(act).rejects.toThrow(
      /^StartQuery: the account's concurrent Logs Insights query quota was still full after 2 retries \(Account maximum query concurrency limit of \[30\] reached\.\)$/,
    );
    expect(proxy.attempts('StartQuery')).toBe(3);
  });

  it('stops the query and names it when GetQueryResults is still unanswered at the run deadline', async () => {
    // Prepare
    proxy.inject({ operation: 'GetQueryResults', fault: 'slow', delayMs: 5_000 });
    const started = Date.now();

    // Act
    const error = await runInsightsQuery(deps(), REQUEST, {
      deadline: started + 400,
      signal: AbortSignal.timeout(400),
    }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(QueryAbortedError);
    const aborted = error as QueryAbortedError;
    expect(aborted.reason).toBe('deadline');
    expect(aborted.queryId).toMatch(/\S/);
    expect(aborted.message).toBe(
      `Logs Insights query ${aborted.queryId} stopped: the run deadline passed`,
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(proxy.operations().slice(0, 3)).toEqual(['StartQuery', 'GetQueryResults', 'StopQuery']);
    // moto has no StopQuery (HTTP 500): the attempt is kept on the error, not thrown.
    expect(aborted.stopError).toBeInstanceOf(AwsCallError);
    expect(proxy.calls.find((c) => c.operation === 'GetQueryResults')?.forwarded).toBe(false);
  });

  it('fails with an error naming GetQueryResults after its retries, and stops the query', async () => {
    // Prepare
    proxy.inject({ operation: 'GetQueryResults', fault: 'error-500' });

    // Act
    const act = runInsightsQuery(deps(), REQUEST);

    // Assess
    await expect(act).rejects.toThrow(
      /^GetQueryResults: query \S+: We encountered an internal error\. Please try again\. \(5 attempts\)$/,
    );
    expect(proxy.attempts('GetQueryResults')).toBe(5);
    expect(proxy.operations()).toContain('StopQuery');
  });
});

describe('eks-sg-advisor fetch-logs through the fault proxy', () => {
  it('prints every event when the calls are throttled once', async () => {
    // Prepare
    proxy.inject({ operation: 'StartQuery', fault: 'throttle', times: 1 });
    proxy.inject({ operation: 'GetQueryResults', fault: 'drop', times: 1 });
    const args = ['fetch-logs', '--cluster', 'shop', '--start', String(WINDOW.startSec)];

    // Act
    const run = await withEndpoint(proxy.url, () =>
      runCliCaptured([...args, '--end', String(WINDOW.endSec), '--format', 'json']),
    );

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(proxy.attempts('StartQuery')).toBe(2);
    expect(proxy.attempts('GetQueryResults')).toBe(2);
  });

  it('exits 1 with one line naming StartQuery when StartQuery keeps failing', async () => {
    // Prepare
    proxy.inject({ operation: 'StartQuery', fault: 'error-500' });

    // Act
    const run = await withEndpoint(proxy.url, () =>
      runCliCaptured(['fetch-logs', '--cluster', 'shop', '--since', '1h']),
    );

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const line = expectErrorLine(run.stderr, 'fetch-logs', 'StartQuery');
    expect(line).toBe(
      `eks-sg-advisor fetch-logs: StartQuery: ${LOG_GROUP}: We encountered an internal error. Please try again. (5 attempts)`,
    );
    expect(proxy.attempts('StartQuery')).toBe(5);
  });

  it('exits 1 at --timeout with one line naming the stopped query when GetQueryResults hangs', async () => {
    // Prepare
    proxy.inject({ operation: 'GetQueryResults', fault: 'slow', delayMs: 10_000 });

    // Act
    const run = await withEndpoint(proxy.url, () =>
      runCliCaptured(['fetch-logs', '--cluster', 'shop', '--since', '1h', '--timeout', '1s']),
    );

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^eks-sg-advisor fetch-logs: Logs Insights query \S+ stopped: the run deadline passed$/,
    );
    expect(proxy.operations()).toContain('StopQuery');
  });
});
