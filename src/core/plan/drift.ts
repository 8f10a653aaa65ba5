import type { Plan, PlanRuleChange } from '#core/plan/plan-types.ts';

/**
 * What the scheduled drift report tells about a cluster: a rule the plan would add (a new
 * required port: an add-on was installed, the rule is proposed before its calls fail), or a rule
 * unused for the whole window (the plan would revoke it).
 */
export type DriftKind = 'new-required-port' | 'unused-rule';

/** One item of the drift report, with a key that stays the same from one week to the next. */
export interface DriftItem {
  readonly kind: DriftKind;
  /** `add ingress sg-a tcp/9443 from sg-b` or `unused ingress sg-a tcp/1025-65535 from sg-b (sgr-1)`. */
  readonly key: string;
  readonly change: PlanRuleChange;
}

/** What the drift report remembers about an item between runs (times in epoch milliseconds). */
export interface DriftState {
  readonly key: string;
  readonly kind: DriftKind;
  readonly firstSeenAt: number;
  readonly lastSeenAt: number;
  /** When the store may forget the item (DynamoDB TTL): a run that no longer sees it lets it lapse. */
  readonly expiresAt: number;
}

/** The outcome of one drift run: what to notify, and what to save after publishing. */
export interface DriftDelta {
  /** Items not known (or forgotten) before this run: notified once. */
  readonly news: readonly DriftItem[];
  /** Items still present that were already notified: never notified again. */
  readonly known: readonly DriftItem[];
  /** Every current item's state, its `lastSeenAt` and `expiresAt` moved to this run. */
  readonly writes: readonly DriftState[];
}

/** How long an item is remembered after the last run that saw it (five weekly runs). */
export const DRIFT_RETENTION_MS = 35 * 86_400_000;

/**
 * The drift items of a plan: every `add` change (required or observed, missing) and every
 * `revoke` (in scope, unused for the whole window, not required). Narrowings are not drift: a
 * broad rule that stays broad does not change from week to week. Sorted by key. Pure.
 *
 * @example
 * driftItems(plan).map((i) => i.kind); // ['new-required-port', 'unused-rule']
 */
export function driftItems(plan: Plan): DriftItem[] {
  const items: DriftItem[] = [];
  for (const change of plan.changes) {
    if (change.change === 'add') {
      items.push({ kind: 'new-required-port', key: `add ${ruleKey(change)}`, change });
    } else if (change.change === 'revoke') {
      const id = change.ruleId === null ? '' : ` (${change.ruleId})`;
      items.push({ kind: 'unused-rule', key: `unused ${ruleKey(change)}${id}`, change });
    }
  }
  return items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Compares this run's items with the stored state: an item whose key is not stored (or whose
 * state has expired) is news; the others were notified by an earlier run. Every current item is
 * written back with `lastSeenAt = now`, so it stays known while runs keep seeing it. Pure.
 *
 * @example
 * const delta = driftDelta(await store.load(key), driftItems(plan), clock.now());
 * if (delta.news.length > 0) await notifier.publish(render(delta.news));
 * await store.save(key, delta.writes);
 */
export function driftDelta(
  stored: readonly DriftState[],
  items: readonly DriftItem[],
  now: number,
  retentionMs: number = DRIFT_RETENTION_MS,
): DriftDelta {
  const live = new Map<string, DriftState>();
  for (const state of stored) if (state.expiresAt > now) live.set(state.key, state);
  const news: DriftItem[] = [];
  const known: DriftItem[] = [];
  const writes: DriftState[] = [];
  for (const item of items) {
    const before = live.get(item.key);
    (before === undefined ? news : known).push(item);
    writes.push({
      key: item.key,
      kind: item.kind,
      firstSeenAt: before?.firstSeenAt ?? now,
      lastSeenAt: now,
      expiresAt: now + retentionMs,
    });
  }
  return { news, known, writes };
}

/**
 * A change's rule as text: `ingress sg-a tcp/9443 from sg-b`.
 *
 * @example
 * ruleKey(change); // 'egress sg-cp tcp/4443 to sg-nodes'
 */
export function ruleKey(change: PlanRuleChange): string {
  const direction = change.action.endsWith('ingress') ? 'ingress' : 'egress';
  const ports =
    change.fromPort === null || change.fromPort === -1
      ? 'all'
      : change.fromPort === change.toPort
        ? `${change.fromPort}`
        : `${change.fromPort}-${change.toPort}`;
  const peer =
    'groupId' in change.peer
      ? change.peer.groupId
      : 'cidr' in change.peer
        ? change.peer.cidr
        : change.peer.prefixListId;
  return `${direction} ${change.groupId} ${change.protocol}/${ports} ${direction === 'ingress' ? 'from' : 'to'} ${peer}`;
}
