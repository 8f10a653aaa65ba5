import type { ReportNote } from '#core/report.ts';
import type { WindowPlan } from '#core/window/plan-window.ts';
import { type TimeWindow, windowToIso } from '#core/window/time-window.ts';

type QueryPlan = Extract<WindowPlan, { kind: 'query' }>;

/**
 * The notes a scheduled plan adds to the report (and so to the alert): a stored window end in the
 * future that was distrusted, seconds given up because the state was too old, and a late-event
 * re-read given up because it was too long.
 *
 * @example
 * planNotes(plan).map((note) => note.code); // ['logs-gap'] for a stale plan that skipped seconds
 */
export function planNotes(
  plan: QueryPlan | null,
  lateGaveUp: TimeWindow | null = null,
): ReportNote[] {
  const notes: ReportNote[] = [];
  if (lateGaveUp) {
    const { start, end } = windowToIso(lateGaveUp);
    notes.push({
      code: 'logs-gap',
      message: `Events ingested late for ${start} to ${end} were not read again (the re-read was longer than the longest window); failures logged late in that span are not reported.`,
    });
  }
  if (plan?.futureEndSec !== undefined) {
    const { end } = windowToIso({ startSec: 0, endSec: plan.futureEndSec });
    notes.push({
      code: 'window-state-in-future',
      message: `The stored window end (${end}) lies in the future: a run with a clock ahead wrote it. It was not trusted; the look-back was read again from ${windowToIso(plan.window).start}.`,
    });
  }
  if (plan?.skipped) {
    const { start, end } = windowToIso(plan.skipped);
    notes.push({
      code: 'logs-gap',
      message: `The logs from ${start} to ${end} were never analysed (the stored window was older than the resume limit); failures in that gap are not reported.`,
    });
  }
  return notes;
}
