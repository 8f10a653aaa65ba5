import type { NetworkModel, RulePeer, SgRule } from '#core/network/model.ts';
import { flowEvidence, isRare } from '#core/plan/evidence.ts';
import { peerKey, replacementPeer } from '#core/plan/narrow-peers.ts';
import type { ConfidenceFlag, PlanFlow, RuleDecision } from '#core/plan/plan-types.ts';
import { coversExactly, flowsAdmittedBy, neededRanges } from '#core/plan/rule-usage.ts';
import { portRangeText, rulePortsText } from '#core/port-names/port-range.ts';

/** A decision and, for `narrow`, the rules that replace the broad one. */
export interface DecisionDraft {
  readonly decision: RuleDecision;
  readonly replacements: readonly SgRule[];
}

/**
 * Decides one in-scope rule from the flows it admits: `revoke` when it admits none, `keep` when
 * it already covers exactly the needed ports (or admits ICMP, or what it admits cannot be seen in
 * the flow logs), otherwise `narrow` to one rule per needed port range and peer (a group rule
 * keeps its group; a CIDR rule names the groups of the control plane, nodes and pods it serves,
 * and keeps the CIDR for other peers: see `replacementPeer`).
 *
 * @param observable false when some interface the rule governs has no flow logs (then it is kept).
 * @example
 * decideRule(model, rule, flows, true).decision.decision; // 'narrow'
 */
export function decideRule(
  model: NetworkModel,
  rule: SgRule,
  flows: readonly PlanFlow[],
  observable: boolean,
  controlPlaneGroup: string | null = null,
): DecisionDraft {
  const used = flowsAdmittedBy(model, rule, flows);
  const evidence = evidenceOf(used);
  const flags: ConfidenceFlag[] = [];
  const keep = (reason: string): DecisionDraft => ({
    decision: { decision: 'keep', rule, reason, evidence, flags },
    replacements: [],
  });
  if (isUntracked(rule)) {
    flags.push({
      code: 'untracked-connections',
      message: `${rule.id ?? 'the rule'} admits ${cidrText(rule)}: connections it allows may be untracked, and revoking it cuts them at once`,
    });
  }
  if (!observable) {
    flags.push({
      code: 'no-flow-logs',
      message: `some interfaces ${rule.groupId} governs have no flow logs in the window: what ${rule.id ?? 'the rule'} admits for them was not seen`,
    });
    return keep('kept: part of what it admits is not covered by the flow logs');
  }
  if (used.length === 0) {
    return {
      decision: {
        decision: 'revoke',
        rule,
        reason: 'admits no required flow and no flow observed in the window',
        evidence,
        flags,
      },
      replacements: [],
    };
  }
  const icmp = used.filter((f) => f.protocol === 'icmp' || f.protocol === 'icmpv6');
  if (icmp.length > 0) {
    flags.push({
      code: 'icmp',
      message: `${rule.id ?? 'the rule'} admits observed ICMP (path MTU discovery needs it): not narrowed to TCP`,
    });
    return keep('kept: it admits observed ICMP');
  }
  if (rule.protocol !== 'tcp' && rule.protocol !== 'udp' && rule.protocol !== '-1') {
    return keep(`kept: protocol ${rule.protocol} is reported, not narrowed`);
  }
  const byPeer = new Map<string, { peer: RulePeer; flows: PlanFlow[] }>();
  for (const flow of used) {
    const peer = replacementPeer(model, rule, flow, controlPlaneGroup);
    const key = peerKey(peer);
    const entry = byPeer.get(key);
    if (entry) entry.flows.push(flow);
    else byPeer.set(key, { peer, flows: [flow] });
  }
  const only = byPeer.size === 1 ? byPeer.get(peerKey(rule.peer)) : undefined;
  if (only && coversExactly(rule, neededRanges(only.flows))) {
    return keep('kept: required or used, exactly as wide as needed');
  }
  const rare = used.filter(isRare);
  for (const flow of rare) {
    flags.push({
      code: 'rare-port',
      message: `${flow.protocol}/${flow.port} is used rarely and no registration explains it: kept in the narrowed rule, check it`,
    });
  }
  if (rule.protocol === '-1') {
    flags.push({
      code: 'icmp',
      message: `narrowing ${rule.id ?? 'the rule'} (all traffic) drops ICMP, which path MTU discovery needs on hybrid or transit paths`,
    });
  }
  const replacements: SgRule[] = [];
  for (const { peer, flows: peerFlows } of byPeer.values()) {
    const needed = neededRanges(peerFlows);
    for (const protocol of ['tcp', 'udp'] as const) {
      for (const range of needed[protocol]) {
        replacements.push({
          id: null,
          groupId: rule.groupId,
          direction: rule.direction,
          protocol,
          fromPort: range.from,
          toPort: range.to,
          peer,
          description: `eks-sg-advisor plan: narrowed from ${rule.id ?? 'a broad rule'}`,
        });
      }
    }
  }
  const ports = replacements.map(
    (r) =>
      `${r.protocol}/${portRangeText(r.fromPort ?? 0, r.toPort ?? 0)}${r.peer === rule.peer ? '' : ` ${r.direction === 'ingress' ? 'from' : 'to'} ${peerKey(r.peer).replace(/^[a-z]+:/, '')}`}`,
  );
  return {
    decision: {
      decision: 'narrow',
      rule,
      reason: `narrow ${ruleText(rule)} to ${ports.join(', ')}: the ports its ${used.length} required or observed flow(s) use`,
      evidence,
      flags,
    },
    replacements,
  };
}

/** How many flows a decision lists as evidence; the rest are counted. */
export const EVIDENCE_LIMIT = 25;

/**
 * The evidence lines of a set of flows: required flows first, then by record count, at most
 * {@link EVIDENCE_LIMIT} of them and a line counting the rest.
 *
 * @example
 * evidenceOf(flows).at(-1); // '... and 212 more flows'
 */
export function evidenceOf(flows: readonly PlanFlow[]): string[] {
  const weight = (f: PlanFlow) =>
    (f.provenance.some((p) => p !== 'observed' && p !== 'rejected') ? 1e12 : 0) +
    (f.observed?.records ?? 0);
  const sorted =
    flows.length > EVIDENCE_LIMIT ? [...flows].sort((a, b) => weight(b) - weight(a)) : flows;
  const lines = sorted.slice(0, EVIDENCE_LIMIT).map(flowEvidence);
  if (flows.length > EVIDENCE_LIMIT)
    lines.push(`... and ${flows.length - EVIDENCE_LIMIT} more flows`);
  return lines;
}

/**
 * A rule as a short text: `tcp/1025-65535 from sg-0add... on sg-0b0d... (sgr-...)`.
 *
 * @example
 * ruleText(rule); // 'ingress tcp/1025-65535 from sg-0add… on sg-0b0d… (sgr-0001)'
 */
export function ruleText(rule: SgRule): string {
  const ports = rulePortsText(rule);
  const peer = peerText(rule);
  const way = rule.direction === 'ingress' ? `from ${peer}` : `to ${peer}`;
  return `${rule.direction} ${ports} ${way} on ${rule.groupId}${rule.id ? ` (${rule.id})` : ''}`;
}

function peerText(rule: SgRule): string {
  switch (rule.peer.kind) {
    case 'group':
      return rule.peer.groupId;
    case 'cidr':
      return rule.peer.cidr.text;
    case 'prefix-list':
      return rule.peer.prefixListId;
  }
}

function isUntracked(rule: SgRule): boolean {
  return rule.peer.kind === 'cidr' && rule.peer.cidr.prefixLength === 0;
}

function cidrText(rule: SgRule): string {
  return rule.peer.kind === 'cidr' ? rule.peer.cidr.text : peerText(rule);
}
