import { describe, expect, it } from 'vitest';
import { InputError } from '#core/errors.ts';
import { parseRetentionDays, RETENTION_DAYS } from '#core/run/retention-days.ts';

describe('parseRetentionDays', () => {
  it.each(RETENTION_DAYS.map((d) => [String(d), d]))('accepts %s', (text, days) => {
    // Act
    const parsed = parseRetentionDays(text);
    // Assess
    expect(parsed).toBe(days);
  });

  it.each(['0', '2', '10', '31', '3654', '-1', '30.0', '1e1', 'thirty', ''])(
    'rejects %j',
    (text) => {
      // Act
      const act = (): unknown => parseRetentionDays(text);
      // Assess
      expect(act).toThrow(InputError);
      expect(act).toThrow(/--retention-days must be one of 1, 3, 5, .* 3653/);
    },
  );
});
