import { describe, expect, it } from 'vitest';
import { classifyLine } from '#core/logs/classify/classify-line.ts';
import type { LineVerdict } from '#core/model/finding.ts';

// One case per format in reference/apiserver-logs.md, written from the Kubernetes format strings
// of the version named; the real-line corpus covers the rest. Partial expectations: only the
// fields listed are checked.
const CASES: readonly (readonly [string, string, Partial<LineVerdict>])[] = [
  // 4.1 availability controller
  [
    '1.28 EKS: dial timeout to pod IP:targetPort',
    'E1128 10:00:00.000001      10 available_controller.go:460] v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.0.1.218:4443/apis/metrics.k8s.io/v1beta1: Get "https://10.0.1.218:4443/apis/metrics.k8s.io/v1beta1": dial tcp 10.0.1.218:4443: i/o timeout',
    {
      kind: 'apiservice-availability',
      name: 'v1beta1.metrics.k8s.io',
      host: '10.0.1.218',
      ip: '10.0.1.218',
      port: 4443,
      error: 'timeout',
    },
  ],
  [
    '1.31+ structured HandleError (EKS 1.31)',
    'E1128 10:00:00.000001      10 remote_available_controller.go:448] "Unhandled Error" err="v1beta1.external.metrics.k8s.io failed with: failing or missing response from https://10.50.5.231:6443/apis/external.metrics.k8s.io/v1beta1: Get \\"https://10.50.5.231:6443/apis/external.metrics.k8s.io/v1beta1\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)" logger="UnhandledError"',
    {
      kind: 'apiservice-availability',
      name: 'v1beta1.external.metrics.k8s.io',
      ip: '10.50.5.231',
      port: 6443,
      error: 'timeout',
    },
  ],
  [
    '1.15+ the 6 s guard: timed out waiting for',
    'E1128 10:00:00.000001       1 available_controller.go:524] v1alpha1.tap.linkerd.io failed with: timed out waiting for https://10.0.7.9:8089/apis/tap.linkerd.io/v1alpha1',
    {
      kind: 'apiservice-availability',
      name: 'v1alpha1.tap.linkerd.io',
      ip: '10.0.7.9',
      port: 8089,
      error: 'timeout',
    },
  ],
  [
    '1.31+ bad status with %d',
    'E1128 10:00:00.000001      10 remote_available_controller.go:462] "Unhandled Error" err="v1beta1.custom.metrics.k8s.io failed with: failing or missing response from https://10.0.4.4:6443/apis/custom.metrics.k8s.io/v1beta1: bad status from https://10.0.4.4:6443/apis/custom.metrics.k8s.io/v1beta1: 503" logger="UnhandledError"',
    { kind: 'apiservice-availability', ip: '10.0.4.4', port: 6443, error: 'http-status' },
  ],
  [
    '1.22 read tcp SRC->DST reset names the destination',
    'E1128 10:00:00.000001       1 available_controller.go:524] v1alpha1.tap.linkerd.io failed with: failing or missing response from https://172.19.0.87:8089/apis/tap.linkerd.io/v1alpha1: Get "https://172.19.0.87:8089/apis/tap.linkerd.io/v1alpha1": read tcp 169.254.128.90:40336->172.19.0.87:8089: read: connection reset by peer',
    { kind: 'apiservice-availability', ip: '172.19.0.87', port: 8089, error: 'reset' },
  ],
  [
    'a read tcp to another address never overrides the probed URL',
    'E1128 10:00:00.000001       1 available_controller.go:524] v1alpha1.tap.linkerd.io failed with: failing or missing response from https://172.19.0.87:8089/apis/tap.linkerd.io/v1alpha1: Get "https://172.19.0.87:8089/apis/tap.linkerd.io/v1alpha1": read tcp 169.254.128.90:40336->10.9.9.9:5432: read: connection reset by peer',
    { kind: 'apiservice-availability', ip: '172.19.0.87', port: 8089, error: 'reset' },
  ],
  [
    '1.25 certificate error',
    'E1128 10:00:00.000001       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.0.1.9:10250/apis/metrics.k8s.io/v1beta1: Get "https://10.0.1.9:10250/apis/metrics.k8s.io/v1beta1": x509: certificate signed by unknown authority',
    { kind: 'apiservice-availability', port: 10250, error: 'tls' },
  ],
  [
    '1.16 early return: service not present',
    'E1128 10:00:00.000001       1 available_controller.go:416] v1beta1.metrics.k8s.io failed with: service/metrics-server in "kube-system" is not present',
    {
      kind: 'apiservice-availability',
      name: 'v1beta1.metrics.k8s.io',
      ip: null,
      port: null,
      error: 'no-endpoints',
    },
  ],
  [
    '1.20 early return: endpoints without the named port',
    'E1128 10:00:00.000001       1 available_controller.go:508] v3.projectcalico.org failed with: endpoints for service/calico-api in "calico-apiserver" have no addresses with port name "apiserver"',
    { kind: 'apiservice-availability', name: 'v3.projectcalico.org', error: 'no-endpoints' },
  ],
  [
    '1.34 early return: endpointslices wording',
    'E1128 10:00:00.000001      10 remote_available_controller.go:462] "Unhandled Error" err="v1beta1.metrics.k8s.io failed with: endpointslices for service/metrics-server in \\"kube-system\\" have no addresses with port name \\"https\\"" logger="UnhandledError"',
    { kind: 'apiservice-availability', error: 'no-endpoints' },
  ],
  [
    '1.22 early return: service port missing',
    'E1128 10:00:00.000001       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: service/metrics-server in "kube-system" is not listening on port 443',
    { kind: 'apiservice-availability', error: 'no-endpoints' },
  ],
  [
    '1.22+ V(2) transition to unavailable',
    'I1128 10:00:00.000001      10 available_controller.go:467] "changing APIService availability" name="v1beta1.metrics.k8s.io" oldStatus="True" newStatus="False" message="failing or missing response from https://10.0.1.218:10251/apis/metrics.k8s.io/v1beta1: Get \\"https://10.0.1.218:10251/apis/metrics.k8s.io/v1beta1\\": dial tcp 10.0.1.218:10251: i/o timeout" reason="FailedDiscoveryCheck"',
    {
      kind: 'apiservice-availability',
      name: 'v1beta1.metrics.k8s.io',
      ip: '10.0.1.218',
      port: 10251,
      error: 'timeout',
    },
  ],
  [
    '1.22+ V(2) transition back to available is not a failure',
    'I1128 10:00:00.000001      10 available_controller.go:467] "changing APIService availability" name="v1beta1.metrics.k8s.io" oldStatus="False" newStatus="True" message="all checks passed" reason="Passed"',
    { kind: 'none', name: 'v1beta1.metrics.k8s.io', error: null },
  ],
  [
    'aggregator proxy cannot resolve the service',
    'E1128 10:00:00.000001       1 handler_proxy.go:137] error resolving kube-system/metrics-server: no endpoints available for service "metrics-server"',
    { kind: 'apiservice-availability', error: 'no-endpoints', ip: null },
  ],
  // 4.2 OpenAPI
  [
    '1.19+ proxy body: error trying to reach service: dial tcp',
    'E1128 10:00:00.000001       1 controller.go:116] loading OpenAPI spec for "v1beta1.external.metrics.k8s.io" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: error trying to reach service: dial tcp 10.0.9.31:6443: i/o timeout, Header: map[Content-Type:[text/plain; charset=utf-8] X-Content-Type-Options:[nosniff]]',
    {
      kind: 'openapi',
      name: 'v1beta1.external.metrics.k8s.io',
      host: '10.0.9.31',
      ip: '10.0.9.31',
      port: 6443,
      error: 'timeout',
    },
  ],
  [
    '1.19+ proxy body with a certificate error',
    'E1128 10:00:00.000001       1 controller.go:116] loading OpenAPI spec for "v1beta1.metrics.k8s.io" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: error trying to reach service: tls: failed to verify certificate: x509: certificate signed by unknown authority, Header: map[]',
    { kind: 'openapi', error: 'tls', ip: null },
  ],
  [
    '1.28+ Error updating APIService on one line (1.30, before structured logging)',
    'E1128 10:00:00.000001      10 controller.go:113] Error updating APIService "v1beta1.metrics.k8s.io" with err: failed to download v1beta1.metrics.k8s.io: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: service unavailable',
    { kind: 'openapi', name: 'v1beta1.metrics.k8s.io', error: 'http-status' },
  ],
  [
    '1.29+ aggregator warning: failed to download, proxy dial names the endpoint',
    'W1128 10:00:00.000001      10 aggregator.go:166] failed to download v1beta1.metrics.k8s.io: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: error trying to reach service: dial tcp 10.0.1.218:10250: i/o timeout, Header: map[Content-Type:[text/plain; charset=utf-8] X-Content-Type-Options:[nosniff]]',
    {
      kind: 'openapi',
      name: 'v1beta1.metrics.k8s.io',
      ip: '10.0.1.218',
      port: 10250,
      error: 'timeout',
    },
  ],
  [
    '1.29+ aggregator warning: failed to download, the aggregator 503 body',
    'W1128 10:00:00.000001      10 aggregator.go:166] failed to download v1beta1.custom.metrics.k8s.io: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: service unavailable',
    { kind: 'openapi', name: 'v1beta1.custom.metrics.k8s.io', ip: null, error: 'http-status' },
  ],
  [
    '1.28.0 (before the downloader wrapped it): failed to download inside Error updating APIService, backend 500 body',
    'E1128 10:00:00.000001      10 controller.go:143] Error updating APIService "v1beta1.metrics.k8s.io" with err: failed to download v1beta1.metrics.k8s.io: failed to retrieve openAPI spec, http error: ResponseCode: 500, Body: Post "https://10.42.2.66:5432/": dial tcp 10.42.2.66:5432: i/o timeout, Header: map[]',
    {
      kind: 'openapi',
      name: 'v1beta1.metrics.k8s.io',
      host: null,
      ip: null,
      port: null,
      error: 'http-status',
    },
  ],
  [
    '≤ 1.18 proxy body with quotes: Error trying to reach service',
    'E1128 10:00:00.000001       1 controller.go:114] loading OpenAPI spec for "v1beta1.metrics.k8s.io" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: Error trying to reach service: \'dial tcp 10.0.4.4:4443: i/o timeout\', Header: map[]',
    { kind: 'openapi', ip: '10.0.4.4', port: 4443, error: 'timeout' },
  ],
  [
    '1.23+ OpenAPI v3 controller: could not get list of group versions',
    'E1128 10:00:00.000001      10 controller.go:113] loading OpenAPI spec for "v1beta1.metrics.k8s.io" failed with: Error, could not get list of group versions for APIService',
    { kind: 'openapi', name: 'v1beta1.metrics.k8s.io', ip: null, error: 'other' },
  ],
  [
    '1.31+ OpenAPI v3 controller, structured',
    'E1128 10:00:00.000001      10 controller.go:113] "Unhandled Error" err="loading OpenAPI spec for \\"v1beta1.metrics.k8s.io\\" failed with: Error, could not get list of group versions for APIService" logger="UnhandledError"',
    { kind: 'openapi', name: 'v1beta1.metrics.k8s.io', error: 'other' },
  ],
  // 4.4 discovery
  [
    'garbage collector: failed to discover some groups',
    'E1128 10:00:00.000001       1 garbagecollector.go:755] failed to discover some groups: map[metrics.k8s.io/v1beta1:the server is currently unable to handle the request]',
    { kind: 'discovery', name: 'v1beta1.metrics.k8s.io', error: 'http-status' },
  ],
  [
    '1.26+ garbage collector, structured',
    'I1128 10:00:00.000001       1 garbagecollector.go:820] "failed to discover some groups" groups="map[\\"metrics.k8s.io/v1beta1\\":\\"stale GroupVersion discovery: metrics.k8s.io/v1beta1\\"]"',
    { kind: 'discovery', name: 'v1beta1.metrics.k8s.io', error: 'other' },
  ],
  [
    '1.26.0-1.28.1 DiscoveryManager (Info): the proxy dial names the endpoint',
    'I1128 10:00:00.000001      10 handler_discovery.go:337] DiscoveryManager: Failed to download discovery for kube-system/metrics-server:443: 503 error trying to reach service: dial tcp 10.0.1.218:10250: i/o timeout',
    {
      kind: 'discovery',
      host: '10.0.1.218',
      ip: '10.0.1.218',
      port: 10250,
      error: 'timeout',
    },
  ],
  [
    '1.26.0-1.28.1 DiscoveryManager (Info): the backend answered',
    'I1128 10:00:00.000001      10 handler_discovery.go:325] DiscoveryManager: Failed to download discovery for keda/keda-operator-metrics-apiserver:443: 500 dial tcp 10.42.2.66:5432: i/o timeout',
    { kind: 'discovery', ip: null, port: null, error: 'http-status' },
  ],
  // 4.5 admission webhooks
  [
    '1.22+ failing closed with a dial timeout naming the pod (EKS, ALB controller)',
    'W1128 10:00:00.000001      10 dispatcher.go:217] Failed calling webhook, failing closed mservice.elbv2.k8s.aws: failed calling webhook "mservice.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/mutate-v1-service?timeout=10s": dial tcp 10.0.202.48:9443: i/o timeout',
    {
      kind: 'webhook-admission',
      name: 'mservice.elbv2.k8s.aws',
      host: 'aws-load-balancer-webhook-service.kube-system.svc',
      ip: '10.0.202.48',
      port: 9443,
      error: 'timeout',
      latencyMs: 10000,
    },
  ],
  [
    '1.31+ structured companion with escaped quotes and a context deadline',
    'E1128 10:00:00.000001      10 dispatcher.go:229] "Unhandled Error" err="failed calling webhook \\"validation.gatekeeper.sh\\": failed to call webhook: Post \\"https://gatekeeper-webhook-service.gatekeeper-system.svc:443/v1/admit?timeout=3s\\": context deadline exceeded" logger="UnhandledError"',
    {
      kind: 'webhook-admission',
      name: 'validation.gatekeeper.sh',
      host: 'gatekeeper-webhook-service.gatekeeper-system.svc',
      ip: null,
      port: 443,
      error: 'timeout',
      latencyMs: 3000,
    },
  ],
  [
    'EKS allowlist dialer refusal (overlay CNI): not a security-group problem',
    'W1128 10:00:00.000001      10 dispatcher.go:217] Failed calling webhook, failing open check-ignore-label.gatekeeper.sh: failed calling webhook "check-ignore-label.gatekeeper.sh": failed to call webhook: Post "https://gatekeeper-webhook-service.gatekeeper-system.svc:443/v1/admitlabel?timeout=3s": Address is not allowed',
    { kind: 'webhook-admission', error: 'other', latencyMs: null },
  ],
  [
    '1.22+ no route to host names the pod',
    'W1128 10:00:00.000001       1 dispatcher.go:180] Failed calling webhook, failing open mutate.kyverno.svc-fail: failed calling webhook "mutate.kyverno.svc-fail": failed to call webhook: Post "https://kyverno-svc.kyverno.svc:443/mutate/fail?timeout=10s": dial tcp 10.0.64.198:9443: connect: no route to host',
    { kind: 'webhook-admission', ip: '10.0.64.198', port: 9443, error: 'no-route' },
  ],
  [
    '1.22+ no endpoints available (endpoint resolver, EKS)',
    'W1128 10:00:00.000001       1 dispatcher.go:180] Failed calling webhook, failing closed defaulting.webhook.karpenter.k8s.aws: failed calling webhook "defaulting.webhook.karpenter.k8s.aws": failed to call webhook: Post "https://karpenter.karpenter.svc:8443/?timeout=10s": no endpoints available for service "karpenter"',
    {
      kind: 'webhook-admission',
      host: 'karpenter.karpenter.svc',
      port: 8443,
      error: 'no-endpoints',
    },
  ],
  [
    '1.22+ REST client error without a URL',
    'W1128 10:00:00.000001       1 dispatcher.go:180] Failed calling webhook, failing closed sidecar-injector.istio.io: failed calling webhook "sidecar-injector.istio.io": could not get REST client: invalid service reference',
    { kind: 'webhook-admission', name: 'sidecar-injector.istio.io', host: null, error: 'other' },
  ],
  [
    'an IPv6 cluster: bracketed pod address in the dial tail',
    'W1128 10:00:00.000001      10 dispatcher.go:217] Failed calling webhook, failing closed vingress.elbv2.k8s.aws: failed calling webhook "vingress.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/validate?timeout=10s": dial tcp [2600:1f18:abcd:ef01::7]:9443: i/o timeout',
    { kind: 'webhook-admission', ip: '2600:1f18:abcd:ef01::7', port: 9443, error: 'timeout' },
  ],
  [
    'a webhook denial is not a call failure',
    'W1128 10:00:00.000001       1 dispatcher.go:185] rejected by webhook "validate.kyverno.svc": &errors.StatusError{ErrStatus:v1.Status{TypeMeta:v1.TypeMeta{Kind:"", APIVersion:""}}}',
    { kind: 'none' },
  ],
  [
    '1.25.16+ Context canceled when calling webhook (the caller gave up)',
    'W1128 10:00:00.000001      10 dispatcher.go:203] Context canceled when calling webhook validate.kyverno.svc-fail',
    {
      kind: 'webhook-admission',
      name: 'validate.kyverno.svc-fail',
      ip: null,
      error: 'other',
      latencyMs: null,
    },
  ],
  [
    '1.22+ webhook HTTP 500 answer: the body is not the dial',
    'W1128 10:00:00.000001      10 dispatcher.go:217] Failed calling webhook, failing closed validate.kyverno.svc-fail: failed calling webhook "validate.kyverno.svc-fail": failed to call webhook: an error on the server ("{\\"error\\":\\"dial tcp 10.42.2.66:5432: i/o timeout\\"}") has prevented the request from succeeding',
    {
      kind: 'webhook-admission',
      name: 'validate.kyverno.svc-fail',
      host: null,
      ip: null,
      port: null,
      error: 'http-status',
      latencyMs: null,
    },
  ],
  [
    '1.22+ webhook answer with a Status message (no request URL before it)',
    'E1128 10:00:00.000001      10 dispatcher.go:229] failed calling webhook "mutate.kyverno.svc": failed to call webhook: dial tcp 10.42.2.66:5432: i/o timeout',
    { kind: 'webhook-admission', ip: null, port: null, error: 'http-status' },
  ],
  [
    '1.22+ webhook HTTP 500 answer whose body names no error word is still http-status',
    'W1128 10:00:00.000001      10 dispatcher.go:217] Failed calling webhook, failing open w.example.io: failed calling webhook "w.example.io": failed to call webhook: an error on the server ("oops") has prevented the request from succeeding',
    { kind: 'webhook-admission', error: 'http-status', ip: null },
  ],
  [
    "conversion webhook Status message naming a dial is the webhook's answer",
    'E1128 10:00:00.000001       1 cacher.go:424] cacher (*unstructured.Unstructured): unexpected ListAndWatch error: failed to list example.io/v1, Kind=Widget: conversion webhook for example.io/v2, Kind=Widget failed: dial tcp 10.42.2.66:5432: i/o timeout; reinitializing...',
    {
      kind: 'webhook-conversion',
      host: null,
      ip: null,
      port: null,
      error: 'http-status',
      latencyMs: null,
    },
  ],
  [
    'conversion webhook response check failure is an answer, not a network error',
    "E1128 10:00:00.000001       1 cacher.go:424] cacher (*unstructured.Unstructured): unexpected ListAndWatch error: failed to list example.io/v1, Kind=Widget: conversion webhook for example.io/v2, Kind=Widget failed: response.result.status was 'Failure', not 'Success'; reinitializing...",
    { kind: 'webhook-conversion', ip: null, error: 'other' },
  ],
  [
    "a conversion failure quoted inside a webhook answer is not the API server's call",
    'W1128 10:00:00.000001      10 dispatcher.go:217] Failed calling webhook, failing open w.example.io: failed calling webhook "w.example.io": failed to call webhook: an error on the server ("conversion webhook for a.io/v1, Kind=B failed: Post \\"https://10.42.2.66:5432/c?timeout=30s\\": dial tcp 10.42.2.66:5432: i/o timeout") has prevented the request from succeeding',
    { kind: 'webhook-admission', name: 'w.example.io', ip: null, port: null, error: 'http-status' },
  ],
  [
    "an availability failure quoted inside an OpenAPI backend body is not the API server's",
    'E1128 10:00:00.000001      10 controller.go:116] loading OpenAPI spec for "v1beta1.x.io" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 500, Body: v1beta1.y.io failed with: failing or missing response from https://10.42.2.66:5432/apis: dial tcp 10.42.2.66:5432: i/o timeout, Header: map[]',
    { kind: 'openapi', name: 'v1beta1.x.io', ip: null, port: null, error: 'http-status' },
  ],
  [
    '≤ 1.21 webhook HTTP 500 answer after the URL',
    'W1128 10:00:00.000001       1 dispatcher.go:134] Failed calling webhook, failing closed validate.kyverno.svc-fail: failed calling webhook "validate.kyverno.svc-fail": an error on the server ("Post \\"https://db.internal:5432/\\": dial tcp 10.42.2.66:5432: i/o timeout") has prevented the request from succeeding',
    { kind: 'webhook-admission', host: null, ip: null, port: null, error: 'http-status' },
  ],
  [
    '1.22 validating (no `failed to call webhook:` yet): a context deadline carries the timeout as latency',
    'W1128 10:00:00.000001       1 dispatcher.go:150] Failed calling webhook, failing closed vingress.elbv2.k8s.aws: failed calling webhook "vingress.elbv2.k8s.aws": Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/validate-networking-v1-ingress?timeout=10s": context deadline exceeded',
    { kind: 'webhook-admission', error: 'timeout', latencyMs: 10000, ip: null, port: 443 },
  ],
  [
    '≤ 1.21 failing open with a dial timeout carries the timeout as latency',
    'W1128 10:00:00.000001       1 dispatcher.go:170] Failed calling webhook, failing open vpa.k8s.io: failed calling webhook "vpa.k8s.io": Post "https://vpa-webhook.kube-system.svc:443/?timeout=30s": dial tcp 10.0.3.3:8000: i/o timeout',
    { kind: 'webhook-admission', ip: '10.0.3.3', port: 8000, error: 'timeout', latencyMs: 30000 },
  ],
  [
    '≤ 1.13 unquoted URL (Go < 1.14) with a client timeout carries the timeout as latency',
    'E1128 10:00:00.000001       1 dispatcher.go:68] failed calling webhook "pod-policy.example.com": Post https://webhook.example.svc:443/validate?timeout=5s: net/http: request canceled (Client.Timeout exceeded while awaiting headers)',
    { kind: 'webhook-admission', error: 'timeout', latencyMs: 5000 },
  ],
  [
    'a ?timeout= in any Go duration form (time.Duration.String) gives the latency',
    'E1128 10:00:00.000001       1 cacher.go:424] cacher (*unstructured.Unstructured): unexpected ListAndWatch error: failed to list example.io/v1, Kind=Widget: conversion webhook for example.io/v2, Kind=Widget failed: Post "https://w.example.svc:443/convert?timeout=1m0s": context deadline exceeded; reinitializing...',
    { kind: 'webhook-conversion', error: 'timeout', latencyMs: 60000 },
  ],
  [
    'a read tcp reset does not replace the URL endpoint (only a dial does)',
    'W1128 10:00:00.000001      10 dispatcher.go:217] Failed calling webhook, failing open mutate.example.io: failed calling webhook "mutate.example.io": failed to call webhook: Post "https://mutate.example.svc:443/m?timeout=10s": read tcp 10.0.0.5:43210->10.99.1.1:8443: read: connection reset by peer',
    {
      kind: 'webhook-admission',
      host: 'mutate.example.svc',
      ip: null,
      port: 443,
      error: 'reset',
      latencyMs: null,
    },
  ],
  [
    '≤ 1.21 webhook answer with a Status message (no request URL before it)',
    'W1128 10:00:00.000001       1 dispatcher.go:134] Failed calling webhook, failing closed mutate.kyverno.svc: failed calling webhook "mutate.kyverno.svc": dial tcp 10.42.2.66:5432: i/o timeout',
    { kind: 'webhook-admission', ip: null, port: null, error: 'http-status' },
  ],
  [
    'a webhook denial on the client side is an answer',
    'E1128 10:00:00.000001       1 dispatcher.go:229] failed calling webhook "v.example.io": admission webhook "v.example.io" denied the request: dial tcp 10.42.2.66:5432: i/o timeout',
    { kind: 'webhook-admission', ip: null, port: null, error: 'http-status' },
  ],
  // 4.6 conversion webhooks
  [
    '1.22 conversion webhook dial timeout through the watch cache',
    'E1128 10:00:00.000001       1 cacher.go:424] cacher (*unstructured.Unstructured): unexpected ListAndWatch error: failed to list cert-manager.io/v1alpha2, Kind=Certificate: conversion webhook for cert-manager.io/v1, Kind=Certificate failed: Post "https://cert-manager-webhook.cert-manager.svc:443/convert?timeout=30s": dial tcp 10.0.5.17:10250: i/o timeout; reinitializing...',
    {
      kind: 'webhook-conversion',
      name: 'certificates.cert-manager.io',
      host: 'cert-manager-webhook.cert-manager.svc',
      ip: '10.0.5.17',
      port: 10250,
      error: 'timeout',
    },
  ],
  [
    'conversion webhook returned the wrong number of objects',
    'E1128 10:00:00.000001       1 cacher.go:424] cacher (*unstructured.Unstructured): unexpected ListAndWatch error: failed to list example.io/v1, Kind=NetworkPolicy: conversion webhook for example.io/v2, Kind=NetworkPolicy returned 2 objects, expected 1; reinitializing...',
    { kind: 'webhook-conversion', name: 'networkpolicies.example.io', error: 'other' },
  ],
  [
    "conversion timeout through the watch cache carries client-go's default ?timeout=30s as latency",
    'E1128 10:00:00.000001       1 cacher.go:424] cacher (*unstructured.Unstructured): unexpected ListAndWatch error: failed to list cert-manager.io/v1, Kind=Certificate: conversion webhook for cert-manager.io/v1, Kind=Certificate failed: Post "https://cert-manager-webhook.cert-manager.svc:443/convert?timeout=30s": context deadline exceeded; reinitializing...',
    { kind: 'webhook-conversion', ip: null, port: 443, error: 'timeout', latencyMs: 30000 },
  ],
  [
    'conversion webhook HTTP 500 answer: the body is not the dial',
    'E1128 10:00:00.000001       1 cacher.go:424] cacher (*unstructured.Unstructured): unexpected ListAndWatch error: failed to list example.io/v1, Kind=Widget: conversion webhook for example.io/v2, Kind=Widget failed: an error on the server ("dial tcp 10.42.2.66:5432: i/o timeout") has prevented the request from succeeding; reinitializing...',
    { kind: 'webhook-conversion', ip: null, port: null, error: 'http-status', latencyMs: null },
  ],
  // EKS allowlist dialer
  [
    'EKS dialer, dial completed',
    'I1128 10:00:00.000001      10 dialer.go:41] [3f9a1c22b0d4e5f6: 10.0.33.17:9443] Dialed in 1.043ms.',
    { kind: 'dial', ip: '10.0.33.17', port: 9443, latencyMs: 1 },
  ],
  [
    'EKS dialer, IPv6 address and a microsecond duration',
    'I1128 10:00:00.000001      10 dialer.go:41] [ab: [fd00:ec2::17]:443] Dialed in 470.891µs.',
    { kind: 'dial', ip: 'fd00:ec2::17', port: 443, latencyMs: 0 },
  ],
  // 4.7 traces
  [
    '1.19+ nested webhook step inside a request trace',
    'Trace[1512351775]: ["Call mutating webhook" configuration:linkerd-proxy-injector-webhook-config,webhook:linkerd-proxy-injector.linkerd.io,resource:/v1, Resource=pods,subresource:,operation:CREATE,UID:7e 10001ms (13:27:56.178)]',
    { kind: 'trace', name: 'linkerd-proxy-injector.linkerd.io', latencyMs: 10001 },
  ],
  [
    '1.16+ conversion webhook trace names the CRD',
    'I1128 10:00:00.000001       1 trace.go:219] Trace[77]: "Call conversion webhook" custom-resource-definition:certificates.cert-manager.io,desired-api-version:cert-manager.io/v1,object-count:1,UID:4c1c2a8e-1b5a-4cf0-8d1e-1f2a3b4c5d6e (28-Nov-2026 10:00:00.000) (total time: 30001ms):',
    { kind: 'trace', name: 'certificates.cert-manager.io', latencyMs: 30001 },
  ],
  [
    'a non-webhook trace is not a finding',
    'I1128 10:00:00.000001       1 trace.go:219] Trace[1512351775]: "Create" url:/apis/networking.istio.io/v1alpha3/namespaces/istio-system/gateways,user-agent:pilot-discovery/1.13.4,verb:POST (28-Nov-2026 10:00:00.000) (total time: 7072ms):',
    { kind: 'none' },
  ],
  // kubelet path
  [
    'EKS logs/exec to a kubelet that a security group blocks',
    'E1128 10:00:00.000001      10 status.go:71] apiserver received an error that is not an metav1.Status: &errors.errorString{s:"error dialing backend: dial tcp 10.0.3.4:10250: i/o timeout"}: error dialing backend: dial tcp 10.0.3.4:10250: i/o timeout',
    { kind: 'kubelet', host: null, ip: '10.0.3.4', port: 10250, error: 'timeout' },
  ],
  // prefixes
  [
    'fluent-bit JSON record',
    '{"log":"E1128 10:00:00.000001       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.0.1.218:4443/apis/metrics.k8s.io/v1beta1: Get \\"https://10.0.1.218:4443/apis/metrics.k8s.io/v1beta1\\": dial tcp 10.0.1.218:4443: i/o timeout\\n","stream":"stderr","time":"2026-11-28T10:00:00.000001Z"}',
    { kind: 'apiservice-availability', ip: '10.0.1.218', port: 4443, error: 'timeout' },
  ],
  [
    'kubectl logs --prefix',
    '[pod/kube-apiserver-ip-10-0-0-1/kube-apiserver] E1128 10:00:00.000001       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.0.1.218:4443/apis/metrics.k8s.io/v1beta1: Get "https://10.0.1.218:4443/apis/metrics.k8s.io/v1beta1": dial tcp 10.0.1.218:4443: i/o timeout',
    { kind: 'apiservice-availability', port: 4443 },
  ],
  [
    'a mangled URL with port 0 names no endpoint (found by fuzzing)',
    'E0801 14:00:18.957140       4 admission.go:175] failed calling admission webhook "pod-image.k8s.io": Post https://1:0.40.0.5:8000/: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    { kind: 'webhook-admission', name: 'pod-image.k8s.io', ip: null, port: null, error: 'timeout' },
  ],
  // noise that carries an IP:port
  [
    'etcd client address',
    'I1128 10:00:00.000001       1 clientconn.go:106] parsed scheme: "endpoint"; ccResolverWrapper: sending new addresses to cc: [{https://127.0.0.1:2379  <nil> 0 <nil>}]',
    { kind: 'none', ip: null },
  ],
  [
    'a probe failure with a dial tail is not an API-server call',
    'I1128 10:00:00.000001       1 event.go:294] "Event occurred" object="kube-system/metrics-server-5f9f776df5-abcde" kind="Pod" reason="Unhealthy" message="Readiness probe failed: Get \\"https://10.0.1.218:4443/readyz\\": dial tcp 10.0.1.218:4443: connect: connection refused"',
    { kind: 'none', ip: null },
  ],
  [
    'leader election timeouts are not endpoint failures',
    'E1128 10:00:00.000001       1 leaderelection.go:330] error retrieving resource lock kube-system/kube-controller-manager: Get "https://10.0.0.10:443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager?timeout=5s": context deadline exceeded',
    { kind: 'none', ip: null },
  ],
];

describe('classifyLine across Kubernetes 1.9-1.36 formats', () => {
  it.each(CASES)('%s', (_name, line, expected) => {
    // Act
    const verdict = classifyLine(line);
    // Assess
    expect(verdict).toMatchObject(expected);
  });
});
