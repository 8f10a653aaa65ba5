import { describe, expect, it } from 'vitest';
import { Classifier, classifyEvents } from '#core/logs/classify/classifier.ts';
import { parseKlogLine } from '#core/logs/grammar/klog-line.ts';
import { generateApiserverLog } from '../../../../bench/apiserver-log.ts';

const REFERENCE = Date.UTC(2026, 10, 28, 12);

function oneClassifier(lines: readonly string[]) {
  return classifyEvents(
    lines.map((message) => ({ message })),
    { referenceTime: REFERENCE },
  );
}

/** Each part read by its own classifier, then absorbed in order by the first. */
function inParts(parts: readonly (readonly string[])[]) {
  const [first, ...rest] = parts.map((part) => {
    const classifier = new Classifier({ referenceTime: REFERENCE });
    for (const message of part) classifier.push({ message });
    return classifier;
  });
  if (!first) throw new Error('no parts');
  for (const other of rest) first.absorb(other.takePart());
  return first.finish();
}

/** The index of the first line at or after `from` that starts a record (has a klog header). */
function recordStart(lines: readonly string[], from: number): number {
  let at = from;
  while (at < lines.length && !parseKlogLine(lines[at] ?? '').hasHeader) at++;
  return at;
}

describe('Classifier parts', () => {
  it.each([
    [2, 11],
    [3, 7],
    [5, 3],
  ])(
    'gives the findings of one classifier when the input is read in %i parts (seed %i)',
    (count, seed) => {
      // Prepare
      const lines: string[] = [];
      generateApiserverLog(30_000, (line) => lines.push(line), { seed, failureShare: 0.03 });
      const cuts = [0];
      for (let i = 1; i < count; i++) {
        cuts.push(recordStart(lines, Math.floor((lines.length * i) / count)));
      }
      const parts = cuts.map((start, i) => lines.slice(start, cuts[i + 1] ?? lines.length));
      // Act
      const split = inParts(parts);
      const whole = oneClassifier(lines);
      // Assess
      expect(whole.length).toBeGreaterThan(100);
      expect(split).toEqual(whole);
    },
  );

  it('pairs a dial whose Dialing... and Dialed in lines fall in different parts', () => {
    // Prepare
    const dialing = 'I1128 10:00:01.000000      10 dialer.go:41] [ab12: 10.0.3.4:9443] Dialing...';
    const noise = 'I1128 10:00:02.000000      10 httplog.go:132] "HTTP" verb="GET" URI="/healthz"';
    const dialed =
      'I1128 10:00:12.500000      10 dialer.go:41] [ab12: 10.0.3.4:9443] Dialed in 11.5s.';
    // Act
    const split = inParts([[dialing, noise], [dialed]]);
    const whole = oneClassifier([dialing, noise, dialed]);
    // Assess
    expect(whole).toHaveLength(1);
    expect(whole[0]).toMatchObject({ kind: 'dial', ip: '10.0.3.4', port: 9443 });
    expect(split).toEqual(whole);
  });

  it('refuses lines pushed after a part was absorbed (their order would be lost)', () => {
    // Prepare
    const classifier = new Classifier({ referenceTime: REFERENCE });
    const other = new Classifier({ referenceTime: REFERENCE });
    other.push({ message: 'I1128 10:00:01.000000 1 a.go:1] x' });
    classifier.absorb(other.takePart());
    // Act / Assess
    expect(() => classifier.push({ message: 'I1128 10:00:02.000000 1 a.go:1] y' })).toThrow(
      /after absorb/,
    );
  });
});

describe('Classifier on repeated records', () => {
  it('gives each record the findings a fresh classifier gives it, however often its text repeats', () => {
    // Prepare: one failure text repeated between unique ones, past the number of texts kept.
    const repeated =
      'v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.0.1.2:4443/apis/metrics.k8s.io/v1beta1: Get "https://10.0.1.2:4443/apis/metrics.k8s.io/v1beta1": dial tcp 10.0.1.2:4443: i/o timeout';
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const time = `10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000000`;
      const text =
        i % 3 === 0
          ? repeated
          : `v1beta1.m${i}.example.io failed with: failing or missing response from https://10.0.${i % 250}.9:${1024 + i}/apis/m${i}.example.io/v1beta1: connection refused`;
      lines.push(`E1128 ${time}       1 available_controller.go:524] ${text}`);
    }
    // Act
    const together = oneClassifier(lines);
    const apart = lines.flatMap((line) => oneClassifier([line]));
    // Assess
    expect(together).toHaveLength(3000);
    expect(together).toEqual(apart);
  });
});
