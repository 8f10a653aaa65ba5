import { describe, expect, it } from 'vitest';
import { formatDuration, parseDurationText } from '#core/window/duration.ts';

describe('parseDurationText', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['0m', 0],
  ])('reads %s as %d ms', (text, ms) => {
    // Act
    const parsed = parseDurationText(text);
    // Assess
    expect(parsed).toBe(ms);
  });

  it.each(['', '15', '1.5h', '90 minutes', '-5m', '1h 30m', '1w'])('refuses %j', (text) => {
    // Act
    const parsed = parseDurationText(text);
    // Assess
    expect(parsed).toBeNull();
  });
});

describe('formatDuration', () => {
  it.each([
    [5_400_000, '1h30m'],
    [86_400_000, '1d'],
    [61_000, '1m1s'],
    [0, '0s'],
  ])('writes %d ms as %s, which reads back the same', (ms, text) => {
    // Act
    const written = formatDuration(ms);
    // Assess
    expect(written).toBe(text);
    expect(parseDurationText(written)).toBe(ms);
  });
});
