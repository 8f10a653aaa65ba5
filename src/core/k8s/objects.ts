/**
 * The Kubernetes objects the audit reads, narrowed to the fields it uses. Adapters translate the
 * API's JSON into these shapes; the core never sees raw API objects.
 */

/** A Kubernetes service and the port a client calls it on (`namespace/name:port`). */
export interface ServicePortRef {
  readonly namespace: string;
  readonly name: string;
  /** The service port (not the target port); the API defaults it to 443. */
  readonly port: number;
}

/** Where the API server sends a call: a service (the usual case) or a URL. */
export interface ClientConfig {
  readonly service: ServicePortRef | null;
  /** `clientConfig.url`, when the webhook names a URL instead of a service. */
  readonly url: string | null;
}

/** One condition of an object's status, e.g. an APIService's `Available`. */
export interface ConditionSummary {
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string | null;
  readonly message: string | null;
}

/** An `apiregistration.k8s.io/v1` APIService; `service` is null for a local (built-in) API. */
export interface ApiServiceObject {
  readonly name: string;
  readonly service: ServicePortRef | null;
  readonly available: ConditionSummary | null;
}

/** Which webhook configuration holds an admission webhook. */
export interface WebhookConfigurationRef {
  readonly kind: 'validating' | 'mutating';
  readonly name: string;
}

/** One webhook of a Validating- or MutatingWebhookConfiguration. */
export interface AdmissionWebhookObject {
  readonly configuration: WebhookConfigurationRef;
  readonly name: string;
  readonly clientConfig: ClientConfig;
  readonly failurePolicy: 'Fail' | 'Ignore' | null;
  readonly timeoutSeconds: number | null;
}

/** A CustomResourceDefinition; `conversion` is set only when its strategy is `Webhook`. */
export interface CustomResourceDefinitionObject {
  readonly name: string;
  readonly conversion: ClientConfig | null;
}

/** One port of a Service. `name` is '' for an unnamed port, as the API reports it. */
export interface ServicePortObject {
  readonly name: string;
  readonly port: number;
  /** A number, a container port name, or null when unset (then it equals `port`). */
  readonly targetPort: number | string | null;
  readonly protocol: string;
}

/** A core/v1 Service. */
export interface ServiceObject {
  readonly namespace: string;
  readonly name: string;
  /** `ClusterIP`, `NodePort`, `LoadBalancer` or `ExternalName`. */
  readonly type: string;
  readonly ports: readonly ServicePortObject[];
}

/** One port of an EndpointSlice: the resolved target port, named after the service port. */
export interface EndpointSlicePortObject {
  readonly name: string | null;
  readonly port: number | null;
  readonly protocol: string | null;
}

/** What an EndpointSlice endpoint points at (usually a Pod). */
export interface ObjectReference {
  readonly kind: string;
  readonly namespace: string | null;
  readonly name: string;
}

/** One endpoint of an EndpointSlice. `ready: null` means ready (the API's rule). */
export interface EndpointSliceEndpointObject {
  readonly addresses: readonly string[];
  readonly ready: boolean | null;
  readonly nodeName: string | null;
  readonly targetRef: ObjectReference | null;
}

/** A `discovery.k8s.io/v1` EndpointSlice; `serviceName` is its `kubernetes.io/service-name` label. */
export interface EndpointSliceObject {
  readonly namespace: string;
  readonly name: string;
  readonly serviceName: string | null;
  readonly addressType: string;
  readonly ports: readonly EndpointSlicePortObject[];
  readonly endpoints: readonly EndpointSliceEndpointObject[];
}

/** A core/v1 Pod. */
export interface PodObject {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAccountName: string | null;
  readonly nodeName: string | null;
  readonly hostNetwork: boolean;
  readonly podIp: string | null;
  /** The raw `vpc.amazonaws.com/pod-eni` annotation (security groups for pods), when present. */
  readonly podEniAnnotation: string | null;
}

/** A Kubernetes label selector (`matchLabels` and `matchExpressions`). */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly LabelSelectorRequirement[];
}

/** One `matchExpressions` entry. */
export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

/** A `vpcresources.k8s.aws/v1beta1` SecurityGroupPolicy. */
export interface SecurityGroupPolicyObject {
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: LabelSelector | null;
  readonly serviceAccountSelector: LabelSelector | null;
  readonly groupIds: readonly string[];
}

/**
 * Everything read from one cluster. Namespaced objects are read only in the namespaces the
 * APIServices, webhooks and CRDs name. `securityGroupPolicies` is null when the
 * SecurityGroupPolicy CRD is not installed.
 */
export interface ClusterObjects {
  readonly apiServices: readonly ApiServiceObject[];
  readonly admissionWebhooks: readonly AdmissionWebhookObject[];
  readonly customResourceDefinitions: readonly CustomResourceDefinitionObject[];
  readonly services: readonly ServiceObject[];
  readonly endpointSlices: readonly EndpointSliceObject[];
  readonly pods: readonly PodObject[];
  readonly securityGroupPolicies: readonly SecurityGroupPolicyObject[] | null;
}
