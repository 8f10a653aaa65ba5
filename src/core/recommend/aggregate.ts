import type { Finding } from '#core/model/finding.ts';
import { type FindingTarget, targetOf } from '#core/recommend/target.ts';

/** All findings with the same kind, name, target and error class, in order of first appearance. */
export interface FindingGroup {
  /** The first finding of the group (its detail and fields represent the group). */
  readonly finding: Finding;
  readonly target: FindingTarget;
  readonly count: number;
  /** Epoch ms of the first and last finding that carried a time. */
  readonly firstAt: number | null;
  readonly lastAt: number | null;
  /** Largest latency of the group, when any finding gave one. */
  readonly latencyMs: number | null;
}

/** The targets of one finding: usually one, several when the cluster names every replica. */
export type TargetsOf = (finding: Finding, index: number) => readonly FindingTarget[];

/**
 * Groups repeated findings: same kind, name, target (IP, port, how it was found) and error
 * class. Groups keep the order in which their first finding appeared. `targetsOf` (default: the
 * one target the logs give, {@link targetOf}) may give a finding several targets, e.g. every
 * ready pod behind a webhook service read from the Kubernetes API; it then counts in each.
 *
 * @example
 * aggregateFindings([timeoutA, timeoutA2, refusedB]).map((g) => g.count); // [2, 1]
 */
export function aggregateFindings(
  findings: readonly Finding[],
  targetsOf: TargetsOf = (finding) => [targetOf(finding)],
): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  findings.forEach((finding, index) => {
    for (const target of targetsOf(finding, index)) addToGroup(groups, finding, target);
  });
  return [...groups.values()];
}

function addToGroup(
  groups: Map<string, FindingGroup>,
  finding: Finding,
  target: FindingTarget,
): void {
  const key = JSON.stringify([
    finding.kind,
    finding.name,
    target.ip,
    target.port,
    target.source,
    target.ip === null ? (target.service?.namespace ?? null) : null,
    target.ip === null ? (target.service?.name ?? null) : null,
    finding.error,
  ]);
  const group = groups.get(key);
  if (!group) {
    groups.set(key, {
      finding,
      target,
      count: 1,
      firstAt: finding.at,
      lastAt: finding.at,
      latencyMs: finding.latencyMs,
    });
    return;
  }
  groups.set(key, {
    ...group,
    count: group.count + 1,
    firstAt: minOf(group.firstAt, finding.at),
    lastAt: maxOf(group.lastAt, finding.at),
    latencyMs: maxOf(group.latencyMs, finding.latencyMs),
  });
}

function minOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.max(a, b);
}
