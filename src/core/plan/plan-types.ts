import type { IpAddress } from '#core/network/ip.ts';
import type { Eni, SgRule } from '#core/network/model.ts';

/** Which side of the cluster an address belongs to. */
export type EndRole = 'control-plane' | 'data-plane' | 'other';

/** One end of a flow: the address, and the interface (and groups) that own it when known. */
export interface FlowEnd {
  /** Null for "the control plane" when the snapshot names no X-ENI address. */
  readonly ip: IpAddress | null;
  readonly eni: Eni | null;
  readonly groupIds: readonly string[];
  readonly subnetId: string | null;
  readonly role: EndRole;
}

/** Why a flow must stay allowed (or be allowed). */
export type Provenance =
  | 'documented' // EKS's minimum: control plane → kubelet 10250, nodes → control plane 443
  | 'registered' // an APIService, admission or conversion webhook resolves to the endpoint
  | 'observed' // accepted in the flow logs
  | 'rejected' // a SYN the flow logs show rejected (a blocked call)
  | 'failed'; // the API-server logs show the call timing out

/** What the flow logs say about a flow over the window. */
export interface FlowObservation {
  readonly records: number;
  readonly packets: number;
  readonly firstSeen: number | null;
  readonly lastSeen: number | null;
  /** Distinct UTC days with a record. */
  readonly days: number;
  /** How the initiator was told: TCP flags, or only the port numbers. */
  readonly initiatorBy: 'tcp-flags' | 'ports';
}

/** A connection the plan must keep (or make) possible: who opens it, to what, and why. */
export interface PlanFlow {
  readonly source: FlowEnd;
  readonly destination: FlowEnd;
  /** `tcp`, `udp`, `icmp` or `icmpv6` (ICMP is never narrowed away, only flagged). */
  readonly protocol: 'tcp' | 'udp' | 'icmp' | 'icmpv6';
  /** The destination port; 0 for ICMP. */
  readonly port: number;
  readonly family: 4 | 6;
  readonly provenance: readonly Provenance[];
  /** The APIServices and webhooks behind a registered flow (`APIService v1beta1.metrics.k8s.io`). */
  readonly callers: readonly string[];
  readonly observed: FlowObservation | null;
  readonly rejected: FlowObservation | null;
}

/** The shape of `analyze`'s recommendations, with revokes and prefix-list peers. */
export interface PlanRuleChange {
  readonly action: 'authorize-ingress' | 'authorize-egress' | 'revoke-ingress' | 'revoke-egress';
  readonly groupId: string;
  /** `tcp`, `udp`, `-1` or another protocol as the rule has it (revokes only). */
  readonly protocol: string;
  readonly fromPort: number | null;
  readonly toPort: number | null;
  readonly peer:
    | { readonly groupId: string }
    | { readonly cidr: string }
    | { readonly prefixListId: string };
  /** The rule a revoke removes. */
  readonly ruleId: string | null;
  /** `add` (required, missing), `narrow` (replaces a broad rule), `revoke` (unused, not required). */
  readonly change: 'add' | 'narrow' | 'revoke';
  readonly description: string;
  readonly reason: string;
  readonly evidence: readonly string[];
}

/** What the plan does with one rule between the control plane and the data plane. */
export interface RuleDecision {
  readonly decision: 'keep' | 'narrow' | 'revoke';
  readonly rule: SgRule;
  readonly reason: string;
  /** The flows the rule admits today, as `tcp/9443 10.0.1.10 → 10.0.2.7 (registered: ...)`. */
  readonly evidence: readonly string[];
  readonly flags: readonly ConfidenceFlag[];
}

/** A rule outside the planner's scope and what the window says about it. */
export interface RuleUsage {
  readonly rule: SgRule;
  readonly flows: number;
  readonly ports: readonly string[];
  readonly why: string;
}

/** Something that lowers confidence in a decision; never silently narrowed away. */
export interface ConfidenceFlag {
  readonly code:
    | 'short-window'
    | 'flow-log-gaps'
    | 'no-flow-logs'
    | 'rare-port'
    | 'ipv6'
    | 'icmp'
    | 'initiator-by-ports'
    | 'untracked-connections'
    | 'unknown-evaluation';
  readonly message: string;
}

/** A flow the replay check found not allowed after the plan. */
export interface ReplayProblem {
  readonly flow: string;
  /** `broken`: allowed today, denied after; `still-blocked`: denied today and after. */
  readonly kind: 'broken' | 'still-blocked' | 'nacl-denied' | 'unknown';
  readonly detail: string;
}

/** The replay check: every required and observed flow evaluated after the plan. */
export interface ReplayResult {
  readonly status: 'pass' | 'fail';
  readonly checked: number;
  readonly problems: readonly ReplayProblem[];
}

/** The least-privilege plan of one cluster. */
export interface Plan {
  readonly cluster: string;
  readonly window: {
    readonly start: string | null;
    readonly end: string | null;
    readonly days: number;
  };
  readonly controlPlaneGroup: { readonly groupId: string | null; readonly why: string };
  /** Authorizations first, then revokes (the order to apply them in). */
  readonly changes: readonly PlanRuleChange[];
  readonly decisions: readonly RuleDecision[];
  readonly usage: readonly RuleUsage[];
  readonly replay: ReplayResult;
  /** Revokes the replay check held back, and the flow each would break. */
  readonly heldBack: readonly string[];
  readonly confidence: readonly ConfidenceFlag[];
  readonly flows: {
    readonly required: number;
    readonly observed: number;
    readonly rejected: number;
  };
  readonly notes: readonly string[];
}
