import { describe, expect, it } from 'vitest';
import { backoffDelayMs, POLL_BACKOFF, QUOTA_BACKOFF } from '#app/backoff.ts';

describe('backoffDelayMs', () => {
  it.each([
    [0, 1, 500],
    [0, 0, 400],
    [1, 1, 750],
    [1, 0.5, 675],
    [2, 1, 1125],
    [2, 0, 900],
    [5, 1, 3797],
    [5, 0, 3038],
    [6, 1, 5000],
    [6, 0, 4000],
    [50, 0.5, 4500],
  ])(
    'polls after attempt %i with random %f after %i ms: 80-100 %% of a base capped at 5 s',
    (attempt, random, expected) => {
      // Act
      const delay = backoffDelayMs(POLL_BACKOFF, attempt, () => random);
      // Assess
      expect(delay).toBe(expected);
    },
  );

  it.each([
    [0, 0, 1000],
    [0, 1, 2000],
    [3, 0, 8000],
    [3, 0.999999, 16000],
    [10, 0.5, 45000],
  ])(
    'spreads quota retries: attempt %i with random %f waits %i ms',
    (attempt, random, expected) => {
      // Act
      const delay = backoffDelayMs(QUOTA_BACKOFF, attempt, () => random);
      // Assess
      expect(delay).toBe(expected);
    },
  );
});
