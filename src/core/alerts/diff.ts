import {
  type AlertChange,
  type AlertDiff,
  type AlertState,
  DEFAULT_RESOLVE_AFTER_MS,
  DEFAULT_RETENTION_MS,
  type DiffOptions,
} from '#core/alerts/alert-state.ts';
import { type CurrentAlert, currentAlerts } from '#core/alerts/group.ts';
import { InputError } from '#core/errors.ts';
import type { Report } from '#core/model/report.ts';

/**
 * Compares the alert state saved by earlier runs with a new report, so a notification carries only
 * what moved: alerts that appeared (or reappeared after resolution), alerts whose verdicts or
 * recommended rules changed, and alerts not seen for `resolveAfterMs`. An alert seen again with the
 * same verdicts and rules is `unchanged` and is never notified again, whatever its count.
 *
 * A finding whose `lastSeen` is `resolveAfterMs` or more before `now` counts as not seen, so the
 * outcome does not depend on how wide the report's window is. Items past `expiresAt` (TTL lag) are
 * treated as absent but their revision is carried on, so the next conditional write still matches.
 *
 * Pure: `now` is an argument; nothing is read or written.
 *
 * @throws InputError when `now`, `resolveAfterMs` or `retentionMs` is not a positive finite number.
 * @example
 * const diff = diffAlerts(await store.load(key), report, clock.now(), { resolveAfterMs: 3_600_000 });
 * if (diff.new.length + diff.changed.length + diff.resolved.length > 0) await notifier.publish(...);
 * await store.save(key, diff.writes);
 */
export function diffAlerts(
  previous: readonly AlertState[],
  report: Report,
  now: number,
  options: DiffOptions = {},
): AlertDiff {
  const resolveAfterMs = positive(
    'resolveAfterMs',
    options.resolveAfterMs ?? DEFAULT_RESOLVE_AFTER_MS,
  );
  const retentionMs = positive('retentionMs', options.retentionMs ?? DEFAULT_RETENTION_MS);
  positive('now', now);
  const loaded = latestByFingerprint(previous);
  const { active, stale } = currentAlerts(report, now, resolveAfterMs);
  const step: Step = { now, resolveAfterMs, retentionMs };

  const out = { new: [], changed: [], resolved: [], unchanged: [] } as Record<
    AlertChange['change'],
    AlertChange[]
  >;
  const nextState: AlertState[] = [];
  const writes: AlertState[] = [];
  const record = (change: AlertChange, written: boolean): void => {
    out[change.change].push(change);
    nextState.push(change.state);
    if (written) writes.push(change.state);
  };

  for (const current of active) {
    const stored = loaded.get(current.fingerprint);
    const live = stored && stored.expiresAt > now ? stored : null;
    if (live?.status !== 'open') {
      record(
        {
          change: 'new',
          state: opened(current, stored, step),
          previous: live,
          findings: current.findings,
        },
        true,
      );
    } else if (live.signature !== current.signature) {
      const state = seen(live, current, step);
      record({ change: 'changed', state, previous: live, findings: current.findings }, true);
    } else {
      const state = seen(live, current, step);
      const moved = state.lastSeenAt !== live.lastSeenAt || state.count !== live.count;
      record(
        {
          change: 'unchanged',
          state: moved ? state : live,
          previous: live,
          findings: current.findings,
        },
        moved,
      );
    }
  }

  const activeKeys = new Set(active.map((current) => current.fingerprint));
  const resolved: AlertChange[] = [];
  for (const stored of loaded.values()) {
    if (activeKeys.has(stored.fingerprint) || stored.expiresAt <= now) continue;
    const lastSeenAt = Math.max(stored.lastSeenAt, stale.get(stored.fingerprint) ?? 0);
    if (stored.status === 'open' && now - lastSeenAt >= resolveAfterMs) {
      resolved.push({
        change: 'resolved',
        state: closed(stored, lastSeenAt, step),
        previous: stored,
        findings: [],
      });
    } else {
      nextState.push(stored);
    }
  }
  resolved.sort((a, b) => order(a.state).localeCompare(order(b.state)));
  for (const change of resolved) record(change, true);

  return { ...out, nextState, writes };
}

// Bounds what one hostile log line can make the store keep (DynamoDB items are at most 400 KB).
const MAX_STORED_TEXT = 512;

interface Step {
  readonly now: number;
  readonly resolveAfterMs: number;
  readonly retentionMs: number;
}

function opened(current: CurrentAlert, stored: AlertState | undefined, step: Step): AlertState {
  return {
    fingerprint: current.fingerprint,
    kind: current.identity.kind,
    name: current.identity.name === null ? null : current.identity.name.slice(0, MAX_STORED_TEXT),
    endpoint: current.identity.endpoint.slice(0, MAX_STORED_TEXT),
    status: 'open',
    verdicts: current.verdicts,
    rules: current.rules,
    signature: current.signature,
    count: current.count,
    openedAt: step.now,
    lastSeenAt: current.lastSeenAt,
    resolvedAt: null,
    updatedAt: step.now,
    revision: (stored?.revision ?? 0) + 1,
    expiresAt: current.lastSeenAt + step.resolveAfterMs + step.retentionMs,
  };
}

function seen(stored: AlertState, current: CurrentAlert, step: Step): AlertState {
  const lastSeenAt = Math.max(stored.lastSeenAt, current.lastSeenAt);
  return {
    ...stored,
    verdicts: current.verdicts,
    rules: current.rules,
    signature: current.signature,
    count: current.count,
    lastSeenAt,
    updatedAt: step.now,
    revision: stored.revision + 1,
    expiresAt: lastSeenAt + step.resolveAfterMs + step.retentionMs,
  };
}

function closed(stored: AlertState, lastSeenAt: number, step: Step): AlertState {
  return {
    ...stored,
    status: 'resolved',
    lastSeenAt,
    resolvedAt: step.now,
    updatedAt: step.now,
    revision: stored.revision + 1,
    expiresAt: step.now + step.retentionMs,
  };
}

function latestByFingerprint(states: readonly AlertState[]): Map<string, AlertState> {
  const byKey = new Map<string, AlertState>();
  for (const state of states) {
    const known = byKey.get(state.fingerprint);
    if (!known || state.revision > known.revision) byKey.set(state.fingerprint, state);
  }
  return byKey;
}

function order(state: AlertState): string {
  return `${state.kind}\u0000${state.name ?? ''}\u0000${state.endpoint}`;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InputError(`${name} must be a positive number of milliseconds, got ${value}`);
  }
  return value;
}
