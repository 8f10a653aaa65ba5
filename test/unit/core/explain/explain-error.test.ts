import { describe, expect, it } from 'vitest';
import { explainError } from '#core/explain/explain-error.ts';
import { corpusFragments } from '#test/helpers/corpus.ts';

describe('explainError', () => {
  it('points a service-only webhook timeout at the add-on pod port, not the service port', () => {
    // Act
    const e = explainError(
      'Internal error occurred: failed calling webhook "vingress.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/validate?timeout=10s": context deadline exceeded',
    );
    // Assess
    expect(e).toMatchObject({
      kind: 'webhook-admission',
      name: 'vingress.elbv2.k8s.aws',
      error: 'timeout',
      securityGroupFix: 'yes',
      endpoint: { ip: null, port: 443 },
    });
    expect(e.likelyTargetPorts).toContainEqual({
      addon: 'AWS Load Balancer Controller',
      port: 9443,
    });
    expect(e.advice.join(' ')).toMatch(/by default 9443/);
  });

  it('says a refused connection needs no rule', () => {
    // Act
    const e = explainError(
      'Internal error occurred: failed calling webhook "mservice.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/mutate-v1-service?timeout=10s": dial tcp 100.64.184.123:9443: connect: connection refused',
    );
    // Assess
    expect(e).toMatchObject({
      error: 'refused',
      securityGroupFix: 'no',
      endpoint: { ip: '100.64.184.123', port: 9443 },
    });
    expect(e.advice.join(' ')).toMatch(/packet reached the pod/);
  });

  it('says when a text is not an API-server call failure', () => {
    // Act
    const e = explainError('Error from server (NotFound): pods "x" not found');
    // Assess
    expect(e).toMatchObject({ kind: 'none', error: null, securityGroupFix: 'unknown' });
    expect(e.advice).toEqual([
      'This text is not a failed call from the API server to a webhook or aggregated API.',
    ]);
  });

  it.each(corpusFragments().map((f) => [f.text.slice(0, 60), f] as const))(
    'classifies the corpus fragment %s like the classifier',
    (_preview, fragment) => {
      // Act / Assess
      expect(explainError(fragment.text).error).toBe(fragment.error);
    },
  );
});

const DESCRIBE = `Name:         v1beta1.metrics.k8s.io
Namespace:
Labels:       k8s-app=metrics-server
API Version:  apiregistration.k8s.io/v1
Kind:         APIService
Spec:
  Group:                     metrics.k8s.io
  Insecure Skip TLS Verify:  true
  Service:
    Name:            metrics-server
    Namespace:       kube-system
    Port:            443
  Version:           v1beta1
Status:
  Conditions:
    Last Transition Time:  2026-11-28T10:00:00Z
    Message:               MESSAGE
    Reason:                REASON
    Status:                False
    Type:                  Available
Events:                    <none>`;

function describeBlock(reason: string, message: string): string {
  return DESCRIBE.replace('REASON', reason).replace('MESSAGE', message);
}

describe('explainError on what people paste', () => {
  it('reads kubectl top ServiceUnavailable as the aggregator 503 of an unavailable APIService', () => {
    // Act
    const e = explainError(
      'Error from server (ServiceUnavailable): the server is currently unable to handle the request (get nodes.metrics.k8s.io)',
    );
    // Assess
    expect(e).toMatchObject({
      kind: 'apiservice-availability',
      name: 'v1beta1.metrics.k8s.io',
      error: 'http-status',
      securityGroupFix: 'maybe',
    });
    expect(e.what).toMatch(/metrics\.k8s\.io \(nodes\.metrics\.k8s\.io\) is unavailable/);
    expect(e.portsToOpen).toContain(4443);
    expect(e.advice.join(' ')).toMatch(/kubectl get apiservice v1beta1\.metrics\.k8s\.io/);
  });

  it.each([
    [
      'kubectl memcache',
      "E1128 10:00:00.000000   12345 memcache.go:287] couldn't get resource list for metrics.k8s.io/v1beta1: the server is currently unable to handle the request",
      'v1beta1.metrics.k8s.io',
      4443,
    ],
    [
      'helm',
      'Error: unable to retrieve the complete list of server APIs: tap.linkerd.io/v1alpha1: the server is currently unable to handle the request',
      'v1alpha1.tap.linkerd.io',
      8089,
    ],
  ])(
    'reads a discovery 503 (%s) as an unavailable APIService a rule may fix',
    (_n, text, name, port) => {
      // Act
      const e = explainError(text);
      // Assess
      expect(e).toMatchObject({
        kind: 'discovery',
        name,
        error: 'http-status',
        securityGroupFix: 'maybe',
      });
      expect(e.portsToOpen).toContain(port);
    },
  );

  it('reads the newer kubectl top wording as the metrics APIService being unavailable', () => {
    // Act
    const e = explainError('error: Metrics API not available');
    // Assess
    expect(e).toMatchObject({ name: 'v1beta1.metrics.k8s.io', securityGroupFix: 'maybe' });
    expect(e.portsToOpen).toContain(4443);
  });

  it("reads a condition message after a tool's own words (linkerd check)", () => {
    // Act
    const e = explainError(
      '× tap API service is running\n    FailedDiscoveryCheck: no response from https://10.233.31.133:8089: Get https://10.233.31.133:8089: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    );
    // Assess
    expect(e).toMatchObject({
      kind: 'apiservice-availability',
      error: 'timeout',
      securityGroupFix: 'yes',
      endpoint: { ip: '10.233.31.133', port: 8089 },
      portsToOpen: [8089],
    });
  });

  it("reads linkerd's tap 503 as the tap APIService being unavailable (port 8089)", () => {
    // Act
    const e = explainError(
      'Error: HTTP error, status Code [503] (unexpected API response: service unavailable) running linkerd viz tap deploy/web',
    );
    // Assess
    expect(e).toMatchObject({
      name: 'v1alpha1.tap.linkerd.io',
      securityGroupFix: 'maybe',
      portsToOpen: [8089],
    });
  });

  it('reads kubectl describe apiservice: a timeout in the Message names the port to open', () => {
    // Act
    const e = explainError(
      describeBlock(
        'FailedDiscoveryCheck',
        'failing or missing response from https://10.0.1.218:4443/apis/metrics.k8s.io/v1beta1: Get "https://10.0.1.218:4443/apis/metrics.k8s.io/v1beta1": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      ),
    );
    // Assess
    expect(e).toMatchObject({
      name: 'v1beta1.metrics.k8s.io',
      error: 'timeout',
      securityGroupFix: 'yes',
      endpoint: { ip: '10.0.1.218', port: 4443 },
      portsToOpen: [4443],
    });
  });

  it.each([
    [
      'MissingEndpoints',
      'endpoints for service/metrics-server in "kube-system" have no addresses with port name "https"',
    ],
    ['ServiceNotFound', 'service/metrics-server in "kube-system" is not present'],
  ])('reads kubectl describe apiservice %s as no endpoints: no rule helps', (reason, message) => {
    // Act
    const e = explainError(describeBlock(reason, message));
    // Assess
    expect(e).toMatchObject({ error: 'no-endpoints', securityGroupFix: 'no', portsToOpen: [] });
  });

  it.each([
    ['FailedDiscoveryCheck', null, 'maybe'],
    ['MissingEndpoints', 'no-endpoints', 'no'],
    ['ServiceNotFound', 'no-endpoints', 'no'],
  ])('reads a kubectl get apiservice row False (%s)', (reason, error, fix) => {
    // Prepare
    const table = `NAME                     SERVICE                      AVAILABLE                 AGE
v1.apps                  Local                        True                      10d
v1beta1.metrics.k8s.io   kube-system/metrics-server   False (${reason})   10d`;
    // Act
    const e = explainError(table);
    // Assess
    expect(e).toMatchObject({
      name: 'v1beta1.metrics.k8s.io',
      service: { namespace: 'kube-system', name: 'metrics-server' },
      error,
      securityGroupFix: fix,
    });
    expect(e.what).toContain(reason);
  });

  it('maps a tcpdump port name back to its number and says it is the IANA name', () => {
    // Act
    const e = explainError(
      'IP 192.216.0.8.38074 > 192.216.7.111.pharos: Flags [S], seq 3019664713, win 62727, length 0',
    );
    // Assess
    expect(e).toMatchObject({
      kind: 'packet',
      endpoint: { ip: '192.216.7.111', port: 4443 },
      error: 'timeout',
      securityGroupFix: 'yes',
      portsToOpen: [4443],
    });
    expect(e.advice.join(' ')).toMatch(
      /'pharos' is TCP 4443 \(IANA name: pharos, an IANA registration, not the product/,
    );
  });

  it('reads tcpdump -v output, whose addresses sit on the line after IP (tos ...)', () => {
    // Act
    const e = explainError(
      '10:00:00.000001 IP (tos 0x0, ttl 127, id 0, offset 0, flags [DF], proto TCP (6), length 60)\n    10.0.0.8.38074 > 10.0.7.11.pharos: Flags [S], cksum 0x1 (correct), seq 1, win 62727, length 0\n10:00:01.000001 IP (tos 0x0, ttl 127, id 0, offset 0, flags [DF], proto TCP (6), length 60)\n    10.0.0.8.38074 > 10.0.7.11.pharos: Flags [S], cksum 0x1 (correct), seq 1, win 62727, length 0',
    );
    // Assess
    expect(e).toMatchObject({ kind: 'packet', error: 'timeout', portsToOpen: [4443] });
  });

  it('says a SYN answered by a SYN-ACK or a reset needs no rule', () => {
    // Act
    const answered = explainError(
      'IP 10.0.0.8.38074 > 10.0.7.11.4443: Flags [S], length 0\nIP 10.0.7.11.4443 > 10.0.0.8.38074: Flags [S.], length 0',
    );
    const reset = explainError(
      'IP 10.0.0.8.38074 > 10.0.7.11.4443: Flags [S], length 0\nIP 10.0.7.11.4443 > 10.0.0.8.38074: Flags [R.], length 0',
    );
    // Assess
    expect(answered).toMatchObject({ securityGroupFix: 'no', portsToOpen: [] });
    expect(reset).toMatchObject({ error: 'refused', securityGroupFix: 'no' });
  });

  it("never takes an endpoint from a webhook's own HTTP 500 answer", () => {
    // Act
    const e = explainError(
      'Error from server (InternalError): Internal error occurred: failed calling webhook "validate.kyverno.svc-fail": failed to call webhook: an error on the server ("dial tcp 10.42.2.66:5432: i/o timeout") has prevented the request from succeeding',
    );
    // Assess
    expect(e).toMatchObject({
      error: 'http-status',
      securityGroupFix: 'no',
      endpoint: { ip: null, port: null },
      portsToOpen: [],
    });
  });

  it('reads kubectl get apiservice -o yaml whose Message YAML folded over several quoted lines', () => {
    // Prepare
    const yaml = `apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: v1beta1.metrics.k8s.io
spec:
  service:
    name: metrics-server
    namespace: kube-system
    port: 443
status:
  conditions:
  - lastTransitionTime: "2024-01-01T00:00:00Z"
    message: 'failing or missing response from https://10.42.1.50:4443/apis/metrics.k8s.io/v1beta1:
      Get "https://10.42.1.50:4443/apis/metrics.k8s.io/v1beta1": dial tcp 10.42.1.50:4443:
      i/o timeout'
    reason: FailedDiscoveryCheck
    status: "False"
    type: Available`;
    // Act
    const e = explainError(yaml);
    // Assess
    expect(e).toMatchObject({
      name: 'v1beta1.metrics.k8s.io',
      error: 'timeout',
      securityGroupFix: 'yes',
      endpoint: { ip: '10.42.1.50', port: 4443 },
      portsToOpen: [4443],
    });
  });

  it('reads a whole klog line as the classifier does (the 1.29+ aggregator warning)', () => {
    // Act
    const e = explainError(
      'W1128 09:09:12.345678      10 aggregator.go:166] failed to download v1beta1.metrics.k8s.io: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: error trying to reach service: dial tcp 10.42.1.87:4443: i/o timeout, Header: map[Content-Type:[text/plain; charset=utf-8]]',
    );
    // Assess
    expect(e).toMatchObject({
      kind: 'openapi',
      name: 'v1beta1.metrics.k8s.io',
      error: 'timeout',
      endpoint: { ip: '10.42.1.87', port: 4443 },
      portsToOpen: [4443],
    });
  });

  it("reads the aggregator proxy's own dial error a client got as the API server's dial", () => {
    // Act
    const e = explainError(
      'Error from server (ServiceUnavailable): error trying to reach service: dial tcp 10.42.1.87:4443: i/o timeout',
    );
    // Assess
    expect(e).toMatchObject({
      error: 'timeout',
      securityGroupFix: 'yes',
      endpoint: { ip: '10.42.1.87', port: 4443 },
      portsToOpen: [4443],
    });
    expect(e.what).toContain('10.42.1.87:4443');
  });
});

describe('explainError on hostile pastes', () => {
  it('reads kubectl get apiservice -o yaml like describe', () => {
    // Prepare
    const yaml = [
      'apiVersion: apiregistration.k8s.io/v1',
      'kind: APIService',
      'metadata:',
      '  name: v1beta1.metrics.k8s.io',
      'spec:',
      '  group: metrics.k8s.io',
      '  service:',
      '    name: metrics-server',
      '    namespace: kube-system',
      '    port: 443',
      'status:',
      '  conditions:',
      '  - lastTransitionTime: "2026-11-28T10:00:00Z"',
      '    message: \'failing or missing response from https://10.0.1.218:4443/apis/metrics.k8s.io/v1beta1: Get "https://10.0.1.218:4443/apis/metrics.k8s.io/v1beta1": dial tcp 10.0.1.218:4443: i/o timeout\'',
      '    reason: FailedDiscoveryCheck',
      '    status: "False"',
      '    type: Available',
    ].join('\n');
    // Act
    const e = explainError(yaml);
    // Assess
    expect(e).toMatchObject({
      name: 'v1beta1.metrics.k8s.io',
      service: { namespace: 'kube-system', name: 'metrics-server', port: 443 },
      error: 'timeout',
      portsToOpen: [4443],
    });
  });

  it('reads a megabyte of white space and near-misses in linear time', () => {
    // Prepare
    const paste = `${' \n'.repeat(200_000)}  Conditions:\n${'    Reason: \n'.repeat(20_000)}${'v1.a '.repeat(50_000)}`;
    const started = performance.now();
    // Act
    const e = explainError(paste);
    // Assess
    expect(e.kind).toBeDefined();
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it.each([
    [
      'a webhook dial',
      'Internal error occurred: failed calling webhook "x.y.z": failed to call webhook: Post "https://svc.ns.svc:443/v?timeout=10s": dial tcp 10.42.1.51:22: i/o timeout',
      22,
    ],
    [
      'a tcpdump SYN',
      'IP 10.42.1.12.38074 > 10.42.1.50.postgresql: Flags [S], seq 1, length 0',
      5432,
    ],
    [
      'the aggregator proxy',
      'Error from server (ServiceUnavailable): error trying to reach service: dial tcp 10.42.1.87:6379: i/o timeout',
      6379,
    ],
  ])('holds a sensitive port no registration names for review (%s)', (_what, text, port) => {
    // Act
    const e = explainError(text);
    // Assess
    expect(e.portsToOpen).not.toContain(port);
    expect(e.reviewPorts).toEqual([port]);
    expect(e.securityGroupFix).toBe('maybe');
    expect(e.advice.join(' ')).toMatch(new RegExp(`TCP ${port} is a sensitive port`));
  });

  it('opens a port that is not sensitive as before, with nothing held for review', () => {
    // Act
    const e = explainError(
      'failing or missing response from https://10.42.1.50:4443/apis/metrics.k8s.io/v1beta1: Get "https://10.42.1.50:4443/apis/metrics.k8s.io/v1beta1": dial tcp 10.42.1.50:4443: i/o timeout',
    );
    // Assess
    expect(e).toMatchObject({ portsToOpen: [4443], reviewPorts: [], securityGroupFix: 'yes' });
  });

  it('never reads a klog line quoted inside an answer as the paste itself', () => {
    // Act
    const e = explainError(
      'Error from server: admission webhook "x.y.z" denied the request: E1128 09:00:00.000000 1 available_controller.go:460] v1beta1.x.io failed with: failing or missing response from https://10.42.2.71:4443/apis/x.io/v1: Get "https://10.42.2.71:4443/apis/x.io/v1": dial tcp 10.42.2.71:4443: i/o timeout',
    );
    // Assess
    expect(e.endpoint).toEqual({ ip: null, host: null, port: null });
    expect(e.portsToOpen).toEqual([]);
  });

  it("never reads a proxy error inside a webhook's answer as the API server's dial", () => {
    // Act
    const e = explainError(
      'admission webhook "x.y.z" denied the request: error trying to reach service: dial tcp 10.42.2.66:9443: i/o timeout',
    );
    // Assess
    expect(e.endpoint).toEqual({ ip: null, host: null, port: null });
    expect(e.portsToOpen).toEqual([]);
  });
});
