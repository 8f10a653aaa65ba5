import type { MessageMatch } from '#core/logs/grammar/families/match.ts';
import type { Severity } from '#core/logs/grammar/klog-line.ts';
import type { DialCorrelation, DialOutcome, TraceOutcome } from '#core/model/finding.ts';

/** A recognised record with where and when it was written. */
export interface Observation {
  readonly seq: number;
  readonly stream: string | null;
  readonly at: number | null;
  readonly severity: Severity | null;
  readonly match: MessageMatch;
  /** Total time of the trace `END` line joined to this record, when there was one. */
  readonly traceEndMs: number | null;
}

/** An EKS dial: a `Dialing...` paired with its `Dialed in` by id within one stream. */
export interface Dial {
  readonly seq: number;
  readonly stream: string | null;
  readonly id: string;
  readonly ip: string;
  readonly port: number;
  readonly at: number | null;
  readonly latencyMs: number | null;
}

/** A webhook-call trace joined with its `END` line. */
export interface Trace {
  readonly seq: number;
  readonly stream: string | null;
  readonly id: string;
  readonly at: number | null;
  readonly name: string | null;
  readonly call: 'validating' | 'mutating' | 'conversion';
  readonly totalMs: number | null;
  readonly severity: Severity | null;
  readonly detail: string;
}

/** Thresholds of the correlation, in ms. */
export interface CorrelationSettings {
  /** Timeout assumed for a call whose timeout no line states (the webhook default, 10 s). */
  readonly defaultTimeoutMs: number;
  /** A dial at least this long means retransmitted SYNs: something drops packets. */
  readonly slowDialMs: number;
}

const SLACK_MS = 1000;
const TIMED_OUT_SHARE = 0.95;

/**
 * Pairs `Dialing...` and `Dialed in` lines by id within each stream. A `Dialed in` whose
 * `Dialing...` is not in the input still yields a dial (its start is inferred).
 *
 * @example
 * pairDials(observations).length; // number of dials seen
 */
export function pairDials(observations: readonly Observation[]): Dial[] {
  const pending = new Map<string, number>();
  const dials: Dial[] = [];
  for (const obs of observations) {
    const dial = obs.match.dial;
    if (!dial || obs.match.ip === null || obs.match.port === null) continue;
    const key = `${obs.stream ?? ''}\u0000${dial.id}`;
    if (dial.event === 'dialing') {
      pending.set(key, dials.length);
      dials.push({ ...dialOf(obs), latencyMs: null });
      continue;
    }
    const index = pending.get(key);
    const started = index === undefined ? undefined : dials[index];
    const latencyMs = obs.match.latencyMs;
    if (index !== undefined && started) {
      pending.delete(key);
      dials[index] = { ...started, latencyMs };
    } else {
      const at = obs.at !== null && latencyMs !== null ? obs.at - latencyMs : obs.at;
      dials.push({ ...dialOf(obs), at, latencyMs });
    }
  }
  return dials;
}

function dialOf(obs: Observation): Dial {
  return {
    seq: obs.seq,
    stream: obs.stream,
    id: obs.match.dial?.id ?? '',
    ip: obs.match.ip ?? '',
    port: obs.match.port ?? 0,
    at: obs.at,
    latencyMs: null,
  };
}

/**
 * How a dial went, given the call timeout and the last time seen in its stream:
 * `timed-out` (≥ 95 % of the timeout), `slow` (≥ slowDialMs), `ok`, or, with no `Dialed in`,
 * `stalled` when the stream went on past the timeout and `pending` when it ended first.
 */
export function dialOutcome(
  dial: Dial,
  timeoutMs: number,
  streamEnd: number | null,
  settings: CorrelationSettings,
): DialOutcome {
  if (dial.latencyMs !== null) {
    if (dial.latencyMs >= TIMED_OUT_SHARE * timeoutMs) return 'timed-out';
    return dial.latencyMs >= settings.slowDialMs ? 'slow' : 'ok';
  }
  if (dial.at !== null && streamEnd !== null && streamEnd - dial.at >= timeoutMs) return 'stalled';
  return 'pending';
}

const MAX_WEBHOOK_TIMEOUT_MS = 30_000;

/**
 * Whether a trace's total time means the call hit its timeout (≥ 95 % of it) or was only slow.
 * With no known timeout, a call that lasted about the default (±5 %) or at least 95 % of the
 * 30 s maximum timed out; anything else was slow (it outlived the default, so its timeout was
 * longer than the default).
 *
 * @example
 * traceOutcome(9997, null, 10000); // 'timed-out'
 * traceOutcome(13010, null, 10000); // 'slow'
 */
export function traceOutcome(
  totalMs: number,
  timeoutMs: number | null,
  defaultTimeoutMs: number,
): TraceOutcome {
  if (timeoutMs !== null) return totalMs >= TIMED_OUT_SHARE * timeoutMs ? 'timed-out' : 'slow';
  const nearDefault =
    totalMs >= TIMED_OUT_SHARE * defaultTimeoutMs &&
    totalMs <= (2 - TIMED_OUT_SHARE) * defaultTimeoutMs;
  return nearDefault || totalMs >= TIMED_OUT_SHARE * MAX_WEBHOOK_TIMEOUT_MS ? 'timed-out' : 'slow';
}

const OUTCOME_RANK: Readonly<Record<DialOutcome, number>> = {
  'timed-out': 0,
  stalled: 1,
  slow: 2,
  pending: 3,
  ok: 4,
};

/**
 * The dial that most likely carried a failed call at `at`: among `dials` (one stream, sorted by
 * start time), one that started within [at − timeout − 1 s, at + 1 s], preferring the worst
 * outcome, then the closest in time. Null when no dial qualifies.
 */
export function correlateDial(
  failure: { readonly at: number | null; readonly timeoutMs: number },
  dials: readonly Dial[],
  outcomeOf: (dial: Dial) => DialOutcome,
): DialCorrelation | null {
  if (failure.at === null) return null;
  const from = failure.at - failure.timeoutMs - SLACK_MS;
  const to = failure.at + SLACK_MS;
  let best: { dial: Dial; outcome: DialOutcome; distance: number } | null = null;
  for (let i = firstAtOrAfter(dials, from); i < dials.length; i++) {
    const dial = dials[i];
    if (!dial || dial.at === null || dial.at > to) break;
    const outcome = outcomeOf(dial);
    const distance = Math.abs(dial.at - failure.at);
    if (
      !best ||
      OUTCOME_RANK[outcome] < OUTCOME_RANK[best.outcome] ||
      (OUTCOME_RANK[outcome] === OUTCOME_RANK[best.outcome] && distance < best.distance)
    ) {
      best = { dial, outcome, distance };
    }
  }
  if (!best) return null;
  return {
    ip: best.dial.ip,
    port: best.dial.port,
    dialId: best.dial.id,
    at: best.dial.at,
    latencyMs: best.dial.latencyMs,
    outcome: best.outcome,
    offsetMs: best.dial.at === null ? null : best.dial.at - failure.at,
  };
}

/** Index of the first dial that started at or after `time` (dials sorted by start, timed ones only). */
function firstAtOrAfter(dials: readonly Dial[], time: number): number {
  let low = 0;
  let high = dials.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const at = dials[mid]?.at ?? Number.NEGATIVE_INFINITY;
    if (at < time) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The trace written within 2 s of a failure, among `traces` (same stream and webhook or CRD),
 * not already taken by another failure. Null when none.
 */
export function correlateTrace(
  at: number | null,
  traces: readonly Trace[],
  taken: ReadonlySet<Trace>,
): Trace | null {
  if (at === null) return null;
  let best: Trace | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const trace of traces) {
    if (taken.has(trace) || trace.at === null) continue;
    const distance = Math.abs(trace.at - at);
    if (distance <= 2 * SLACK_MS && distance < bestDistance) {
      best = trace;
      bestDistance = distance;
    }
  }
  return best;
}
