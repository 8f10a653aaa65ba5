import type { ServicePortRef, WebhookConfigurationRef } from '#core/k8s/objects.ts';

/**
 * Something the kube-apiserver calls inside the cluster, with the endpoints it would dial. The
 * union of APIServices backed by a service, admission webhooks and CRD conversion webhooks.
 */
export type ControlPlaneTargetKind = 'apiservice' | 'webhook-admission' | 'webhook-conversion';

/**
 * One APIService, admission webhook or conversion webhook and where the API server's calls go.
 * `name` is the APIService name (`v1beta1.metrics.k8s.io`), the webhook name
 * (`vingress.elbv2.k8s.aws`) or the CRD name (`externalsecrets.external-secrets.io`), the same
 * names the log findings carry.
 */
export interface ControlPlaneTarget {
  readonly kind: ControlPlaneTargetKind;
  readonly name: string;
  /** The webhook configuration holding an admission webhook; null for the other kinds. */
  readonly configuration: WebhookConfigurationRef | null;
  /** The service the object names; null for a URL webhook. */
  readonly service: ServicePortRef | null;
  /** The URL a webhook names instead of a service (`clientConfig.url`). */
  readonly url: UrlTarget | null;
  readonly failurePolicy: 'Fail' | 'Ignore' | null;
  readonly timeoutSeconds: number | null;
  /** Every endpoint, ready or not, ordered by IP then port; the API server dials only ready ones. */
  readonly endpoints: readonly TargetEndpoint[];
  readonly problems: readonly TargetProblem[];
}

/** A webhook URL split into what a path check needs. */
export interface UrlTarget {
  readonly host: string;
  readonly port: number;
  readonly path: string;
}

/** One address the API server may dial for a target: the pod IP and the resolved target port. */
export interface TargetEndpoint {
  readonly ip: string;
  readonly port: number;
  readonly ready: boolean;
  readonly podNamespace: string | null;
  readonly podName: string | null;
  readonly nodeName: string | null;
  /** True when the pod shares its node's network (the IP is the node's); null when unknown. */
  readonly hostNetwork: boolean | null;
  /** The pod's branch ENI (security groups for pods), from `vpc.amazonaws.com/pod-eni`. */
  readonly podEni: PodEni | null;
  /** SecurityGroupPolicies that select the pod (empty for hostNetwork pods: they never apply). */
  readonly securityGroupPolicies: readonly MatchedSecurityGroupPolicy[];
}

/** One entry of the `vpc.amazonaws.com/pod-eni` annotation. */
export interface PodEni {
  readonly eniId: string;
  readonly privateIp: string;
  readonly vlanId: number | null;
  readonly subnetCidr: string | null;
}

/**
 * A SecurityGroupPolicy that applies to a pod. `match` is `service-account-unverified` when the
 * policy also selects by service-account labels, which the audit does not read.
 */
export interface MatchedSecurityGroupPolicy {
  readonly name: string;
  readonly groupIds: readonly string[];
  readonly match: 'selected' | 'service-account-unverified';
}

/** Why a target cannot be checked, or is checked with a caveat. */
export type TargetProblemCode =
  | 'service-not-found'
  | 'service-port-not-found'
  | 'unsupported-service-type'
  | 'endpoint-port-not-found'
  | 'no-endpoints'
  | 'url-hostname'
  | 'url-loopback'
  | 'url-invalid'
  | 'apiservice-unavailable'
  | 'pod-eni-unreadable'
  | 'security-group-policy-not-applied';

/** A problem code and one sentence naming the objects involved. */
export interface TargetProblem {
  readonly code: TargetProblemCode;
  readonly message: string;
}
