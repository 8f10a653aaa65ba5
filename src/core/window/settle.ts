import { createHash } from 'node:crypto';
import type { LogEvent } from '#core/logs/read/records.ts';
import type { TimeWindow } from '#core/window/time-window.ts';

/** Default late tolerance: EKS delivers control-plane logs best effort, "within a few minutes". */
export const DEFAULT_LATE_TOLERANCE_MS = 30 * 60_000;

/** Events of the unsettled seconds remembered at most (a DynamoDB item holds 400 KB). */
export const MAX_SEEN_EVENTS = 10_000;

/**
 * What a cluster's window state keeps for late events: every second before `settledEndSec` was
 * read a second time once it was `lateToleranceMs` old; `seen` are the events already delivered
 * from the seconds after it (`"<epoch s>:<key>"`, see {@link eventKey}).
 */
export interface SettleState {
  readonly settledEndSec: number;
  readonly seen: readonly string[];
}

/** The re-read a run does for late events, and the state it commits after. */
export interface SettlePlan {
  /** The seconds read again now (`null`: none is old enough yet). */
  readonly window: TimeWindow | null;
  /** Keys of events already delivered, to drop from the re-read. */
  readonly seen: ReadonlySet<string>;
  /** The settled end the run commits. */
  readonly settledEndSec: number;
}

/**
 * Plans the late-event re-read of a scheduled run. Each second is read twice: once when its
 * window ends (`now − lag`), and once more when it is `lateToleranceMs` old, keeping from that
 * second read only events not delivered by the first (an event stamped inside an analysed window
 * but ingested up to `lateToleranceMs` later is then delivered once; later than that, it is
 * lost). Only seconds already read by earlier runs (before `window.startSec`) are re-read. Without
 * settle state (first run, or state of an earlier version) nothing is re-read. The re-read is at
 * most `maxWindowMs` long (the oldest unsettled seconds beyond it are given up, reported by the
 * caller as `gaveUp`).
 *
 * @example
 * planSettle({ settledEndSec: 0, seen: [] }, { startSec: 3600, endSec: 3900 }, 4200_000, 1_800_000, 21_600_000);
 * // { window: { startSec: 0, endSec: 2400 }, seen: Set {}, settledEndSec: 2400 }
 */
export function planSettle(
  state: SettleState | null,
  window: TimeWindow,
  nowMs: number,
  lateToleranceMs: number,
  maxWindowMs: number,
): SettlePlan & { readonly gaveUp: TimeWindow | null } {
  const seen = new Set((state?.seen ?? []).map((entry) => entry.slice(entry.indexOf(':') + 1)));
  if (state === null) return { window: null, seen, settledEndSec: window.startSec, gaveUp: null };
  const to = Math.min(Math.floor((nowMs - lateToleranceMs) / 1000), window.startSec);
  const floor = to - Math.floor(maxWindowMs / 1000);
  const from = Math.max(state.settledEndSec, floor);
  const gaveUp =
    state.settledEndSec < floor ? { startSec: state.settledEndSec, endSec: floor } : null;
  if (to <= from)
    return { window: null, seen, settledEndSec: Math.max(from, state.settledEndSec), gaveUp };
  return { window: { startSec: from, endSec: to }, seen, settledEndSec: to, gaveUp };
}

/**
 * A stable key of one log event: a hash of its time, stream and text (the same event read twice
 * has the same key). 16 hex characters.
 *
 * @example
 * eventKey({ timestamp: 1, stream: 'kube-apiserver-0a', message: 'E0101 ...' }); // '3f2a...'
 */
export function eventKey(event: LogEvent): string {
  const text = `${event.timestamp ?? ''}\u0000${event.stream ?? ''}\u0000${event.message}`;
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * The seen-entry of an event (`"<epoch s>:<key>"`), or `null` for an event without a time.
 *
 * @example
 * seenEntry({ timestamp: 61_500, stream: null, message: 'x' }); // '61:…'
 */
export function seenEntry(event: LogEvent): string | null {
  if (event.timestamp == null) return null;
  return `${Math.floor(event.timestamp / 1000)}:${eventKey(event)}`;
}

/**
 * The settle state a run commits: the events delivered from seconds not settled yet (the old
 * ones still unsettled, and this run's `delivered` seen-entries), newest kept when over
 * {@link MAX_SEEN_EVENTS}.
 *
 * @example
 * nextSettleState(plan, state, ['61:3f2a…']).settledEndSec === plan.settledEndSec; // true
 */
export function nextSettleState(
  plan: Pick<SettlePlan, 'settledEndSec'>,
  previous: SettleState | null,
  delivered: readonly string[],
): SettleState {
  const entries = new Map<string, number>();
  const keep = (sec: number, key: string): void => {
    if (sec >= plan.settledEndSec) entries.set(key, sec);
  };
  for (const entry of [...(previous?.seen ?? []), ...delivered]) {
    const at = entry.indexOf(':');
    keep(Number(entry.slice(0, at)), entry.slice(at + 1));
  }
  const seen = [...entries]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_SEEN_EVENTS)
    .map(([key, sec]) => `${sec}:${key}`);
  return { settledEndSec: plan.settledEndSec, seen };
}
