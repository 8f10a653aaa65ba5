import { describe, expect, it } from 'vitest';
import {
  eventKey,
  MAX_SEEN_EVENTS,
  nextSettleState,
  planSettle,
  seenEntry,
} from '#core/window/settle.ts';

const MIN = 60;
const TOLERANCE = 30 * 60_000;
const MAX = 6 * 3_600_000;
const NOW = 10_000 * MIN * 1000;
const WINDOW = { startSec: NOW / 1000 - 10 * MIN, endSec: NOW / 1000 - 5 * MIN };

describe('planSettle', () => {
  it('re-reads nothing without settle state, and starts settling at the window', () => {
    // Act
    const plan = planSettle(null, WINDOW, NOW, TOLERANCE, MAX);
    // Assess
    expect(plan).toMatchObject({ window: null, settledEndSec: WINDOW.startSec, gaveUp: null });
  });

  it.each([
    ['a settled end the tolerance before now', NOW / 1000 - 30 * MIN, null],
    [
      'a settled end a second before that',
      NOW / 1000 - 30 * MIN - 1,
      { startSec: NOW / 1000 - 30 * MIN - 1, endSec: NOW / 1000 - 30 * MIN },
    ],
    [
      'a settled end 40 min before now',
      NOW / 1000 - 40 * MIN,
      { startSec: NOW / 1000 - 40 * MIN, endSec: NOW / 1000 - 30 * MIN },
    ],
  ])('with %s re-reads %j', (_label, settledEndSec, window) => {
    // Act
    const plan = planSettle({ settledEndSec, seen: [] }, WINDOW, NOW, TOLERANCE, MAX);
    // Assess
    expect(plan.window).toEqual(window);
  });

  it('never re-reads seconds this run reads for the first time', () => {
    // Prepare: a catch-up window whose start is older than the tolerance
    const old = { startSec: NOW / 1000 - 3 * 3600, endSec: NOW / 1000 - 2 * 3600 };
    // Act
    const plan = planSettle(
      { settledEndSec: old.startSec - 600, seen: [] },
      old,
      NOW,
      TOLERANCE,
      MAX,
    );
    // Assess
    expect(plan.window).toEqual({ startSec: old.startSec - 600, endSec: old.startSec });
  });

  it('re-reads at most the longest window and reports the seconds it gives up', () => {
    // Act
    const plan = planSettle({ settledEndSec: 0, seen: [] }, WINDOW, NOW, TOLERANCE, MAX);
    // Assess
    const to = NOW / 1000 - 30 * MIN;
    expect(plan.window).toEqual({ startSec: to - 6 * 3600, endSec: to });
    expect(plan.gaveUp).toEqual({ startSec: 0, endSec: to - 6 * 3600 });
  });
});

describe('nextSettleState', () => {
  it('keeps the seen events of unsettled seconds only, old and new', () => {
    // Prepare
    const previous = { settledEndSec: 100, seen: ['100:aaaa', '150:bbbb', '199:cccc'] };
    // Act
    const next = nextSettleState({ settledEndSec: 150 }, previous, ['160:dddd', '120:eeee']);
    // Assess
    expect(next).toEqual({ settledEndSec: 150, seen: ['199:cccc', '160:dddd', '150:bbbb'] });
  });

  it('keeps the newest events when there are more than it may remember', () => {
    // Prepare
    const many = Array.from({ length: MAX_SEEN_EVENTS + 5 }, (_, i) => `${1000 + i}:k${i}`);
    // Act
    const next = nextSettleState({ settledEndSec: 0 }, null, many);
    // Assess
    expect(next.seen).toHaveLength(MAX_SEEN_EVENTS);
    expect(next.seen[0]).toBe(`${1000 + MAX_SEEN_EVENTS + 4}:k${MAX_SEEN_EVENTS + 4}`);
  });
});

describe('eventKey', () => {
  it('is the same for the same event read twice and differs for another stream', () => {
    // Act
    const a = eventKey({ timestamp: 1, stream: 's1', message: 'm' });
    const b = eventKey({ timestamp: 1, stream: 's1', message: 'm' });
    const c = eventKey({ timestamp: 1, stream: 's2', message: 'm' });
    // Assess
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(seenEntry({ timestamp: 61_500, stream: 's1', message: 'm' })).toMatch(
      /^61:[0-9a-f]{16}$/,
    );
  });
});
