import type { CallFields, FindingKind } from '#core/model/finding.ts';

/**
 * The result of one analysis: what failed, what the network says about it, and the minimal rules
 * that fix it. This is the JSON contract of `eks-sg-advisor analyze --format json` and of the
 * analyze Lambda; field names are kept stable, fields may be added.
 */
export interface Report {
  readonly cluster: string;
  /** The log window analysed (ISO 8601), when known. */
  readonly window: { readonly start: string; readonly end: string } | null;
  readonly findings: readonly ReportFinding[];
  readonly recommendations: readonly Recommendation[];
  /**
   * Allow entries to add to network ACLs (when the snapshot has the ACLs; absent from reports of
   * earlier releases).
   */
  readonly networkAclEntries?: readonly NetworkAclEntryFix[];
  readonly notes: readonly ReportNote[];
}

/** How sure we are of a destination: stated by a log line, correlated, or inferred from a catalogue. */
export type TargetSource = 'url' | 'dial-tail' | 'dialer' | 'kubernetes' | 'catalogue';

/** The destination the control plane dialled (or most likely dialled) for a finding. */
export interface Target {
  readonly ip: string | null;
  readonly port: number;
  readonly source: TargetSource;
  /** Human name of the port (IANA service or known add-on), e.g. `pharos`, `metrics-server`. */
  readonly portName: string | null;
}

/**
 * The verdict for one aggregated finding:
 * - `blocked`: a security group on the path drops the flow; recommendations fix it;
 * - `allowed`: the security groups (and the network ACLs, when the snapshot has them) allow the
 *   flow; look at routes and the pod itself (and the ACLs when they were not checked);
 * - `nacl-blocked`: the security groups allow the flow but a network ACL denies it or its
 *   replies; the reason names the entry and the allow entry that fixes it;
 * - `not-network`: the error class cannot be fixed by a security-group change (refused, TLS, ...);
 * - `unknown-ip`: the endpoint IP matches no network interface in the snapshot;
 * - `no-target`: the logs name no endpoint (e.g. a symptom line), nothing to evaluate;
 * - `unknown`: the evaluation depends on data the snapshot lacks (e.g. an unresolved prefix list);
 * - `not-cluster`: the endpoint is not a node or pod interface of this cluster (a NAT gateway, a
 *   load balancer, a VPC endpoint, the control plane's own interface, another cluster's or an
 *   unrelated instance's): no rule and no ACL entry is proposed, the reason says what it is;
 * - `needs-review`: a rule would open a sensitive port (SSH, RDP, a database...) that no
 *   registered APIService or webhook targets: no rule is proposed, the reason gives the evidence.
 */
export type Verdict =
  | 'blocked'
  | 'nacl-blocked'
  | 'allowed'
  | 'not-network'
  | 'unknown-ip'
  | 'no-target'
  | 'unknown'
  | 'not-cluster'
  | 'needs-review';

/** One line of the report: all findings with the same kind, name, target and error class. */
export interface ReportFinding extends CallFields {
  readonly kind: FindingKind;
  /** Largest latency seen, when any record gave one. */
  readonly latencyMs: number | null;
  readonly count: number;
  /** ISO 8601 of the first and last record, when the records carried time. */
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  readonly target: Target | null;
  readonly verdict: Verdict;
  /** One or two sentences a person can act on. */
  readonly reason: string;
  /** The network interface that owns the target IP, when found. */
  readonly networkInterface: NetworkInterfaceSummary | null;
  /** The error text of the first finding of the group, as the log wrote it (bounded length). */
  readonly detail?: string;
}

/** What the report says about the network interface behind a target IP. */
export interface NetworkInterfaceSummary {
  readonly id: string;
  readonly role:
    | 'node'
    | 'branch'
    | 'trunk'
    | 'vpc-cni-secondary'
    | 'fargate'
    | 'control-plane'
    | 'instance'
    | 'other-cluster'
    | 'nat-gateway'
    | 'load-balancer'
    | 'vpc-endpoint'
    | 'other';
  readonly groupIds: readonly string[];
  readonly description: string | null;
  /** `exact` when the IP is one of the interface's addresses, `prefix` when inside a delegated prefix. */
  readonly match: 'exact' | 'prefix';
  /** The delegated prefix that holds the IP, for `prefix` matches. */
  readonly prefix?: string | null;
}

/** A rule to add. `findings` are indices into {@link Report.findings}. */
export interface Recommendation {
  readonly action: 'authorize-ingress' | 'authorize-egress';
  readonly groupId: string;
  readonly protocol: 'tcp' | 'udp';
  readonly fromPort: number;
  readonly toPort: number;
  readonly peer: { readonly groupId: string } | { readonly cidr: string };
  /** Rule description for AWS (≤ 255 characters of the allowed set). */
  readonly description: string;
  /** One sentence: which APIService or webhook, which endpoints, which error, how often, when. */
  readonly reason: string;
  readonly findings: readonly number[];
}

/**
 * An allow entry to add to a network ACL, numbered before the entry that denies the calls or
 * their replies. `findings` are indices into {@link Report.findings}.
 */
export interface NetworkAclEntryFix {
  readonly networkAclId: string;
  /** The subnet the ACL guards on this path (the endpoint's, or a control-plane interface's). */
  readonly subnetId: string;
  readonly direction: 'ingress' | 'egress';
  /** Null when no free number comes before the denying entry: the ACL must be renumbered. */
  readonly ruleNumber: number | null;
  readonly protocol: 'tcp';
  readonly fromPort: number;
  readonly toPort: number;
  /** The other side: its subnet's CIDR, or its address (/32, /128) when the subnets are unknown. */
  readonly cidr: string;
  /** One sentence: what it lets through, and which entry denies it today. */
  readonly reason: string;
  readonly findings: readonly number[];
}

/** Something worth knowing that is not a rule: a baseline gap, a skipped check, a data gap. */
export interface ReportNote {
  readonly code: string;
  readonly message: string;
}
