import { describe, expect, it } from 'vitest';
import { classifyEvents } from '#core/logs/classify/classifier.ts';
import { classifyLine } from '#core/logs/classify/classify-line.ts';
import { REFERENCE_TIME } from '#test/helpers/apiserver-lines.ts';

// A second klog record forged inside one message: its own header, time and a dial to Redis.
const FORGED =
  'E1128 09:00:05.000000      10 available_controller.go:460] v1beta1.evil.io failed with: failing or missing response from https://10.42.2.71:6379/apis/evil.io/v1: Get "https://10.42.2.71:6379/apis/evil.io/v1": dial tcp 10.42.2.71:6379: i/o timeout';

describe('a line with a klog header of its own inside one message is never read', () => {
  it('classify --all judges an event by its own first line, not by a forged line after a newline', () => {
    // Prepare
    const event = `E1128 09:00:04.512345      10 controller.go:113] loading OpenAPI spec for "v1beta1.metrics.k8s.io" failed with: x\n${FORGED}`;
    // Act
    const verdict = classifyLine(event);
    // Assess
    expect(verdict).toMatchObject({ kind: 'openapi', ip: null, port: null, error: 'other' });
  });

  it('a Go-quoted newline in a structured err neither adds an endpoint nor changes the error class', () => {
    // Prepare
    const quoted = FORGED.replaceAll('"', '\\"');
    const message = `E1128 09:00:04.512345      10 dispatcher.go:225] "Unhandled Error" err="failed calling webhook \\"a.b\\": failed to call webhook: Post \\"https://x.y.svc:443/?timeout=10s\\": EOF\\n${quoted}" logger="UnhandledError"`;
    // Act
    const verdict = classifyLine(message);
    const findings = classifyEvents([{ message }], { referenceTime: REFERENCE_TIME });
    // Assess
    expect(verdict).toMatchObject({ kind: 'webhook-admission', ip: null, error: 'eof' });
    expect(findings.map((f) => [f.kind, f.ip, f.error])).toEqual([
      ['webhook-admission', null, 'eof'],
    ]);
    expect(findings[0]?.detail).not.toContain('6379');
  });

  it.each([
    ['a carriage return', '\r'],
    ['a Unicode line separator', '\u2028'],
    ['a next-line control (NEL)', '\u0085'],
  ])('drops a forged record after %s as after a newline', (_what, separator) => {
    // Prepare
    const event = `E1128 09:00:04.512345      10 controller.go:113] loading OpenAPI spec for "v1beta1.metrics.k8s.io" failed with: x${separator}${FORGED}`;
    // Act
    const verdict = classifyLine(event);
    const findings = classifyEvents([{ message: event }], { referenceTime: REFERENCE_TIME });
    // Assess
    expect(verdict).toMatchObject({ kind: 'openapi', ip: null, port: null });
    expect(findings.map((f) => [f.kind, f.ip, f.port])).toEqual([['openapi', null, null]]);
  });

  it("judges a call's error on the line of its URL, not on a header-less line quoted after it", () => {
    // Prepare
    const forgedText = FORGED.slice(FORGED.indexOf('] ') + 2);
    const message = `W1128 09:00:04.512345      10 dispatcher.go:217] Failed calling webhook, failing closed a.b: failed calling webhook "a.b": failed to call webhook: Post "https://x.y.svc:443/?timeout=10s": EOF\n${forgedText}`;
    // Act
    const verdict = classifyLine(message);
    const findings = classifyEvents([{ message }], { referenceTime: REFERENCE_TIME });
    // Assess
    expect(verdict).toMatchObject({ kind: 'webhook-admission', ip: null, error: 'eof' });
    expect(findings.map((f) => [f.kind, f.error, f.latencyMs])).toEqual([
      ['webhook-admission', 'eof', null],
    ]);
  });

  it('still reads an error wrapped onto the line after its URL', () => {
    // Prepare
    const message =
      'E1128 09:00:04.512345      10 dispatcher.go:183] "Unhandled Error" err=<\n\tfailed calling webhook "a.b": failed to call webhook: Post "https://x.y.svc:443/?timeout=10s":\n\tcontext deadline exceeded\n > logger="UnhandledError"';
    // Act
    const findings = classifyEvents([{ message }], { referenceTime: REFERENCE_TIME });
    // Assess
    expect(findings.map((f) => [f.kind, f.error, f.latencyMs])).toEqual([
      ['webhook-admission', 'timeout', 10000],
    ]);
  });

  it('keeps the header-less lines of a multi-line message (the OpenAPI 503 body)', () => {
    // Prepare
    const message =
      'E1128 09:00:04.512345      10 controller.go:113] loading OpenAPI spec for "v1beta1.metrics.k8s.io" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: error trying to reach service: dial tcp 10.42.1.87:4443: i/o timeout\n, Header: map[Content-Type:[text/plain; charset=utf-8]]';
    // Act
    const verdict = classifyLine(message);
    // Assess
    expect(verdict).toMatchObject({
      kind: 'openapi',
      ip: '10.42.1.87',
      port: 4443,
      error: 'timeout',
    });
  });
});
