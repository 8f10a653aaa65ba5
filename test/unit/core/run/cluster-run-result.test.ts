import { describe, expect, it } from 'vitest';
import { ClusterRunsFailedError } from '#core/errors.ts';
import { type ClusterRunResult, throwIfAnyFailed } from '#core/run/cluster-run-result.ts';

describe('throwIfAnyFailed', () => {
  it('throws a ClusterRunsFailedError naming each failed cluster', () => {
    // Prepare
    const results: ClusterRunResult[] = [
      { status: 'up-to-date', cluster: 'a', lastEnd: '2026-11-28T14:55:00.000Z' },
      {
        status: 'failed',
        cluster: 'b',
        error: { name: 'AwsCallError', message: 'Publish: denied' },
      },
    ];
    // Act
    const act = (): void => throwIfAnyFailed(results);
    // Assess
    expect(act).toThrow(ClusterRunsFailedError);
    expect(act).toThrow('1 of 2 cluster(s) failed: b: Publish: denied');
  });

  it('returns when no cluster failed', () => {
    // Act
    const act = (): void =>
      throwIfAnyFailed([
        { status: 'up-to-date', cluster: 'a', lastEnd: '2026-11-28T14:55:00.000Z' },
      ]);
    // Assess
    expect(act).not.toThrow();
  });
});
