import type { NetworkInterfaceSummary, Verdict } from '#core/model/report.ts';
import type { NaclDenial } from '#core/network/evaluate-nacl.ts';
import type { PathSource } from '#core/network/evaluate-path.ts';
import type { NetworkModel, PortRange } from '#core/network/model.ts';
import type { SensitivePort } from '#core/recommend/sensitive-ports.ts';

// The shapes of a judgement, shared by the judge and its parts (blocked paths, sensitive ports)
// and read by the rule merging and the report.

/** A rule a blocked finding needs, before merging and deduplication. */
export interface RuleNeed {
  readonly action: 'authorize-ingress' | 'authorize-egress';
  readonly groupId: string;
  readonly port: number;
  readonly peerGroupId: string;
}

/** The verdict on one group of findings, with the rules it needs. */
export interface Judgement {
  readonly verdict: Verdict;
  readonly reason: string;
  readonly networkInterface: NetworkInterfaceSummary | null;
  readonly needs: readonly RuleNeed[];
  /** What the snapshot lacked, when the verdict is `unknown`. */
  readonly unknownWhy: readonly string[];
  /**
   * What the network ACLs deny on the path, when the snapshot has them: the report turns these
   * into ACL entries (numbered across all findings) and adds them to the reason.
   */
  readonly naclDenials: readonly NaclDenial[];
}

/** What every judgement shares: the model, the control-plane sources and the groups to use. */
export interface JudgeContext {
  readonly model: NetworkModel;
  readonly sources: readonly PathSource[];
  /** The source group of new ingress rules (the cluster security group when known). */
  readonly peerGroupId: string | null;
  /** The group that receives new egress rules (the cluster security group when known). */
  readonly egressGroupId: string | null;
  /** Ports that get a rule only when a registered APIService or webhook targets them. */
  readonly sensitivePorts: readonly SensitivePort[];
  /** The control plane's source ports, which the replies go to (network ACLs are stateless). */
  readonly replyPorts: PortRange;
}
