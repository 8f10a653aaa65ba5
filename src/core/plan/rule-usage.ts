import type { NetworkModel, PortRange, SgRule } from '#core/network/model.ts';
import { peerOf, ruleAdmits } from '#core/plan/evaluate-flow.ts';
import type { PlanFlow } from '#core/plan/plan-types.ts';

/**
 * The flows a rule admits on its own side: for an ingress rule, flows into an interface that
 * carries its group from a peer the rule matches; for an egress rule, flows out of such an
 * interface to a matching peer. A match the snapshot cannot decide (`unknown`) counts as use.
 *
 * @example
 * flowsAdmittedBy(model, rule, flows).length; // 14
 */
export function flowsAdmittedBy(
  model: NetworkModel,
  rule: SgRule,
  flows: readonly PlanFlow[],
): PlanFlow[] {
  return flows.filter((flow) => {
    const [own, other] =
      rule.direction === 'ingress'
        ? [flow.destination, flow.source]
        : [flow.source, flow.destination];
    if (!own.groupIds.includes(rule.groupId)) return false;
    return ruleAdmits(model, rule, flow, peerOf(other)).result !== 'no';
  });
}

/** Port ranges per protocol. */
export interface NeededRanges {
  readonly tcp: readonly PortRange[];
  readonly udp: readonly PortRange[];
}

/**
 * The smallest port ranges that cover the TCP and UDP flows: each port, adjacent ports merged.
 *
 * @example
 * neededRanges(flows).tcp; // [{ from: 443, to: 443 }, { from: 8443, to: 8444 }]
 */
export function neededRanges(flows: readonly PlanFlow[]): NeededRanges {
  const ranges = (protocol: 'tcp' | 'udp'): PortRange[] => {
    const ports = [
      ...new Set(flows.filter((f) => f.protocol === protocol).map((f) => f.port)),
    ].sort((a, b) => a - b);
    const out: PortRange[] = [];
    for (const port of ports) {
      const last = out[out.length - 1];
      if (last && last.to + 1 === port) out[out.length - 1] = { from: last.from, to: port };
      else out.push({ from: port, to: port });
    }
    return out;
  };
  return { tcp: ranges('tcp'), udp: ranges('udp') };
}

/**
 * Whether a rule covers exactly the needed ranges (so narrowing would change nothing).
 *
 * @example
 * coversExactly(rule, { tcp: [{ from: 9443, to: 9443 }], udp: [] }); // true for a tcp/9443 rule
 */
export function coversExactly(rule: SgRule, needed: NeededRanges): boolean {
  if (rule.protocol !== 'tcp' && rule.protocol !== 'udp') return false;
  const other = rule.protocol === 'tcp' ? needed.udp : needed.tcp;
  const own = rule.protocol === 'tcp' ? needed.tcp : needed.udp;
  if (other.length > 0 || own.length !== 1) return false;
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  return own[0]?.from === from && own[0]?.to === to;
}
