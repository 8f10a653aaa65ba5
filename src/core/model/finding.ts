import type { ErrorClass } from '#core/model/error-class.ts';

/**
 * What the kube-apiserver said about one call it made to an in-cluster endpoint, as typed data.
 * Findings are a discriminated union keyed by `kind`; rendering lives elsewhere.
 *
 * The seven contract fields (`kind`, `name`, `host`, `ip`, `port`, `error`, `latencyMs`) mean:
 * - `name`: the APIService (`v1beta1.metrics.k8s.io`), webhook (`vingress.elbv2.k8s.aws`) or, for
 *   conversion webhooks, the CRD (`certificates.cert-manager.io`);
 * - `host`: the host as written in the URL (an IP or a service DNS name);
 * - `ip`/`port`: the endpoint the line says was dialled. For a webhook URL with a service DNS name
 *   `port` is the service port and `ip` is null, unless a `dial tcp IP:PORT` tail names the pod;
 * - `error`: the error class of the text after the URL;
 * - `latencyMs`: how long the call took when the record says so.
 */
export type FindingKind = Finding['kind'];

/**
 * The kinds `classify --all` prints: every finding kind, `trace` for a webhook-call trace line
 * judged on its own (in findings it becomes a webhook finding), or `none`.
 */
export type LineKind = FindingKind | 'trace' | 'none';

/** A Kubernetes service as named by a webhook URL (`https://NAME.NAMESPACE.svc:PORT/...`). */
export interface ServiceRef {
  readonly namespace: string;
  readonly name: string;
  /** The service port, when the text names it. */
  readonly port: number | null;
}

/**
 * Where a destination IP and port came from:
 * `url` (the URL host is an IP), `dial-tail` (a `dial tcp IP:PORT` in the error),
 * `dialer` (an EKS `Dialing...` line correlated by time), `kubernetes` (EndpointSlices).
 */
export type EndpointSource = 'url' | 'dial-tail' | 'dialer' | 'kubernetes';

/** An EKS dialer line tied to a failure by time within the same log stream. */
export interface DialCorrelation {
  readonly ip: string;
  readonly port: number;
  readonly dialId: string;
  /** When the `Dialing...` line was written (epoch ms), or null when unknown. */
  readonly at: number | null;
  /** Dial duration from the paired `Dialed in` line; null when the dial never completed. */
  readonly latencyMs: number | null;
  readonly outcome: DialOutcome;
  /** Milliseconds between the dial and the failure it is tied to (negative: dial came first). */
  readonly offsetMs: number | null;
}

/** `timed-out`: ≥ 95 % of the call's timeout; `slow`: ≥ 1 s (SYN retransmits); `stalled`: no `Dialed in` within the timeout; `pending`: the log ends before the timeout; `ok`: fast. */
export type DialOutcome = 'timed-out' | 'slow' | 'stalled' | 'pending' | 'ok';

/** A trace of a webhook call: `timed-out` when its total time is ≥ 95 % of the call's timeout. */
export type TraceOutcome = 'timed-out' | 'slow';

/**
 * The call a record is about: the APIService or webhook `name`, the `host`, `ip` and `port`
 * dialled, the error class and the latency, each `null` when the record does not say.
 */
export interface CallFields {
  readonly name: string | null;
  readonly host: string | null;
  readonly ip: string | null;
  readonly port: number | null;
  readonly error: ErrorClass | null;
  readonly latencyMs: number | null;
}

/** Fields every finding carries. */
export interface FindingBase extends CallFields {
  /** When the record was written (epoch ms, from the klog header and the best known year). */
  readonly at: number | null;
  /** CloudWatch log stream (or `null` for plain text input). */
  readonly stream: string | null;
  /** klog severity letter of the record. */
  readonly severity: 'I' | 'W' | 'E' | 'F' | null;
  /** The error text the class was taken from (bounded length). */
  readonly detail: string;
}

/** `<apiservice> failed with: ...` from the availability controller, or its V(2) transition line. */
export interface ApiServiceAvailabilityFinding extends FindingBase {
  readonly kind: 'apiservice-availability';
  readonly service: ServiceRef | null;
}

/** `loading OpenAPI spec for "X" failed with: ...` / `Error updating APIService "X" with err: ...`. */
export interface OpenApiFinding extends FindingBase {
  readonly kind: 'openapi';
}

/** `couldn't get resource list for G/V: ...`, `unable to retrieve the complete list of server APIs`. */
export interface DiscoveryFinding extends FindingBase {
  readonly kind: 'discovery';
}

/**
 * A validating or mutating admission webhook call that failed, or that a `Call ... webhook` trace
 * shows was slow (then `error` is null and `traceOutcome` says whether it hit its timeout).
 */
export interface WebhookAdmissionFinding extends FindingBase {
  readonly kind: 'webhook-admission';
  readonly service: ServiceRef | null;
  /** The `?timeout=` of the call in ms, when the URL carries it. */
  readonly timeoutMs: number | null;
  /** `Ignore` for `failing open`, `Fail` for `failing closed`, null when the line does not say. */
  readonly failurePolicy: 'Ignore' | 'Fail' | null;
  /** The EKS dialer line correlated with this failure, when there is one. */
  readonly dial: DialCorrelation | null;
  /** Total time of the utiltrace joined with this call, when there is one. */
  readonly traceMs: number | null;
  /** For a call known only from its trace: whether it hit its timeout or was only slow. */
  readonly traceOutcome: TraceOutcome | null;
}

/** `conversion webhook for G/V, Kind=K failed: ...`; `name` is the CRD (`plural.group`). */
export interface WebhookConversionFinding extends FindingBase {
  readonly kind: 'webhook-conversion';
  readonly service: ServiceRef | null;
  readonly timeoutMs: number | null;
  readonly gvk: { readonly group: string; readonly version: string; readonly kind: string } | null;
  readonly dial: DialCorrelation | null;
  readonly traceMs: number | null;
  readonly traceOutcome: TraceOutcome | null;
}

/** An EKS allowlist-dialer pair `[id: IP:PORT] Dialing...` / `Dialed in <duration>.` that was slow or never finished. */
export interface DialFinding extends FindingBase {
  readonly kind: 'dial';
  readonly dialId: string;
  readonly outcome: DialOutcome;
}

/** `error dialing backend: ...`: the apiserver could not reach a kubelet (logs, exec, port-forward). */
export interface KubeletFinding extends FindingBase {
  readonly kind: 'kubelet';
}

/** Every finding the classifier produces. */
export type Finding =
  | ApiServiceAvailabilityFinding
  | OpenApiFinding
  | DiscoveryFinding
  | WebhookAdmissionFinding
  | WebhookConversionFinding
  | DialFinding
  | KubeletFinding;

/** What `classify --all` prints for one physical line, judged on its own. */
export interface LineVerdict extends CallFields {
  readonly kind: LineKind;
}
