import type { Finding } from '#core/findings.ts';
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

/**
 * Groups repeated findings: same kind, name, target (IP, port, how it was found) and error
 * class. Groups keep the order in which their first finding appeared.
 *
 * @example
 * aggregateFindings([timeoutA, timeoutA2, refusedB]).map((g) => g.count); // [2, 1]
 */
export function aggregateFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const finding of findings) {
    const target = targetOf(finding);
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
      continue;
    }
    groups.set(key, {
      ...group,
      count: group.count + 1,
      firstAt: minOf(group.firstAt, finding.at),
      lastAt: maxOf(group.lastAt, finding.at),
      latencyMs: maxOf(group.latencyMs, finding.latencyMs),
    });
  }
  return [...groups.values()];
}

function minOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.max(a, b);
}
