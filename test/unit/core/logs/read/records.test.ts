import { describe, expect, it } from 'vitest';
import { classifyEvents } from '#core/logs/classify/classifier.ts';
import { type LogRecord, RecordAssembler } from '#core/logs/read/records.ts';

const REFERENCE = Date.UTC(2026, 10, 28);
const OPENAPI =
  'E1128 09:00:04.512345      10 controller.go:113] loading OpenAPI spec for "v1beta1.metrics.k8s.io" failed with: failed to retrieve openapi spec, http error: ResponseCode: 503, Body: service unavailable';
const FORGED =
  'E1128 09:00:05.000000      10 dispatcher.go:185] failed calling webhook "evil.example.com": failed to call webhook: Post "https://evil.ns.svc:22/validate?timeout=10s": dial tcp 10.0.9.9:22: i/o timeout';
const NOISE = 'I1128 09:00:04.000000      10 handler.go:1] GET /healthz: ok';

function records(events: readonly { message: string; stream?: string }[]): LogRecord[] {
  const assembler = new RecordAssembler(REFERENCE);
  const out: LogRecord[] = [];
  for (const event of events) assembler.push(event, (r) => out.push(r));
  assembler.flush((r) => out.push(r));
  return out;
}

describe('RecordAssembler', () => {
  it('makes one record of one event whose message carries a second klog header', () => {
    // Act
    const result = records([{ message: `${NOISE}\n${FORGED}`, stream: 's' }]);

    // Assess
    expect(result).toHaveLength(1);
    expect(result[0]?.head).toBe('GET /healthz: ok');
    expect(result[0]?.text).not.toContain('10.0.9.9');
  });

  it('keeps the header-less body lines of an event in its record', () => {
    // Act
    const result = records([
      { message: `${OPENAPI}\n, Header: map[Content-Type:[text/plain]]\n`, stream: 's' },
    ]);

    // Assess
    expect(result).toHaveLength(1);
    expect(result[0]?.text.split('\n')).toHaveLength(2);
  });

  it('still starts a record at each header line of a plain-text log (one event per line)', () => {
    // Act
    const result = records([{ message: NOISE }, { message: FORGED }]);

    // Assess
    expect(result.map((r) => r.head.slice(0, 14))).toEqual(['GET /healthz: ', 'failed calling']);
  });
});

describe('classifyEvents on structured events', () => {
  it.each([
    ['a noise line', NOISE, 0],
    ['an OpenAPI 503 answer', OPENAPI, 1],
  ])('finds no forged finding in %s that carries a second klog line', (_, first, expected) => {
    // Prepare
    const event = { message: `${first}\n${FORGED}`, stream: 'kube-apiserver-a', timestamp: 1 };

    // Act
    const findings = classifyEvents([event], { referenceTime: REFERENCE });

    // Assess
    expect(findings).toHaveLength(expected);
    expect(JSON.stringify(findings)).not.toContain('10.0.9.9');
    expect(JSON.stringify(findings)).not.toContain('evil');
  });
});
