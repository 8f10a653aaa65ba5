/**
 * A deterministic generator of realistic EKS kube-apiserver log lines (`--v=2`): controller
 * chatter, slow-request traces, TLS handshake noise, kubelet dials through the EKS dialer, and
 * about `failureShare` of failing calls to webhooks and aggregated APIs in every format the
 * classifier knows (single- and multi-line).
 */

/** Small seeded PRNG (mulberry32): the same seed gives the same file. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function klog(level: string, at: number, file: string): string {
  const d = new Date(at);
  return `${level}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${pad(Math.floor((at % 1) * 1000), 3)}      10 ${file}] `;
}

const APISERVICES = [
  'v1beta1.metrics.k8s.io',
  'v1beta1.external.metrics.k8s.io',
  'v1alpha1.tap.linkerd.io',
];
const RESOURCES = ['pods', 'configmaps', 'secrets', 'leases', 'events', 'endpointslices', 'nodes'];

type Emit = (line: string) => void;

function noise(rand: () => number, at: number, emit: Emit): void {
  const r = rand();
  const ip = `10.0.${Math.floor(rand() * 64)}.${Math.floor(rand() * 250) + 2}`;
  const res = RESOURCES[Math.floor(rand() * RESOURCES.length)] ?? 'pods';
  const api = APISERVICES[Math.floor(rand() * APISERVICES.length)] ?? 'v1beta1.metrics.k8s.io';
  if (r < 0.18)
    emit(
      `${klog('I', at, 'controller.go:107')}OpenAPI AggregationController: Processing item ${api}`,
    );
  else if (r < 0.3)
    emit(
      `${klog('I', at, 'controller.go:129')}OpenAPI AggregationController: action for item ${api}: Rate Limited Requeue.`,
    );
  else if (r < 0.4)
    emit(`${klog('W', at, 'handler_proxy.go:99')}no RequestInfo found in the context`);
  else if (r < 0.5)
    emit(
      `${klog('I', at, 'log.go:245')}http: TLS handshake error from ${ip}:${40000 + Math.floor(rand() * 20000)}: EOF`,
    );
  else if (r < 0.6)
    emit(
      `${klog('I', at, 'controller.go:624')}quota admission added evaluator for: ${res}.coordination.k8s.io`,
    );
  else if (r < 0.7)
    emit(
      `${klog('I', at, 'alloc.go:330')}"allocated clusterIPs" service="default/svc-${Math.floor(rand() * 900)}" clusterIPs={"IPv4":"172.20.${Math.floor(rand() * 250)}.${Math.floor(rand() * 250)}"}`,
    );
  else if (r < 0.78)
    emit(`${klog('I', at, 'cacher.go:901')}cacher (${res}): 1 objects queued in incoming channel.`);
  else if (r < 0.86)
    emit(
      `${klog('W', at, 'reflector.go:547')}storage/cacher.go:/${res}: watch of *core.Pod ended with: very short watch: storage/cacher.go:/${res}: Unexpected watch close - watch lasted less than a second and no items received`,
    );
  else if (r < 0.93)
    emit(
      `${klog('I', at, 'handler.go:275')}Adding GroupVersion metrics.k8s.io v1beta1 to ResourceManager`,
    );
  else if (r < 0.995)
    emit(
      `${klog('I', at, 'lease.go:265')}Resetting endpoints for master service "kubernetes" to [10.0.1.10 10.0.2.10]`,
    );
  else {
    const id = Math.floor(rand() * 2 ** 31);
    emit(
      `${klog('I', at, 'trace.go:236')}Trace[${id}]: "List" accept:application/json, */*,audit-id:6b1c0e9a-1c2d-4e5f-9a8b-7c6d5e4f3a2b,client:${ip},api-group:,api-version:v1,name:,subresource:,namespace:,protocol:HTTP/2.0,resource:${res},scope:cluster,url:/api/v1/${res},user-agent:kube-controller-manager/v1.31.2,verb:LIST (28-Nov-2026 10:00:00.000) (total time: 612ms):`,
    );
    emit(`Trace[${id}]: ---"Writing http response done" count:523 611ms (10:00:00.612)`);
    emit(`Trace[${id}]: [612.538211ms] [612.538211ms] END`);
  }
}

function failure(rand: () => number, at: number, emit: Emit): void {
  const r = rand();
  const pod = `10.0.${Math.floor(rand() * 64)}.${Math.floor(rand() * 250) + 2}`;
  if (r < 0.3) {
    emit(
      `${klog('E', at, 'remote_available_controller.go:448')}"Unhandled Error" err="v1beta1.metrics.k8s.io failed with: failing or missing response from https://${pod}:10251/apis/metrics.k8s.io/v1beta1: Get \\"https://${pod}:10251/apis/metrics.k8s.io/v1beta1\\": dial tcp ${pod}:10251: i/o timeout" logger="UnhandledError"`,
    );
  } else if (r < 0.5) {
    const id = Math.floor(rand() * 2 ** 48).toString(16);
    emit(`${klog('I', at - 10_000, 'dialer.go:35')}[${id}: ${pod}:9443] Dialing...`);
    emit(`${klog('I', at, 'dialer.go:41')}[${id}: ${pod}:9443] Dialed in 10.000412s.`);
    emit(
      `${klog('W', at, 'dispatcher.go:217')}Failed calling webhook, failing closed vingress.elbv2.k8s.aws: failed calling webhook "vingress.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/validate-networking-v1-ingress?timeout=10s": context deadline exceeded`,
    );
  } else if (r < 0.65) {
    emit(
      `${klog('W', at, 'dispatcher.go:225')}Failed calling webhook, failing open mutate.kyverno.svc-fail: failed calling webhook "mutate.kyverno.svc-fail": failed to call webhook: Post "https://kyverno-svc.kyverno.svc:443/mutate/fail?timeout=10s": dial tcp ${pod}:9443: connect: connection refused`,
    );
    emit(
      `${klog('E', at, 'dispatcher.go:229')}"Unhandled Error" err="failed calling webhook \\"mutate.kyverno.svc-fail\\": failed to call webhook: Post \\"https://kyverno-svc.kyverno.svc:443/mutate/fail?timeout=10s\\": dial tcp ${pod}:9443: connect: connection refused" logger="UnhandledError"`,
    );
  } else if (r < 0.8) {
    emit(`${klog('E', at, 'controller.go:146')}"Unhandled Error" err=<`);
    emit(
      '\tError updating APIService "v1beta1.metrics.k8s.io" with err: failed to download v1beta1.metrics.k8s.io: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: service unavailable',
    );
    emit(
      '\t, Header: map[Content-Type:[text/plain; charset=utf-8] X-Content-Type-Options:[nosniff]]',
    );
    emit(' > logger="UnhandledError"');
  } else if (r < 0.9) {
    emit(
      `${klog('E', at, 'controller.go:116')}loading OpenAPI spec for "v1beta1.external.metrics.k8s.io" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: service unavailable`,
    );
    emit(
      ', Header: map[Content-Type:[text/plain; charset=utf-8] X-Content-Type-Options:[nosniff]]',
    );
  } else {
    emit(
      `${klog('E', at, 'memcache.go:265')}couldn't get resource list for metrics.k8s.io/v1beta1: the server is currently unable to handle the request`,
    );
  }
}

/**
 * Writes `lines` log lines through `emit` (at least; multi-line records may add a few), with
 * about `failureShare` of them failing calls.
 */
export function generateApiserverLog(
  lines: number,
  emit: Emit,
  { seed = 42, failureShare = 0.01, start = Date.UTC(2026, 10, 28, 10) } = {},
): void {
  const rand = prng(seed);
  let count = 0;
  let at = start;
  const counted: Emit = (line) => {
    count++;
    emit(line);
  };
  while (count < lines) {
    at += rand() * 40;
    if (rand() < failureShare / 2.2) failure(rand, at, counted);
    else noise(rand, at, counted);
  }
}
