import { describe, expect, it } from 'vitest';
import { analyzeLogEvents } from '#core/build-report.ts';
import { classifyEvents } from '#core/logs/classify/classifier.ts';
import { dialedAtStart, splitAnswer } from '#core/logs/grammar/callee-answer.ts';
import { REFERENCE_TIME } from '#test/helpers/apiserver-lines.ts';
import { clusterSgDefaults, nodeEni, snapshotOf, xenis } from '#test/helpers/network-fixture.ts';

// The database a webhook pod fails to reach, as the webhook's own answer reports it.
const DB_TAIL = 'dial tcp 10.0.1.50:5432: i/o timeout';

describe('splitAnswer: the API server own error versus the callee answer', () => {
  it("cuts client-go's 'an error on the server' answer off the API server's part", () => {
    // Act
    const outcome = splitAnswer(
      `failed to call webhook: an error on the server ("${DB_TAIL}") has prevented the request from succeeding`,
    );
    // Assess
    expect(outcome).toEqual({
      own: 'failed to call webhook: ',
      answer: `an error on the server ("${DB_TAIL}") has prevented the request from succeeding`,
      proxy: null,
    });
  });

  it('treats a downloader body as the answer, unless it is the aggregator proxy error', () => {
    // Act
    const backend = splitAnswer(`http error: ResponseCode: 500, Body: ${DB_TAIL}, Header: map[]`);
    const proxied = splitAnswer(
      `http error: ResponseCode: 503, Body: error trying to reach service: ${DB_TAIL}, Header: map[]`,
    );
    // Assess
    expect(backend.answer).toBe(`${DB_TAIL}, Header: map[]`);
    expect(proxied).toEqual({ own: `http error: ${DB_TAIL}`, answer: null, proxy: DB_TAIL });
  });

  it('reads the ≤ 1.18 and 1.8 proxy wordings as the proxy error too', () => {
    // Act
    const quoted = splitAnswer(
      `ResponseCode: 503, Body: Error trying to reach service: '${DB_TAIL}'`,
    );
    const old = splitAnswer(`ResponseCode: 503, Body: Error: '${DB_TAIL}'`);
    // Assess
    expect(quoted.proxy).toBe(`${DB_TAIL}'`);
    expect(old.proxy).toBe(`${DB_TAIL}'`);
  });

  it('finds no answer in a transport error', () => {
    // Act
    const outcome = splitAnswer(`Post "https://s.ns.svc:443/v?timeout=10s": ${DB_TAIL}`);
    // Assess
    expect(outcome.answer).toBeNull();
  });
});

describe('dialedAtStart: only a dial right after the request names the endpoint', () => {
  it.each([
    ['after a quoted URL', `": ${DB_TAIL}`, { ip: '10.0.1.50', port: 5432 }],
    [
      'after the probe URL and its client error',
      `: Get "https://10.0.1.50:4443/apis": ${DB_TAIL}`,
      { ip: '10.0.1.50', port: 5432 },
    ],
    [
      'through a konnectivity proxy',
      'proxy error from 127.0.0.1:8131 while dialing 10.0.1.50:10250, code 503: x',
      { ip: '10.0.1.50', port: 10250 },
    ],
    [
      'not a read tcp',
      ': read tcp 10.0.0.1:4000->10.0.1.50:5432: read: connection reset by peer',
      null,
    ],
    ['not a dial further on', `: EOF after ${DB_TAIL}`, null],
  ])('%s', (_name, text, expected) => {
    // Act
    const dialed = dialedAtStart(text);
    // Assess
    expect(dialed).toEqual(expected);
  });
});

describe('a callee answer never becomes a rule', () => {
  const kyverno500 = `W1128 09:00:00.000000      10 dispatcher.go:217] Failed calling webhook, failing closed validate.kyverno.svc-fail: failed calling webhook "validate.kyverno.svc-fail": failed to call webhook: an error on the server ("${DB_TAIL}") has prevented the request from succeeding`;

  it('proposes no rule and no ACL entry for a port named inside a webhook HTTP 500 answer', () => {
    // Prepare
    const snapshot = snapshotOf({ enis: [...xenis(), nodeEni()], rules: clusterSgDefaults() });
    // Act
    const report = analyzeLogEvents([{ message: kyverno500 }], snapshot, {
      referenceTime: REFERENCE_TIME,
    });
    // Assess
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ kind: 'webhook-admission', error: 'http-status' });
    expect(report.findings[0]?.target?.port ?? null).not.toBe(5432);
    expect(report.recommendations).toEqual([]);
    expect(JSON.stringify(report)).not.toContain('"port":5432');
  });

  it('keeps every finding classify reports for the OpenAPI formats (503 bodies included)', () => {
    // Prepare
    const lines = [
      'E1128 09:00:00.000000      10 controller.go:116] loading OpenAPI spec for "v1beta1.metrics.k8s.io" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: service unavailable',
      ', Header: map[Content-Type:[text/plain; charset=utf-8] X-Content-Type-Options:[nosniff]]',
      'W1128 09:00:01.000000      10 aggregator.go:166] failed to download v1beta1.custom.metrics.k8s.io: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: error trying to reach service: dial tcp 10.0.1.50:6443: i/o timeout, Header: map[]',
      'E1128 09:00:02.000000      10 controller.go:113] loading OpenAPI spec for "v1beta1.external.metrics.k8s.io" failed with: Error, could not get list of group versions for APIService',
    ].map((message) => ({ message }));
    const snapshot = snapshotOf({ enis: [...xenis(), nodeEni()], rules: clusterSgDefaults() });
    // Act
    const classified = classifyEvents(lines, { referenceTime: REFERENCE_TIME });
    const report = analyzeLogEvents(lines, snapshot, { referenceTime: REFERENCE_TIME });
    // Assess
    expect(classified.map((f) => f.name)).toEqual([
      'v1beta1.metrics.k8s.io',
      'v1beta1.custom.metrics.k8s.io',
      'v1beta1.external.metrics.k8s.io',
    ]);
    expect(report.findings.map((f) => [f.kind, f.name])).toEqual(
      classified.map((f) => [f.kind, f.name]),
    );
  });

  it('judges the endpoint the aggregator proxy dialled in a DiscoveryManager line (1.26-1.28.1)', () => {
    // Prepare
    const line =
      'I1128 09:00:00.000000      10 handler_discovery.go:337] DiscoveryManager: Failed to download discovery for kube-system/metrics-server:443: 503 error trying to reach service: dial tcp 10.0.1.50:10250: i/o timeout';
    const snapshot = snapshotOf({ enis: [...xenis(), nodeEni()], rules: clusterSgDefaults() });
    // Act
    const report = analyzeLogEvents([{ message: line }], snapshot, {
      referenceTime: REFERENCE_TIME,
    });
    // Assess
    expect(report.findings[0]).toMatchObject({
      kind: 'discovery',
      error: 'timeout',
      target: { ip: '10.0.1.50', port: 10250 },
    });
  });
});
