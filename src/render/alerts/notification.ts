import type { AlertChange, AlertDiff } from '#core/alerts/alert-state.ts';
import { digest } from '#core/alerts/fingerprint.ts';
import type { FindingKind } from '#core/model/finding.ts';
import type {
  NetworkAclEntryFix,
  Recommendation,
  Report,
  ReportFinding,
  Verdict,
} from '#core/model/report.ts';
import {
  clipFinding,
  clipNaclEntry,
  clipRecommendation,
  clipReport,
  MAX_NAME,
} from '#render/alerts/clip-report.ts';
import { type ClusterPlace, clusterLabel, UNKNOWN_PLACE } from '#render/alerts/cluster-label.ts';
import { clip } from '#render/escape.ts';

/** Identifies the JSON document below; bumped on incompatible changes. */
export const NOTIFICATION_SCHEMA = 'eks-sg-advisor/alert-notification@1';

/** `critical`: a new or changed alert is blocked by a security group; `warning`: another verdict needs a look; `info`: only resolutions or non-network findings. */
export type Severity = 'critical' | 'warning' | 'info';

/**
 * The JSON report of one notification: the alerts that moved in this run, with the current report
 * as context. This is what SQS and Lambda subscribers of the topic receive, and what the
 * Slack renderer reads. Lists may be cut to fit SNS's size limit; `omitted` counts what was cut.
 */
export interface AlertNotification {
  readonly schema: typeof NOTIFICATION_SCHEMA;
  /** Hash of the cluster and the delta: the same delta always gets the same id. */
  readonly id: string;
  /** The cluster's name; names repeat across accounts, so its account and Region go with it. */
  readonly cluster: string;
  /** The cluster's AWS account, when known (null when run without one, e.g. locally). */
  readonly account: string | null;
  /** The cluster's Region, when known. */
  readonly region: string | null;
  readonly generatedAt: string;
  readonly window: Report['window'];
  readonly severity: Severity;
  readonly counts: NotificationCounts;
  readonly alerts: readonly NotifiedAlert[];
  /** The current report, its string fields clipped; `findings`/`recommendations` may be prefixes. */
  readonly report: Report;
  readonly omitted: {
    readonly alerts: number;
    readonly findings: number;
    readonly recommendations: number;
    readonly notes: number;
  };
}

/** Sizes of the delta and of the report, before any cut. */
export interface NotificationCounts {
  readonly new: number;
  readonly changed: number;
  readonly resolved: number;
  /** Alerts open after this run, including unchanged ones that are not notified again. */
  readonly open: number;
  readonly findings: number;
  readonly recommendations: number;
}

/** One alert that moved, self-contained (renderers need nothing else). */
export interface NotifiedAlert {
  readonly change: 'new' | 'changed' | 'resolved';
  readonly fingerprint: string;
  readonly kind: FindingKind;
  readonly name: string | null;
  readonly endpoint: string;
  readonly verdicts: readonly Verdict[];
  /** For `changed` alerts, what they were before. */
  readonly previousVerdicts: readonly Verdict[] | null;
  readonly rules: readonly string[];
  readonly previousRules: readonly string[] | null;
  readonly count: number;
  readonly openedAt: string;
  readonly lastSeenAt: string;
  readonly resolvedAt: string | null;
  /** The findings behind the alert (at most {@link MAX_FINDINGS_PER_ALERT}; none when resolved). */
  readonly findings: readonly ReportFinding[];
  readonly omittedFindings: number;
  /** The recommendations that reference those findings. */
  readonly recommendations: readonly Recommendation[];
  /**
   * The network ACL entries that reference those findings (absent when there are none, and from
   * messages published before they were added).
   */
  readonly networkAclEntries?: readonly NetworkAclEntryFix[];
}

/** Findings listed per alert; the rest are counted in `omittedFindings`. */
export const MAX_FINDINGS_PER_ALERT = 5;
/** Recommendations listed per alert (an alert rarely needs more than two rules). */
export const MAX_RECOMMENDATIONS_PER_ALERT = 10;

/** Verdicts from the most serious (0) on: the one order of every list of verdicts. */
const VERDICT_RANK: Readonly<Record<Verdict, number>> = {
  blocked: 0,
  'nacl-blocked': 1,
  'needs-review': 2,
  unknown: 3,
  'unknown-ip': 4,
  allowed: 5,
  'no-target': 6,
  'not-cluster': 7,
  'not-network': 8,
};

/**
 * Builds the notification for the delta of a run (new, changed and resolved alerts of `diff`),
 * with `report` as context, for the cluster at `place`. Alerts are ordered new, changed,
 * resolved, and within each by their most serious verdict. Strings are clipped so every alert has
 * a bounded size.
 *
 * @example
 * const diff = diffAlerts(previous, report, clock.now());
 * const notification = buildAlertNotification(report, diff, clock.now());
 * notification.counts; // { new: 1, changed: 0, resolved: 0, open: 3, findings: 4, recommendations: 2 }
 */
export function buildAlertNotification(
  report: Report,
  diff: AlertDiff,
  now: number,
  place: ClusterPlace = UNKNOWN_PLACE,
): AlertNotification {
  const fixes = {
    recs: indicesByFinding(report.recommendations),
    entries: indicesByFinding(report.networkAclEntries ?? []),
  };
  const moved = [
    ...diff.new.map((change) => notifiedAlert('new', change, report, fixes)),
    ...diff.changed.map((change) => notifiedAlert('changed', change, report, fixes)),
    ...diff.resolved.map((change) => notifiedAlert('resolved', change, report, fixes)),
  ];
  const alerts = moved
    .map((alert, order) => ({ alert, order }))
    .sort(
      (a, b) =>
        changeRank(a.alert) - changeRank(b.alert) ||
        worst(a.alert) - worst(b.alert) ||
        a.order - b.order,
    )
    .map(({ alert }) => alert);
  const open = diff.nextState.filter((state) => state.status === 'open').length;
  const context = clipReport(report);
  return {
    schema: NOTIFICATION_SCHEMA,
    id: digest([
      clusterLabel({ cluster: report.cluster, ...place }),
      ...alerts.map((a) => [a.change, a.fingerprint, ...a.verdicts, ...a.rules].join(' ')),
    ]),
    cluster: context.cluster,
    account: place.account === null ? null : clip(place.account, 64),
    region: place.region === null ? null : clip(place.region, 64),
    generatedAt: new Date(now).toISOString(),
    window: context.window,
    severity: severityOf(alerts),
    counts: {
      new: diff.new.length,
      changed: diff.changed.length,
      resolved: diff.resolved.length,
      open,
      findings: report.findings.length,
      recommendations: report.recommendations.length,
    },
    alerts,
    report: context,
    omitted: { alerts: 0, findings: 0, recommendations: 0, notes: 0 },
  };
}

/**
 * The severity of a set of alerts (see {@link Severity}).
 *
 * @example
 * severityOf([{ change: 'new', verdicts: ['blocked'] }]); // 'critical'
 */
export function severityOf(
  alerts: readonly Pick<NotifiedAlert, 'change' | 'verdicts'>[],
): Severity {
  const live = alerts
    .filter((alert) => alert.change !== 'resolved')
    .flatMap((alert) => alert.verdicts);
  if (live.includes('blocked') || live.includes('nacl-blocked')) return 'critical';
  if (live.some((verdict) => verdict !== 'not-network')) return 'warning';
  return 'info';
}

/**
 * Distinct verdicts, most serious first.
 *
 * @example
 * bySeverity(['allowed', 'blocked', 'allowed']); // ['blocked', 'allowed']
 */
export function bySeverity(verdicts: Iterable<Verdict>): Verdict[] {
  return [...new Set(verdicts)].sort((a, b) => VERDICT_RANK[a] - VERDICT_RANK[b]);
}

/**
 * The most serious verdict of an alert (blocked first, not-network last).
 *
 * @example
 * worstVerdict(['not-network', 'blocked']); // 'blocked'
 */
export function worstVerdict(verdicts: readonly Verdict[]): Verdict | null {
  return bySeverity(verdicts)[0] ?? null;
}

function notifiedAlert(
  type: NotifiedAlert['change'],
  change: AlertChange,
  report: Report,
  fixes: FixesByFinding,
): NotifiedAlert {
  const { state, previous } = change;
  const of = (byFinding: ReadonlyMap<number, readonly number[]>): number[] =>
    [...new Set(change.findings.flatMap((index) => byFinding.get(index) ?? []))]
      .sort((a, b) => a - b)
      .slice(0, MAX_RECOMMENDATIONS_PER_ALERT);
  const entries = of(fixes.entries).flatMap((index) => {
    const entry = report.networkAclEntries?.[index];
    return entry ? [clipNaclEntry(entry)] : [];
  });
  const findings = change.findings.flatMap((index) => {
    const finding = report.findings[index];
    return finding ? [finding] : [];
  });
  return {
    change: type,
    fingerprint: state.fingerprint,
    kind: state.kind,
    name: state.name === null ? null : clip(state.name, MAX_NAME),
    endpoint: clip(state.endpoint, MAX_NAME),
    verdicts: state.verdicts,
    previousVerdicts: type === 'changed' ? (previous?.verdicts ?? null) : null,
    rules: clipRules(state.rules),
    previousRules: type === 'changed' && previous ? clipRules(previous.rules) : null,
    count: state.count,
    openedAt: new Date(state.openedAt).toISOString(),
    lastSeenAt: new Date(state.lastSeenAt).toISOString(),
    resolvedAt: state.resolvedAt === null ? null : new Date(state.resolvedAt).toISOString(),
    findings: findings.slice(0, MAX_FINDINGS_PER_ALERT).map(clipFinding),
    omittedFindings: Math.max(0, findings.length - MAX_FINDINGS_PER_ALERT),
    recommendations: of(fixes.recs).flatMap((index) => {
      const rec = report.recommendations[index];
      return rec ? [clipRecommendation(rec)] : [];
    }),
    ...(entries.length > 0 ? { networkAclEntries: entries } : {}),
  };
}

/** For each kind of fix: finding index → indices of the fixes that reference it. */
interface FixesByFinding {
  readonly recs: ReadonlyMap<number, readonly number[]>;
  readonly entries: ReadonlyMap<number, readonly number[]>;
}

// Finding index → indices of the items that reference it, ascending.
function indicesByFinding(items: readonly { readonly findings: readonly number[] }[]) {
  const byFinding = new Map<number, number[]>();
  items.forEach((item, itemIndex) => {
    for (const index of item.findings) {
      const list = byFinding.get(index);
      if (list) list.push(itemIndex);
      else byFinding.set(index, [itemIndex]);
    }
  });
  return byFinding;
}

function clipRules(rules: readonly string[]): string[] {
  return rules.slice(0, MAX_RECOMMENDATIONS_PER_ALERT * 2).map((rule) => clip(rule, 256));
}

function changeRank(alert: NotifiedAlert): number {
  return alert.change === 'new' ? 0 : alert.change === 'changed' ? 1 : 2;
}

function worst(alert: NotifiedAlert): number {
  const verdict = worstVerdict(alert.verdicts);
  return verdict === null ? 9 : VERDICT_RANK[verdict];
}
