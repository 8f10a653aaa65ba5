import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Classifier, classifyEvents } from '#core/logs/classify/classifier.ts';
import { classifierSink, TextScanner } from '#core/logs/classify/text-scanner.ts';
import { FAMILY_MARKERS, SCAN_LITERALS } from '#core/logs/grammar/markers.ts';
import { generateApiserverLog } from '../../../../../bench/apiserver-log.ts';

const REFERENCE = Date.UTC(2026, 10, 28, 12);

function lineByLine(lines: readonly string[]) {
  return classifyEvents(
    lines.map((message) => ({ message })),
    { referenceTime: REFERENCE },
  );
}

/** The fast path over the same text cut into byte pieces at line ends every `every` lines. */
function scanned(lines: readonly string[], every: number) {
  const classifier = new Classifier({ referenceTime: REFERENCE });
  const scanner = new TextScanner(classifierSink(classifier));
  for (let i = 0; i < lines.length; i += every) {
    scanner.pushBytes(Buffer.from(`${lines.slice(i, i + every).join('\n')}\n`, 'utf8'));
  }
  scanner.end();
  return classifier.finish();
}

describe('TextScanner', () => {
  it('finds every family marker through one of its scan literals', () => {
    // Assess: `] END` lines are reached as continuations of their trace header instead.
    for (const marker of FAMILY_MARKERS.filter((m) => m !== '] END')) {
      expect(
        SCAN_LITERALS.some((literal) => marker.includes(literal)),
        marker,
      ).toBe(true);
    }
  });

  it.each([1, 7, 1000, 50_000])(
    'gives the same findings as line-by-line classification on a generated log (pieces of %i lines)',
    (every) => {
      // Prepare
      const lines: string[] = [];
      generateApiserverLog(40_000, (line) => lines.push(line), { seed: 7, failureShare: 0.02 });
      // Act
      const fast = scanned(lines, every);
      const slow = lineByLine(lines);
      // Assess
      expect(fast.length).toBeGreaterThan(100);
      expect(fast).toEqual(slow);
    },
  );

  it('gives the same findings as line-by-line classification on the real excerpts', () => {
    // Prepare
    const sequences = JSON.parse(
      readFileSync(
        new URL('../../../../fixtures/sequences/real-reports.json', import.meta.url),
        'utf8',
      ),
    ) as { lines: string[] }[];
    for (const { lines } of sequences) {
      // Act & Assess
      expect(scanned(lines, 2)).toEqual(lineByLine(lines));
    }
  });

  it('keeps UTF-8 text intact while scanning bytes as Latin-1', () => {
    // Prepare
    const line =
      'W1128 10:00:00.000001       1 dispatcher.go:217] Failed calling webhook, failing closed näme.example.io: failed calling webhook “näme.example.io”: Post https://wébhook.ns.svc:443/x?timeout=10s: x509: certificate signed by unknown authority';
    // Act
    const [finding] = scanned([line], 1);
    // Assess
    expect(finding).toMatchObject({
      kind: 'webhook-admission',
      name: 'näme.example.io',
      error: 'tls',
    });
  });
});
