import type { FindingKind } from '#core/model/finding.ts';
import type { Verdict } from '#core/model/report.ts';

/**
 * What the alerting remembers about one alert between runs. An alert is one problem as a person
 * sees it: a kind, a name and a stable endpoint (the service, or the port of a named APIService),
 * possibly backed by several report findings (one per pod IP or error class).
 *
 * All times are epoch milliseconds; the DynamoDB adapter stores `expiresAt` as epoch seconds.
 */
export interface AlertState {
  /** Stable key of the alert ({@link alertFingerprint}); the item's sort key is `alert#<fingerprint>`. */
  readonly fingerprint: string;
  readonly kind: FindingKind;
  readonly name: string | null;
  /** The endpoint part of the identity, human readable (`svc.ns.svc:443`, `port 10251`, `10.0.1.5:10250`). */
  readonly endpoint: string;
  readonly status: AlertStatus;
  /** Verdicts of the findings behind the alert, sorted, without duplicates. */
  readonly verdicts: readonly Verdict[];
  /** Recommended rules, as sorted rule keys (`ingress sg-a tcp/9443 from sg-b`). */
  readonly rules: readonly string[];
  /** Hash of `verdicts` and `rules`: a new value means the alert changed. */
  readonly signature: string;
  /** Total count of the findings behind the alert in the run that last saw it. */
  readonly count: number;
  /** When the alert (re)appeared. */
  readonly openedAt: number;
  /** When its findings were last seen (their `lastSeen`, else the run time). */
  readonly lastSeenAt: number;
  /** When it was resolved, for `resolved` alerts. */
  readonly resolvedAt: number | null;
  /** Run time of the last write: with `revision`, makes a retried save idempotent. */
  readonly updatedAt: number;
  /** 1 for the first write of the item, then +1 per write; saves are conditional on it. */
  readonly revision: number;
  /** When the store may delete the item (DynamoDB TTL). */
  readonly expiresAt: number;
}

/** `open`: seen within `resolveAfterMs`; `resolved`: not seen for at least that long. */
export type AlertStatus = 'open' | 'resolved';

/** How an alert moved in one run. */
export type AlertChangeType = 'new' | 'changed' | 'resolved' | 'unchanged';

/** One alert in the result of {@link diffAlerts}. */
export interface AlertChange {
  readonly change: AlertChangeType;
  /** The state after this run. */
  readonly state: AlertState;
  /** The state loaded before this run (null for a first appearance). */
  readonly previous: AlertState | null;
  /** Indices into the current `Report.findings` of the findings behind the alert (empty when resolved). */
  readonly findings: readonly number[];
}

/** The result of comparing the stored alert state with a new report. */
export interface AlertDiff {
  /** Alerts that appeared, or reappeared after being resolved. */
  readonly new: readonly AlertChange[];
  /** Open alerts whose verdicts or recommended rules changed. */
  readonly changed: readonly AlertChange[];
  /** Open alerts not seen for `resolveAfterMs`. */
  readonly resolved: readonly AlertChange[];
  /** Open alerts seen again with the same verdicts and rules: never notified again. */
  readonly unchanged: readonly AlertChange[];
  /** Every alert after this run (open and resolved, expired items dropped). */
  readonly nextState: readonly AlertState[];
  /** The part of `nextState` that differs from what was loaded: what to save after publishing. */
  readonly writes: readonly AlertState[];
}

/** Options of {@link diffAlerts}. */
export interface DiffOptions {
  /** An open alert not seen for this long is resolved (default {@link DEFAULT_RESOLVE_AFTER_MS}). */
  readonly resolveAfterMs?: number;
  /** How long items stay in the store after they were last relevant (default 14 days). */
  readonly retentionMs?: number;
}

/** One hour. */
export const DEFAULT_RESOLVE_AFTER_MS = 3_600_000;
/** Fourteen days. */
export const DEFAULT_RETENTION_MS = 14 * 86_400_000;
