import type { Clock } from '#core/gateways.ts';

/**
 * Bounds on a wait: an epoch-ms deadline and an AbortSignal, both optional. A composition root
 * that also wants calls in flight cut at the deadline passes a signal that fires then
 * (`AbortSignal.timeout`): a signal whose reason is a `TimeoutError` counts as the deadline.
 */
export interface WaitLimits {
  readonly deadline?: number | null;
  readonly signal?: AbortSignal | null;
}

/** How a bounded wait ended. */
export type PauseResult = 'ok' | 'deadline' | 'aborted';

/**
 * What stops a run right now, if anything: the signal (checked first), then the deadline.
 *
 * @example
 * interruption(clock, { deadline: clock.now() - 1 }); // 'deadline'
 */
export function interruption(clock: Clock, limits: WaitLimits): Exclude<PauseResult, 'ok'> | null {
  if (limits.signal?.aborted) return abortKind(limits.signal);
  if (limits.deadline != null && clock.now() >= limits.deadline) return 'deadline';
  return null;
}

/**
 * Sleeps `ms`, cut short by the deadline (it sleeps only until then) or by the signal.
 *
 * @throws whatever `clock.sleep` throws when the signal did not fire (a broken clock).
 * @example
 * if ((await pause(clock, 1_000, { deadline, signal })) !== 'ok') return;
 */
export async function pause(clock: Clock, ms: number, limits: WaitLimits): Promise<PauseResult> {
  const before = interruption(clock, limits);
  if (before) return before;
  const left = limits.deadline == null ? ms : Math.min(ms, limits.deadline - clock.now());
  try {
    await clock.sleep(Math.max(0, left), limits.signal ?? undefined);
  } catch (error) {
    if (limits.signal?.aborted) return abortKind(limits.signal);
    throw error;
  }
  return interruption(clock, limits) ?? 'ok';
}

/**
 * Why a fired signal fired: `deadline` when its reason is a `TimeoutError` (as from
 * `AbortSignal.timeout`, or `AbortSignal.any` over one), else `aborted`.
 *
 * @example
 * abortKind(AbortSignal.abort()); // 'aborted'
 */
export function abortKind(signal: AbortSignal): 'aborted' | 'deadline' {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name === 'TimeoutError' ? 'deadline' : 'aborted';
}
