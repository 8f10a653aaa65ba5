import { describe, expect, it } from 'vitest';
import { clusterRefs } from '#core/run/cluster-refs.ts';
import type { ClusterAnalysed } from '#core/run/cluster-run-result.ts';
import { findingLogEntries } from '#core/run/finding-entries.ts';
import { blockedEndpoints, runMetrics } from '#core/run/run-metrics.ts';
import { aFinding, aReport } from '#test/helpers/reports.ts';

function analysed(findings = [aFinding()]): ClusterAnalysed {
  return {
    status: 'analysed',
    cluster: 'demo',
    window: { start: '2026-11-28T14:00:00.000Z', end: '2026-11-28T15:00:00.000Z' },
    windowSource: 'scheduled',
    planReason: 'resume',
    skipped: null,
    catchingUp: false,
    commit: 'committed',
    alerts: {
      kind: 'published',
      messageId: 'm-1',
      notificationId: 'n-1',
      counts: { new: 1, changed: 1, resolved: 1, unchanged: 0, open: 2 },
    },
    report: aReport(findings),
    cost: {
      queries: 2,
      unreported: 0,
      recordsScanned: 1200,
      recordsMatched: 7,
      bytesScanned: 4096,
      events: 7,
      incompleteWindows: 0,
    },
    durations: { analysisMs: 2500, snapshotMs: 400 },
  };
}

describe('runMetrics', () => {
  it('emits findings by kind, blocked endpoints, cost and published alerts per cluster, and fleet totals', () => {
    // Prepare
    const result = analysed([
      aFinding({ ip: '10.0.1.5', port: 9443 }),
      aFinding({ ip: '10.0.1.6', port: 9443 }),
      aFinding({
        kind: 'apiservice-availability',
        ip: '10.0.1.7',
        port: 10251,
        verdict: 'allowed',
      }),
    ]);
    // Act
    const points = runMetrics([result]);
    // Assess
    const cluster = { cluster: 'demo' };
    expect(points).toEqual([
      {
        name: 'Findings',
        unit: 'Count',
        value: 2,
        dimensions: { ...cluster, kind: 'webhook-admission' },
      },
      {
        name: 'Findings',
        unit: 'Count',
        value: 1,
        dimensions: { ...cluster, kind: 'apiservice-availability' },
      },
      { name: 'BlockedEndpoints', unit: 'Count', value: 2, dimensions: cluster },
      { name: 'BytesScanned', unit: 'Bytes', value: 4096, dimensions: cluster },
      { name: 'RecordsScanned', unit: 'Count', value: 1200, dimensions: cluster },
      { name: 'QueryDuration', unit: 'Milliseconds', value: 2100, dimensions: cluster },
      { name: 'AlertsPublished', unit: 'Count', value: 3, dimensions: cluster },
      { name: 'LogsGapSeconds', unit: 'Count', value: 0, dimensions: cluster },
      { name: 'BlockedEndpoints', unit: 'Count', value: 2, dimensions: {} },
      { name: 'ClusterFailures', unit: 'Count', value: 0, dimensions: {} },
    ]);
  });

  it('reports the seconds of logs given up as a gap, and a repaired future window state', () => {
    // Prepare
    const result: ClusterAnalysed = {
      ...analysed(),
      planReason: 'future-state',
      skipped: { start: '2026-11-27T14:00:00.000Z', end: '2026-11-28T13:00:00.000Z' },
    };
    // Act
    const points = runMetrics([result]);
    // Assess
    expect(points).toContainEqual({
      name: 'LogsGapSeconds',
      unit: 'Count',
      value: 23 * 3600,
      dimensions: { cluster: 'demo' },
    });
    expect(points).toContainEqual({
      name: 'WindowStateRepairs',
      unit: 'Count',
      value: 1,
      dimensions: { cluster: 'demo' },
    });
  });

  it('counts a failed cluster, and emits the fleet totals even with nothing analysed', () => {
    // Act
    const points = runMetrics([
      { status: 'failed', cluster: 'b', error: { name: 'AwsCallError', message: 'x' } },
      { status: 'up-to-date', cluster: 'c', lastEnd: '2026-11-28T14:55:00.000Z' },
    ]);
    // Assess
    expect(points).toEqual([
      { name: 'ClusterFailures', unit: 'Count', value: 1, dimensions: { cluster: 'b' } },
      { name: 'BlockedEndpoints', unit: 'Count', value: 0, dimensions: {} },
      { name: 'ClusterFailures', unit: 'Count', value: 1, dimensions: {} },
    ]);
  });
});

describe('blockedEndpoints', () => {
  it('counts distinct blocked endpoints, by IP or else by host', () => {
    // Prepare
    const report = aReport([
      aFinding({ ip: '10.0.1.5', port: 9443 }),
      aFinding({ ip: '10.0.1.5', port: 9443, error: 'refused' }),
      aFinding({ ip: null, host: 'svc.ns.svc', port: 443 }),
      aFinding({ ip: '10.0.1.9', port: 443, verdict: 'not-network' }),
    ]);
    // Act
    const count = blockedEndpoints(report);
    // Assess
    expect(count).toBe(2);
  });

  it('counts endpoints a network ACL blocks too', () => {
    const report = aReport([
      aFinding({ ip: '10.0.1.5', port: 9443, verdict: 'nacl-blocked' }),
      aFinding({ ip: '10.0.1.6', port: 9443, verdict: 'allowed' }),
    ]);
    expect(blockedEndpoints(report)).toBe(1);
  });
});

describe('findingLogEntries', () => {
  it('gives each finding a label of its name and endpoint, and caps the list', () => {
    // Prepare
    const report = aReport([
      aFinding({ ip: '10.0.1.5', port: 9443, count: 3 }),
      aFinding({ name: null, kind: 'dial', ip: null, host: null, port: null }),
    ]);
    // Act
    const entries = findingLogEntries(report);
    const capped = findingLogEntries(report, 1);
    // Assess
    expect(entries[0]).toMatchObject({
      cluster: 'demo',
      endpoint: '10.0.1.5:9443',
      label: 'vingress.elbv2.k8s.aws 10.0.1.5:9443',
      verdict: 'blocked',
      failures: 3,
    });
    expect(entries[1]).toMatchObject({ endpoint: '?:?', label: 'dial ?:?' });
    expect(capped).toHaveLength(1);
  });
});

describe('clusterRefs', () => {
  it('keys clusters by the function’s account and region, or by name when invoked locally', () => {
    // Act
    const deployed = clusterRefs(['prod'], {
      functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:eks-sg-advisor-prod-analyze',
      region: 'eu-west-1',
    });
    const local = clusterRefs(['prod'], { functionArn: undefined, region: 'eu-west-1' });
    // Assess
    expect(deployed).toEqual([{ name: 'prod', account: '123456789012', region: 'eu-west-1' }]);
    expect(local).toEqual([{ name: 'prod', account: null, region: 'eu-west-1' }]);
  });
});
