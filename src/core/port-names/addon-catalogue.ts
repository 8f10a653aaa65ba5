/**
 * Well-known add-ons the API server calls (aggregated APIs and webhooks) and the pod port they
 * listen on by default: the port a security group must open, not the Service port (usually 443).
 * Sources: the add-ons' charts and manifests, listed per entry (see docs/readme-network.md).
 */
export interface AddonPort {
  /** Human name, e.g. `AWS Load Balancer Controller`. */
  readonly addon: string;
  /** What the API server calls, e.g. `webhooks` or `APIService v1beta1.metrics.k8s.io`. */
  readonly component: string;
  readonly port: number;
  /** Which release or packaging uses this port, when it varies. */
  readonly variant?: string;
  /** The setting that changes the port, when there is one. */
  readonly setting?: string;
  /** Service names (namespace optional) that identify the add-on in a webhook URL. */
  readonly services: readonly { readonly name: string; readonly namespace?: string }[];
  /** Webhook or APIService names: exact, `*suffix`, `prefix*` or `*contains*`. */
  readonly names: readonly string[];
  readonly source: string;
}

const entry = (e: AddonPort): AddonPort => e;

/** The catalogue, most common variant first for add-ons with several ports. */
export const ADDON_PORTS: readonly AddonPort[] = [
  entry({
    addon: 'metrics-server',
    component: 'APIService v1beta1.metrics.k8s.io',
    port: 10250,
    variant: 'upstream v0.7.0+ / chart 3.12.0+',
    setting: 'containerPort',
    services: [{ name: 'metrics-server' }],
    names: ['v1beta1.metrics.k8s.io'],
    source: 'kubernetes-sigs/metrics-server charts/metrics-server/values.yaml',
  }),
  entry({
    addon: 'metrics-server',
    component: 'APIService v1beta1.metrics.k8s.io',
    port: 10251,
    variant: 'EKS community add-on',
    setting: 'add-on configuration',
    services: [{ name: 'metrics-server' }],
    names: ['v1beta1.metrics.k8s.io'],
    source: 'docs.aws.amazon.com/eks/latest/userguide/metrics-server.html',
  }),
  entry({
    addon: 'metrics-server',
    component: 'APIService v1beta1.metrics.k8s.io',
    port: 4443,
    variant: 'before v0.7.0 (chart before 3.12.0)',
    setting: 'containerPort',
    services: [{ name: 'metrics-server' }],
    names: ['v1beta1.metrics.k8s.io'],
    source: 'kubernetes-sigs/metrics-server chart 3.8.2 values.yaml',
  }),
  entry({
    addon: 'prometheus-adapter',
    component: 'APIService v1beta1.custom.metrics.k8s.io',
    port: 6443,
    setting: 'listenPort',
    services: [{ name: 'prometheus-adapter' }],
    names: ['v1beta1.custom.metrics.k8s.io', 'v1beta2.custom.metrics.k8s.io'],
    source: 'prometheus-community/helm-charts charts/prometheus-adapter/values.yaml',
  }),
  entry({
    addon: 'KEDA metrics API server',
    component: 'APIService v1beta1.external.metrics.k8s.io',
    port: 6443,
    setting: 'service.portHttpsTarget',
    services: [{ name: 'keda-operator-metrics-apiserver' }],
    names: ['v1beta1.external.metrics.k8s.io'],
    source: 'kedacore/charts keda/values.yaml',
  }),
  entry({
    addon: 'KEDA admission webhooks',
    component: 'validating webhooks',
    port: 9443,
    setting: 'webhooks.port',
    services: [{ name: 'keda-admission-webhooks' }],
    names: ['*.keda.sh'],
    source: 'kedacore/charts keda/values.yaml',
  }),
  entry({
    addon: 'Linkerd proxy injector',
    component: 'mutating webhook',
    port: 8443,
    services: [{ name: 'linkerd-proxy-injector' }],
    names: ['linkerd-proxy-injector.linkerd.io'],
    source: 'linkerd/linkerd2 charts/linkerd-control-plane/templates/proxy-injector.yaml',
  }),
  entry({
    addon: 'Linkerd service-profile validator',
    component: 'validating webhook',
    port: 8443,
    services: [{ name: 'linkerd-sp-validator' }],
    names: ['linkerd-sp-validator.linkerd.io'],
    source: 'linkerd/linkerd2 charts/linkerd-control-plane/templates/destination.yaml',
  }),
  entry({
    addon: 'Linkerd policy validator',
    component: 'validating webhook',
    port: 9443,
    services: [{ name: 'linkerd-policy-validator' }],
    names: ['linkerd-policy-validator.linkerd.io'],
    source: 'linkerd/linkerd2 charts/linkerd-control-plane/templates/destination.yaml',
  }),
  entry({
    addon: 'Linkerd viz tap',
    component: 'APIService v1alpha1.tap.linkerd.io',
    port: 8089,
    services: [{ name: 'tap', namespace: 'linkerd-viz' }],
    names: ['v1alpha1.tap.linkerd.io'],
    source: 'linkerd/linkerd2 viz/charts/linkerd-viz/templates/tap.yaml',
  }),
  entry({
    addon: 'Linkerd viz tap injector',
    component: 'mutating webhook',
    port: 8443,
    services: [{ name: 'tap-injector' }],
    names: ['tap-injector.linkerd.io'],
    source: 'linkerd/linkerd2 viz/charts/linkerd-viz/templates/tap-injector.yaml',
  }),
  entry({
    addon: 'istiod',
    component: 'sidecar injector and validation webhooks',
    port: 15017,
    services: [{ name: 'istiod' }],
    names: ['*.sidecar-injector.istio.io', '*validation.istio.io'],
    source: 'istio/istio Service istiod https-webhook 443→15017; istio/istio#36955',
  }),
  entry({
    addon: 'cert-manager',
    component: 'webhooks (admission and CRD conversion)',
    port: 10250,
    setting: 'webhook.securePort',
    services: [{ name: 'cert-manager-webhook' }],
    names: ['webhook.cert-manager.io', '*.cert-manager.io'],
    source: 'cert-manager/cert-manager deploy/charts/cert-manager/values.yaml',
  }),
  entry({
    addon: 'OPA Gatekeeper',
    component: 'validating and mutating webhooks',
    port: 8443,
    setting: 'controllerManager.port',
    services: [{ name: 'gatekeeper-webhook-service' }],
    names: ['*.gatekeeper.sh'],
    source: 'open-policy-agent/gatekeeper charts/gatekeeper/values.yaml',
  }),
  entry({
    addon: 'Kyverno',
    component: 'validating and mutating webhooks',
    port: 9443,
    setting: 'admissionController.webhookServer.port',
    services: [{ name: 'kyverno-svc' }],
    names: ['*.kyverno.svc*'],
    source: 'kyverno/kyverno charts/kyverno/values.yaml',
  }),
  entry({
    addon: 'AWS Load Balancer Controller',
    component: 'mutating and validating webhooks',
    port: 9443,
    setting: 'webhookBindPort',
    services: [{ name: 'aws-load-balancer-webhook-service' }],
    names: ['*.elbv2.k8s.aws'],
    source:
      'kubernetes-sigs/aws-load-balancer-controller helm/aws-load-balancer-controller/values.yaml',
  }),
  entry({
    addon: 'Karpenter',
    component: 'validating, mutating and conversion webhooks (removed in v1.1.0)',
    port: 8443,
    variant: 'v0.32 to v1.0 with webhook.enabled',
    setting: 'webhook.port',
    services: [{ name: 'karpenter' }],
    names: ['*.karpenter.sh', '*.karpenter.k8s.aws'],
    source: 'aws/karpenter-provider-aws charts/karpenter/values.yaml (v0.32.0, v1.0.0)',
  }),
  entry({
    addon: 'Vertical Pod Autoscaler admission controller',
    component: 'mutating webhook',
    port: 8000,
    services: [{ name: 'vpa-webhook' }],
    names: ['vpa.k8s.io'],
    source:
      'kubernetes/autoscaler vertical-pod-autoscaler/deploy/admission-controller-service.yaml',
  }),
  entry({
    addon: 'external-secrets',
    component: 'validating and conversion webhooks',
    port: 10250,
    setting: 'webhook.port',
    services: [{ name: 'external-secrets-webhook' }],
    names: ['*.external-secrets.io'],
    source: 'external-secrets/external-secrets deploy/charts/external-secrets/values.yaml',
  }),
  entry({
    addon: 'Calico API server',
    component: 'APIService v3.projectcalico.org',
    port: 5443,
    services: [{ name: 'calico-api' }],
    names: ['v3.projectcalico.org'],
    source: 'Calico API server manifests (service calico-api 443→5443)',
  }),
  entry({
    addon: 'Datadog Cluster Agent admission controller',
    component: 'mutating webhook',
    port: 8000,
    setting: 'clusterAgent.admissionController.port',
    services: [{ name: 'datadog-cluster-agent-admission-controller' }],
    names: ['datadog.webhook.*'],
    source: 'DataDog/helm-charts charts/datadog/values.yaml',
  }),
  entry({
    addon: 'Datadog Cluster Agent external metrics',
    component: 'APIService v1beta1.external.metrics.k8s.io',
    port: 8443,
    setting: 'clusterAgent.metricsProvider.service.port',
    services: [{ name: 'datadog-cluster-agent-metrics-api' }],
    names: ['v1beta1.external.metrics.k8s.io'],
    source: 'DataDog/helm-charts charts/datadog/values.yaml',
  }),
  entry({
    addon: 'ingress-nginx admission',
    component: 'validating webhook',
    port: 8443,
    setting: 'controller.admissionWebhooks.port',
    services: [{ name: 'ingress-nginx-controller-admission' }],
    names: ['validate.nginx.ingress.kubernetes.io'],
    source: 'kubernetes/ingress-nginx#5401',
  }),
  entry({
    addon: 'Prometheus Operator admission webhook',
    component: 'validating and mutating webhooks',
    port: 10250,
    variant: 'kube-prometheus-stack',
    setting: 'prometheusOperator.tls.internalPort',
    services: [{ name: 'kube-prometheus-stack-operator' }],
    names: ['*.monitoring.coreos.com'],
    source: 'prometheus-community/helm-charts charts/kube-prometheus-stack/values.yaml',
  }),
];
