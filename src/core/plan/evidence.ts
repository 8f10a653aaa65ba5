import { flowText } from '#core/plan/flow-ends.ts';
import type { FlowObservation, PlanFlow } from '#core/plan/plan-types.ts';

/**
 * One line of evidence for a flow: what it is, why it is needed and what the window saw.
 *
 * @example
 * flowEvidence(flow); // 'tcp/9443 10.0.1.10 (eni-…) → 10.0.2.7 (eni-…): registered (webhook vingress.elbv2.k8s.aws); observed 12 records on 7 days, last 2026-11-30T10:00:00Z'
 */
export function flowEvidence(flow: PlanFlow): string {
  const why = flow.provenance
    .map((p) =>
      (p === 'registered' || p === 'documented' || p === 'failed') && flow.callers.length > 0
        ? `${p} (${flow.callers.join(', ')})`
        : p,
    )
    .join(', ');
  const seen = flow.observed ? `; ${observationText('observed', flow.observed)}` : '';
  const rejected = flow.rejected ? `; ${observationText('rejected', flow.rejected)}` : '';
  return `${flowText(flow)}: ${why}${seen}${rejected}`;
}

function observationText(what: string, o: FlowObservation): string {
  const last =
    o.lastSeen === null
      ? ''
      : `, last ${new Date(o.lastSeen * 1000).toISOString().replace('.000Z', 'Z')}`;
  const by = o.initiatorBy === 'ports' ? ', opener told by ports only' : '';
  return `${what} ${o.records} record${o.records === 1 ? '' : 's'} on ${o.days} day${o.days === 1 ? '' : 's'}${last}${by}`;
}

/**
 * Whether a flow is only observed (no registration, documentation or failure explains it) and
 * seen rarely: fewer than 3 records, or on one day only.
 *
 * @example
 * isRare(flow); // true
 */
export function isRare(flow: PlanFlow): boolean {
  const explained = flow.provenance.some(
    (p) => p === 'documented' || p === 'registered' || p === 'failed',
  );
  if (explained || !flow.observed) return false;
  return flow.observed.records < 3 || flow.observed.days < 2;
}
