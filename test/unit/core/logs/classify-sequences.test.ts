import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyEvents } from '#core/logs/classify/classifier.ts';

interface Sequence {
  readonly name: string;
  readonly source: string;
  readonly lines: readonly string[];
  readonly findings: readonly Record<string, unknown>[];
}

// Excerpts of real kube-apiserver logs, in their original order, from the public reports named in
// `source` (one first line is marked as constructed). Each must yield exactly the findings listed.
const sequences = JSON.parse(
  readFileSync(new URL('../../../fixtures/sequences/real-reports.json', import.meta.url), 'utf8'),
) as Sequence[];

const REFERENCE = Date.UTC(2026, 10, 28);

function asJson(value: unknown): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  if (typeof plain.at === 'number') plain.at = new Date(plain.at).toISOString();
  return plain;
}

describe('Classifier on real multi-line excerpts', () => {
  it.each(sequences.map((s) => [s.name, s] as const))('%s', (_name, sequence) => {
    // Act
    const findings = classifyEvents(
      sequence.lines.map((message) => ({ message })),
      { referenceTime: REFERENCE },
    );
    // Assess
    expect(findings.map(asJson)).toMatchObject(sequence.findings);
    expect(findings).toHaveLength(sequence.findings.length);
  });
});
