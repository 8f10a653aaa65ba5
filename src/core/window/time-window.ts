import { InputError } from '#core/errors.ts';

/**
 * A span of log time in whole epoch seconds, half-open: `[startSec, endSec)`. Consecutive windows
 * share their boundary (`a.endSec === b.startSec`), so they neither overlap nor leave a gap.
 */
export interface TimeWindow {
  readonly startSec: number;
  readonly endSec: number;
}

/**
 * The StartQuery time range that covers `window`. AWS converts `startTime`/`endTime` (epoch
 * seconds, "inclusive") straight to milliseconds and includes both instants, so the range
 * `[startSec, endSec]` reads every event of the window plus the events stamped exactly
 * `endSec * 1000`; {@link containsTimestamp} drops those so each event is delivered by one window.
 * (Sending `endSec - 1` instead would skip the last 999 ms of every window.)
 *
 * @example
 * queryRange({ startSec: 100, endSec: 400 }); // { startTime: 100, endTime: 400 }
 */
export function queryRange(window: TimeWindow): { startTime: number; endTime: number } {
  return { startTime: window.startSec, endTime: window.endSec };
}

/**
 * Whether an event stamped `timestampMs` (epoch ms) belongs to `window`.
 *
 * @example
 * containsTimestamp({ startSec: 100, endSec: 400 }, 400_000); // false: it belongs to the next window
 */
export function containsTimestamp(window: TimeWindow, timestampMs: number): boolean {
  return timestampMs >= window.startSec * 1000 && timestampMs < window.endSec * 1000;
}

/**
 * The window's length in seconds.
 *
 * @example
 * windowSeconds({ startSec: 100, endSec: 400 }); // 300
 */
export function windowSeconds(window: TimeWindow): number {
  return window.endSec - window.startSec;
}

/**
 * Splits a window into two halves at a whole second, or returns `null` when it is one second
 * long (it cannot be split further).
 *
 * @example
 * splitWindow({ startSec: 0, endSec: 5 }); // [{ startSec: 0, endSec: 2 }, { startSec: 2, endSec: 5 }]
 */
export function splitWindow(window: TimeWindow): readonly [TimeWindow, TimeWindow] | null {
  const length = windowSeconds(window);
  if (length < 2) return null;
  const middle = window.startSec + Math.floor(length / 2);
  return [
    { startSec: window.startSec, endSec: middle },
    { startSec: middle, endSec: window.endSec },
  ];
}

/**
 * The window as ISO 8601 strings (the Report's `window` field).
 *
 * @example
 * windowToIso({ startSec: 0, endSec: 60 }); // { start: '1970-01-01T00:00:00.000Z', end: '1970-01-01T00:01:00.000Z' }
 */
export function windowToIso(window: TimeWindow): { start: string; end: string } {
  return {
    start: new Date(window.startSec * 1000).toISOString(),
    end: new Date(window.endSec * 1000).toISOString(),
  };
}

/**
 * Checks that a window is made of whole seconds and is not empty.
 *
 * @throws InputError naming the window when it is empty, reversed or not in whole seconds.
 * @example
 * checkWindow({ startSec: 100, endSec: 160 });
 */
export function checkWindow(window: TimeWindow): TimeWindow {
  const { startSec, endSec } = window;
  if (!Number.isSafeInteger(startSec) || !Number.isSafeInteger(endSec) || startSec < 0) {
    throw new InputError(`time window [${startSec}, ${endSec}) must be whole epoch seconds`);
  }
  if (endSec <= startSec) {
    throw new InputError(
      `time window ${windowToIsoText(window)} is empty: its end must be after its start`,
    );
  }
  return window;
}

function windowToIsoText(window: TimeWindow): string {
  const safe = (sec: number): string =>
    Number.isFinite(sec) && Math.abs(sec) < 8.64e12
      ? new Date(sec * 1000).toISOString()
      : String(sec);
  return `[${safe(window.startSec)}, ${safe(window.endSec)})`;
}
