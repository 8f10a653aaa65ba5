import { describe, expect, it } from 'vitest';
import { InputError } from '#core/errors.ts';
import {
  checkWindow,
  containsTimestamp,
  queryRange,
  splitWindow,
  windowToIso,
} from '#core/window/time-window.ts';

describe('time windows', () => {
  it('queries [start, end] inclusive, the instants AWS converts the seconds to', () => {
    // Act
    const range = queryRange({ startSec: 100, endSec: 400 });
    // Assess
    expect(range).toEqual({ startTime: 100, endTime: 400 });
  });

  it.each([
    [99_999, false],
    [100_000, true],
    [399_999, true],
    [400_000, false],
  ])('decides the event stamped %i ms belongs to [100 s, 400 s): %s', (ms, expected) => {
    // Act
    const inside = containsTimestamp({ startSec: 100, endSec: 400 }, ms);
    // Assess
    expect(inside).toBe(expected);
  });

  it.each([
    [
      { startSec: 0, endSec: 2 },
      [
        { startSec: 0, endSec: 1 },
        { startSec: 1, endSec: 2 },
      ],
    ],
    [
      { startSec: 0, endSec: 5 },
      [
        { startSec: 0, endSec: 2 },
        { startSec: 2, endSec: 5 },
      ],
    ],
    [{ startSec: 10, endSec: 11 }, null],
  ])('splits %j at a whole second into %j', (window, halves) => {
    // Act
    const result = splitWindow(window);
    // Assess
    expect(result).toEqual(halves);
  });

  it('writes the window as ISO 8601', () => {
    // Act
    const iso = windowToIso({ startSec: 0, endSec: 60 });
    // Assess
    expect(iso).toEqual({ start: '1970-01-01T00:00:00.000Z', end: '1970-01-01T00:01:00.000Z' });
  });

  it.each([
    { startSec: 10, endSec: 10 },
    { startSec: 10, endSec: 5 },
    { startSec: 1.5, endSec: 5 },
    { startSec: -1, endSec: 5 },
  ])('rejects the window %j', (window) => {
    // Act
    const act = (): unknown => checkWindow(window);
    // Assess
    expect(act).toThrow(InputError);
  });
});
