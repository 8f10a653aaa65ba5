import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyEvents } from '#core/logs/classify/classifier.ts';
import { classifyLine } from '#core/logs/classify/classify-line.ts';
import { ERROR_CLASSES } from '#core/model/error-class.ts';
import type { LineVerdict } from '#core/model/finding.ts';
import { ipOfHost } from '#core/network/ip.ts';
import { corpusFragments, corpusLines } from '#test/helpers/corpus.ts';

const SEEDS = [...corpusLines().map((e) => e.line), ...corpusFragments().map((f) => f.text)];
const KINDS = new Set([
  'apiservice-availability',
  'openapi',
  'discovery',
  'webhook-admission',
  'webhook-conversion',
  'dial',
  'trace',
  'kubelet',
  'none',
]);
const CLASSES = new Set<string | null>([...ERROR_CLASSES, null]);

/** A real line, cut, spliced, repeated or sprinkled with characters that matter to the grammar. */
const mutatedLine = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.nat(),
    fc.nat(),
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(
        '"',
        '\\',
        '\\"',
        '\n',
        '\t',
        ' >',
        '=<',
        ':',
        '[',
        ']',
        'https://',
        'dial tcp ',
        '%',
        '\u0000',
        '\u202e',
        'µs',
      ),
    ),
    fc.constantFrom('insert', 'delete', 'replace', 'truncate', 'double'),
  )
  .map(([seed, a, b, piece, op]) => {
    const i = a % (seed.length + 1);
    const j = Math.min(seed.length, i + (b % 20));
    switch (op) {
      case 'insert':
        return seed.slice(0, i) + piece + seed.slice(i);
      case 'delete':
        return seed.slice(0, i) + seed.slice(j);
      case 'replace':
        return seed.slice(0, i) + piece + seed.slice(j);
      case 'truncate':
        return seed.slice(0, i);
      default:
        return seed.slice(0, i) + seed;
    }
  });

const anyLine = fc.oneof(mutatedLine, fc.string({ unit: 'binary', maxLength: 300 }));

function assertWellFormed(verdict: LineVerdict): void {
  expect(KINDS.has(verdict.kind)).toBe(true);
  expect(CLASSES.has(verdict.error)).toBe(true);
  if (verdict.port !== null)
    expect(Number.isInteger(verdict.port) && verdict.port > 0 && verdict.port < 65536).toBe(true);
  if (verdict.ip !== null) expect(ipOfHost(verdict.ip)).toBe(verdict.ip);
  if (verdict.latencyMs !== null)
    expect(verdict.latencyMs >= 0 && Number.isFinite(verdict.latencyMs)).toBe(true);
}

describe('classifier robustness (fast-check)', () => {
  it('judges 10,000 generated and mutated lines without throwing, with well-formed verdicts', () => {
    fc.assert(
      fc.property(anyLine, (line) => {
        assertWellFormed(classifyLine(line));
      }),
      { numRuns: 10_000 },
    );
  });

  it('reassembles and correlates 1,000 random multi-stream inputs without throwing', () => {
    const event = fc.record({
      message: fc.oneof(
        anyLine,
        fc.array(anyLine, { maxLength: 4 }).map((l) => l.join('\n')),
      ),
      stream: fc.constantFrom(null, 'kube-apiserver-a', 'kube-apiserver-b'),
      timestamp: fc.option(fc.integer({ min: 0, max: 4_102_444_800_000 })),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), (events) => {
        for (const finding of classifyEvents(events, { referenceTime: Date.UTC(2026, 10, 28) })) {
          assertWellFormed(finding);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});

/** Median of several timings of `work`, in ms. */
function medianMs(work: () => void, runs = 5): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
}

const MEGABYTE = 1 << 20;

/** Repeats `unit` up to one megabyte. */
function megabyteOf(unit: string): string {
  return unit.repeat(Math.ceil(MEGABYTE / unit.length)).slice(0, MEGABYTE);
}

// Each unit targets a regular expression of the grammar: the same prefix over and over, with the
// terminator it waits for never arriving.
const ADVERSARIAL_UNITS = [
  'v1.a failed with: ',
  'https://',
  'ailed calling webhook "',
  'Failed calling webhook, failing open x',
  'conversion webhook for a/v1, Kind=',
  '"Unhandled Error" err="\\"',
  'dial tcp 1.2.3.4:',
  'read tcp 1.1.1.1:1-',
  '[0: 1.2.3.4:5] Dialed in 1',
  'Trace[1]: "Call mutating webhook" (total time: ',
  'E0101 00:00:00.000000 1 a',
  ' (1) ]\t \t',
  'service/a in "',
  "couldn't get resource list for a/",
  'x'.repeat(300),
];

describe('no super-linear regular expression', () => {
  it('judges a 1 MB adversarial line about as fast as 1 MB of ordinary lines', () => {
    // Prepare: ordinary = the corpus lines repeated to 1 MB, judged line by line.
    const ordinary = megabyteOf(
      `${corpusLines()
        .map((e) => e.line)
        .join('\n')}\n`,
    ).split('\n');
    const baseline = medianMs(() => {
      for (const line of ordinary) classifyLine(line);
    });
    for (const unit of ADVERSARIAL_UNITS) {
      const line = megabyteOf(unit);
      // Act
      const adversarial = medianMs(() => classifyLine(line), 3);
      // Assess: a ratio, not a time (the machine is shared and noisy).
      expect(
        adversarial / Math.max(baseline, 1),
        `unit ${JSON.stringify(unit.slice(0, 30))}`,
      ).toBeLessThan(5);
    }
  });

  it('reassembles a 1 MB adversarial record about as fast as 1 MB of ordinary records', () => {
    // Prepare
    const ordinary = megabyteOf(
      `${corpusLines()
        .map((e) => e.line)
        .join('\n')}\n`,
    );
    const baseline = medianMs(() => classifyEvents([{ message: ordinary }], { referenceTime: 0 }));
    const block = `E0101 00:00:00.000000 1 a.go:1] "Unhandled Error" err=<\n${megabyteOf('\tfailed with: https://"\\\n')}`;
    // Act
    const adversarial = medianMs(
      () => classifyEvents([{ message: block }], { referenceTime: 0 }),
      3,
    );
    // Assess
    expect(adversarial / Math.max(baseline, 1)).toBeLessThan(5);
  });
});
