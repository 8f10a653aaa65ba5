import { describe, expect, it } from 'vitest';
import { QueryFailedError } from '#core/errors.ts';
import { failureDetail, statusStep } from '#core/insights/query-status.ts';

describe('statusStep', () => {
  it.each([
    ['Scheduled', 'wait'],
    ['Running', 'wait'],
    ['Complete', 'complete'],
    ['Failed', 'failed'],
    ['Cancelled', 'failed'],
    ['Timeout', 'failed'],
    ['Unknown', 'failed'],
  ])('maps %s to %s', (status, step) => {
    // Act
    const result = statusStep('q-1', status);
    // Assess
    expect(result).toBe(step);
  });

  it.each(['Paused', 'complete', '', 'toString'])(
    'fails loudly on the unrecognised status %j',
    (status) => {
      // Act
      const act = (): unknown => statusStep('q-9', status);
      // Assess
      expect(act).toThrow(QueryFailedError);
      expect(act).toThrow(/q-9 ended with status ".*": unrecognised status/);
    },
  );

  it('explains a timeout with the service limit and what to do', () => {
    // Act
    const detail = failureDetail('Timeout');
    // Assess
    expect(detail).toMatch(/60 minutes.*shorter window/);
  });
});
