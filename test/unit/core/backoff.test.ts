import { describe, expect, it } from 'vitest';
import { backoffDelayMs, POLL_BACKOFF, QUOTA_BACKOFF } from '#core/backoff.ts';

describe('backoffDelayMs', () => {
  it.each([
    [0, 500],
    [1, 750],
    [2, 1125],
    [5, 3797],
    [6, 5000],
    [50, 5000],
  ])('polls after attempt %i with a delay of %i ms, capped at 5 s', (attempt, expected) => {
    // Act
    const delay = backoffDelayMs(POLL_BACKOFF, attempt);
    // Assess
    expect(delay).toBe(expected);
  });

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
