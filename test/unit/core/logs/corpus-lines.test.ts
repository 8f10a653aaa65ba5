import { describe, expect, it } from 'vitest';
import { classifyLine } from '#core/logs/classify-line.ts';
import { corpusLines } from '#test/helpers/corpus.ts';

// The per-line expectation is `alone` where present (only the fields it lists), else the labels,
// with `other-noise` printed as `none`.
function expectationOf(entry: ReturnType<typeof corpusLines>[number]): Record<string, unknown> {
  if (entry.alone) return entry.alone;
  const { kind, name, host, ip, port, error, latencyMs } = entry;
  return { kind: kind === 'other-noise' ? 'none' : kind, name, host, ip, port, error, latencyMs };
}

// Lines whose labels come from neighbouring lines (the k0s multi-line record, joined by note) are
// checked as sequences in classify-sequences.test.ts; here only their lone reading is pinned.
const NEIGHBOUR_DEPENDENT = /Header line: the error text follows|Value line 2|Closing delimiter/;

describe('classifyLine on the real-line corpus', () => {
  const entries = corpusLines().filter((entry) => !NEIGHBOUR_DEPENDENT.test(entry.note ?? ''));
  it.each(entries.map((entry, index) => [index, entry.line.slice(0, 90), entry] as const))(
    'line %i matches its labels: %s',
    (_index, _preview, entry) => {
      // Act
      const verdict = classifyLine(entry.line);
      // Assess
      expect(verdict).toMatchObject(expectationOf(entry));
    },
  );
});
