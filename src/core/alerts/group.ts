import {
  type AlertIdentity,
  alertFingerprint,
  alertIdentity,
  alertSignature,
  naclEntryKey,
  ruleKey,
} from '#core/alerts/fingerprint.ts';
import type { Report, Verdict } from '#core/model/report.ts';

/** The findings of one report that make up one alert. */
export interface CurrentAlert {
  readonly fingerprint: string;
  readonly identity: AlertIdentity;
  /** Indices into `Report.findings`, ascending. */
  readonly findings: readonly number[];
  readonly verdicts: readonly Verdict[];
  readonly rules: readonly string[];
  readonly signature: string;
  readonly count: number;
  /** Latest `lastSeen` of the findings (clamped to `now`), or `now` when none carries a time. */
  readonly lastSeenAt: number;
}

/**
 * Groups a report's findings into alerts by fingerprint. `active` are the alerts seen less than
 * `resolveAfterMs` before `now`, in the order of their first finding; `stale` maps the fingerprint
 * of every other alert in the report to when it was last seen.
 *
 * @example
 * const { active } = currentAlerts(report, clock.now(), 3_600_000);
 * active[0]?.rules; // ['ingress sg-0123456789abcdef0 tcp/9443 from sg-0fedcba9876543210']
 */
export function currentAlerts(
  report: Report,
  now: number,
  resolveAfterMs: number,
): { active: CurrentAlert[]; stale: Map<string, number> } {
  const rulesOf = rulesByFinding(report);
  const groups = new Map<string, Group>();
  report.findings.forEach((finding, index) => {
    const identity = alertIdentity(finding);
    const fingerprint = alertFingerprint(identity);
    let group = groups.get(fingerprint);
    if (!group) {
      group = {
        identity,
        findings: [],
        verdicts: new Set(),
        rules: new Set(),
        count: 0,
        lastSeenAt: -Infinity,
      };
      groups.set(fingerprint, group);
    }
    group.findings.push(index);
    group.verdicts.add(finding.verdict);
    for (const rule of rulesOf.get(index) ?? []) group.rules.add(rule.slice(0, 256));
    group.count += finding.count;
    group.lastSeenAt = Math.max(group.lastSeenAt, seenAt(finding.lastSeen, now));
  });

  const active: CurrentAlert[] = [];
  const stale = new Map<string, number>();
  for (const [fingerprint, group] of groups) {
    if (now - group.lastSeenAt >= resolveAfterMs) {
      stale.set(fingerprint, group.lastSeenAt);
      continue;
    }
    const verdicts = [...group.verdicts].sort();
    const rules = [...group.rules].sort().slice(0, MAX_RULES);
    active.push({
      fingerprint,
      identity: group.identity,
      findings: group.findings,
      verdicts,
      rules,
      signature: alertSignature(verdicts, rules),
      count: group.count,
      lastSeenAt: group.lastSeenAt,
    });
  }
  return { active, stale };
}

// An alert rarely needs more than two rules; the cap bounds the stored item.
const MAX_RULES = 32;

interface Group {
  readonly identity: AlertIdentity;
  readonly findings: number[];
  readonly verdicts: Set<Verdict>;
  readonly rules: Set<string>;
  count: number;
  lastSeenAt: number;
}

// The keys of the rules and network ACL entries each finding needs.
function rulesByFinding(report: Report): Map<number, string[]> {
  const byFinding = new Map<number, string[]>();
  const fixes = [
    ...report.recommendations.map((rec) => ({ key: ruleKey(rec), findings: rec.findings })),
    ...(report.networkAclEntries ?? []).map((entry) => ({
      key: naclEntryKey(entry),
      findings: entry.findings,
    })),
  ];
  for (const { key, findings } of fixes) {
    for (const index of findings) {
      const list = byFinding.get(index);
      if (list) list.push(key);
      else byFinding.set(index, [key]);
    }
  }
  return byFinding;
}

// A finding's time is its `lastSeen` (log time), never later than the run; `now` when unknown.
function seenAt(lastSeen: string | null, now: number): number {
  if (lastSeen === null) return now;
  const at = Date.parse(lastSeen);
  return Number.isNaN(at) ? now : Math.min(at, now);
}
