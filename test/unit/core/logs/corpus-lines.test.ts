import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyEvents } from '#core/logs/classify/classifier.ts';
import { classifyLine } from '#core/logs/classify/classify-line.ts';
import type { Finding } from '#core/model/finding.ts';
import { type CorpusLine, corpusLines } from '#test/helpers/corpus.ts';

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

// Labels "in context" of lines that depend on their neighbours: each such line appears in a real
// excerpt (test/fixtures/sequences) and the finding that absorbs it must carry the labels; a dial
// line's labels name the endpoint the finding's correlated `dial` carries.
describe('neighbour-dependent corpus lines, checked inside their real sequences', () => {
  const sequences = JSON.parse(
    readFileSync(new URL('../../../fixtures/sequences/real-reports.json', import.meta.url), 'utf8'),
  ) as { name: string; lines: string[] }[];
  const dependent = corpusLines().filter(
    (entry) =>
      entry.kind !== 'other-noise' && (entry.alone || NEIGHBOUR_DEPENDENT.test(entry.note ?? '')),
  );
  it.each(dependent.map((entry) => [entry.line.slice(0, 70), entry] as const))(
    '%s',
    (_preview, entry) => {
      // Prepare
      const sequence = sequences.find((s) => s.lines.some((line) => line.includes(entry.line)));
      expect(sequence, `no sequence holds ${entry.line}`).toBeDefined();
      // Act
      const findings = classifyEvents(
        (sequence?.lines ?? []).map((message) => ({ message })),
        {
          referenceTime: Date.UTC(2026, 10, 28),
        },
      );
      // Assess
      // Only the labels the neighbours set are checked (a dial line's context has no error).
      const match = findings.find(
        (f) =>
          f.kind === entry.kind &&
          f.name === entry.name &&
          (entry.error === null || f.error === entry.error) &&
          (entry.latencyMs === null || f.latencyMs === entry.latencyMs) &&
          (entry.ip === null || endpointMatches(f, entry)),
      );
      expect(match, JSON.stringify(findings)).toBeDefined();
    },
  );
});

function endpointMatches(finding: Finding, entry: CorpusLine): boolean {
  if (finding.ip === entry.ip && finding.port === entry.port) return true;
  const dial = 'dial' in finding ? finding.dial : null;
  return dial !== null && dial.ip === entry.ip && dial.port === entry.port;
}
