import { describe, expect, it } from 'vitest';
import type { EnableLoggingResult } from '#core/run/enable-logging-result.ts';
import { enableLoggingLine } from '#render/cli-output/enable-logging-table.ts';

describe('enableLoggingLine', () => {
  it.each<[EnableLoggingResult, string]>([
    [
      {
        cluster: 'a',
        logging: { state: 'already-enabled' },
        retention: { state: 'kept', days: 90 },
        ok: true,
      },
      'a: ok: api logging already enabled; retention kept at 90 days',
    ],
    [
      {
        cluster: 'b',
        logging: { state: 'enabled', updateId: 'u-1' },
        retention: { state: 'set', days: 30, previousDays: null, createdGroup: true },
        ok: true,
      },
      'b: ok: api logging enabled (update u-1); retention set to 30 days (log group created)',
    ],
    [
      {
        cluster: 'c',
        logging: {
          state: 'pending',
          reason: 'update-in-progress',
          updateId: null,
          detail: 'update x in progress',
        },
        retention: { state: 'kept-unbounded', otherTypes: ['audit'] },
        ok: true,
      },
      'c: pending: api logging not changed: another cluster update is in progress (update x in progress); run again later; retention left unlimited: audit logs already use the group (--force-retention sets it)',
    ],
    [
      {
        cluster: 'd',
        logging: { state: 'failed', message: 'DescribeCluster: cluster d not found\nin region' },
        retention: null,
        ok: false,
      },
      'd: FAILED: api logging failed: DescribeCluster: cluster d not found in region',
    ],
  ])('prints %j as one line', (result, line) => {
    // Act
    const text = enableLoggingLine(result);
    // Assess
    expect(text).toBe(line);
  });
});
