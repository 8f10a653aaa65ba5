import type { FlowObservation, PlanFlow } from '#core/plan/plan-types.ts';

/**
 * Merges flows with the same source, destination, protocol and port (a registered flow that the
 * flow logs also saw becomes one flow with both provenances and the observation).
 *
 * @example
 * mergeFlows([registered, observed]).length; // 1
 */
export function mergeFlows(flows: readonly PlanFlow[]): PlanFlow[] {
  const merged = new Map<string, PlanFlow>();
  for (const flow of flows) {
    const key = `${flow.source.ip?.text ?? flow.source.eni?.id ?? 'cp'}|${flow.destination.ip?.text ?? flow.destination.eni?.id}|${flow.protocol}|${flow.port}`;
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, flow);
      continue;
    }
    merged.set(key, {
      ...seen,
      provenance: [...new Set([...seen.provenance, ...flow.provenance])],
      callers: [...new Set([...seen.callers, ...flow.callers])],
      observed: combine(seen.observed, flow.observed),
      rejected: combine(seen.rejected, flow.rejected),
    });
  }
  return [...merged.values()];
}

function combine(a: FlowObservation | null, b: FlowObservation | null): FlowObservation | null {
  if (!a || !b) return a ?? b;
  return {
    records: a.records + b.records,
    packets: a.packets + b.packets,
    firstSeen: min(a.firstSeen, b.firstSeen),
    lastSeen: max(a.lastSeen, b.lastSeen),
    days: Math.max(a.days, b.days),
    initiatorBy:
      a.initiatorBy === 'tcp-flags' || b.initiatorBy === 'tcp-flags' ? 'tcp-flags' : 'ports',
  };
}

function min(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

function max(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/**
 * The flows the plan must leave allowed: required (documented, registered, failed), accepted in
 * the window, and rejected SYNs from the control plane to a node or pod (blocked calls). Other
 * rejected flows (scans from elsewhere) are not made possible.
 *
 * @example
 * mustAllow(flows).every((f) => f.provenance.length > 0); // true
 */
export function mustAllow(flows: readonly PlanFlow[]): PlanFlow[] {
  return flows.filter(
    (flow) =>
      flow.provenance.some((p) => p !== 'rejected') ||
      (flow.source.role === 'control-plane' && flow.destination.role === 'data-plane'),
  );
}
