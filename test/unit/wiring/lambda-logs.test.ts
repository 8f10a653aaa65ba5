import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import type { ClusterAnalysed } from '#core/run/cluster-run-result.ts';
import { captureOutput } from '#test/helpers/capture-output.ts';
import { aReport } from '#test/helpers/reports.ts';
import { logClusterResult } from '#wiring/lambda-logs.ts';

function analysed(overrides: Partial<ClusterAnalysed>): ClusterAnalysed {
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
      kind: 'nothing-to-send',
      counts: { new: 0, changed: 0, resolved: 0, unchanged: 0, open: 0 },
    },
    report: aReport([]),
    cost: {
      queries: 1,
      unreported: 0,
      recordsScanned: 0,
      recordsMatched: 0,
      bytesScanned: 0,
      events: 0,
      incompleteWindows: 0,
    },
    durations: { analysisMs: 1, snapshotMs: 0 },
    ...overrides,
  };
}

describe('logClusterResult', () => {
  it('warns when the stored window end lay in the future and was repaired', async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'test' });
    // Act
    const { records } = await captureOutput(async () =>
      logClusterResult(logger, analysed({ planReason: 'future-state' })),
    );
    // Assess
    expect(records).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: expect.stringMatching(/^window state in the future/),
        cluster: 'demo',
      }),
    );
  });

  it('says when another run held the cluster', async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'test' });
    const alerts = {
      kind: 'withheld',
      reason: 'another-run',
      counts: { new: 1, changed: 0, resolved: 0, unchanged: 0, open: 1 },
    } as const;
    // Act
    const { records } = await captureOutput(async () =>
      logClusterResult(logger, analysed({ alerts, commit: 'not-committed' })),
    );
    // Assess
    expect(records).toContainEqual(
      expect.objectContaining({
        message: 'another run holds the cluster: nothing published or committed',
      }),
    );
  });
});
