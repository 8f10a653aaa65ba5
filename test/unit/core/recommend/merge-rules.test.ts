import { describe, expect, it } from 'vitest';
import { classifyEvents } from '#core/logs/classify/classifier.ts';
import { buildNetworkModel } from '#core/network/build-model.ts';
import { aggregateFindings } from '#core/recommend/aggregate.ts';
import type { Judgement, RuleNeed } from '#core/recommend/judgement.ts';
import { mergeRules, ruleExists } from '#core/recommend/merge-rules.ts';
import {
  isValidRuleDescription,
  sanitizeRuleDescription,
} from '#core/recommend/rule-description.ts';
import { REFERENCE_TIME, webhookDialLine } from '#test/helpers/apiserver-lines.ts';
import { nodeEni, SG, snapshotOf, xenis } from '#test/helpers/network-fixture.ts';

const model = buildNetworkModel(
  snapshotOf({
    enis: [...xenis(), nodeEni()],
    rules: [
      { group: SG.node, from: 443, ref: SG.cluster },
      { group: SG.node, from: 9000, to: 9999, ref: SG.cluster },
      { group: SG.cluster, egress: true, from: 443, ref: SG.node },
    ],
  }),
);

const need = (overrides: Partial<RuleNeed>): RuleNeed => ({
  action: 'authorize-ingress',
  groupId: SG.node,
  port: 9443,
  peerGroupId: SG.cluster,
  ...overrides,
});

describe('ruleExists', () => {
  it.each([
    ['the same ingress rule', need({ port: 443 }), true],
    [
      'the same egress rule',
      need({ action: 'authorize-egress', groupId: SG.cluster, peerGroupId: SG.node, port: 443 }),
      true,
    ],
    ['a port inside a wider existing range (a different rule to EC2)', need({ port: 9443 }), false],
    ['another peer', need({ port: 443, peerGroupId: SG.extra }), false],
    ['the other direction', need({ action: 'authorize-egress', port: 443 }), false],
  ])('%s: %s', (_what, candidate, exists) => {
    // Act / Assess
    expect(ruleExists(model, candidate)).toBe(exists);
  });
});

describe('mergeRules', () => {
  const findings = classifyEvents(
    [
      webhookDialLine(0, 'a.example.com', 'a.ns', '10.0.1.50', 9443),
      webhookDialLine(5, 'b.example.com', 'b.ns', '10.0.1.50', 443),
    ].map((message) => ({ message })),
    { referenceTime: REFERENCE_TIME },
  );
  const groups = aggregateFindings(findings);
  const judged = (needs: readonly (readonly RuleNeed[])[]) =>
    groups.map((group, i) => ({
      group,
      judgement: {
        verdict: 'blocked',
        reason: '',
        networkInterface: null,
        needs: needs[i] ?? [],
        unknownWhy: [],
        naclDenials: [],
      } as Judgement,
    }));

  it('drops a need whose rule already exists instead of proposing a duplicate', () => {
    // Act
    const merged = mergeRules(model, judged([[need({})], [need({ port: 443 })]]));

    // Assess
    expect(merged.recommendations.map((r) => r.fromPort)).toEqual([9443]);
    expect(merged.existing).toEqual([need({ port: 443 })]);
  });

  it('merges identical needs from several findings into one rule that lists them', () => {
    // Act
    const merged = mergeRules(model, judged([[need({})], [need({})]]));

    // Assess
    expect(merged.recommendations).toHaveLength(1);
    expect(merged.recommendations[0]?.findings).toEqual([0, 1]);
    expect(merged.recommendations[0]?.description).toBe(
      'eks-sg-advisor: EKS control plane to webhook a.example.com and webhook b.example.com tcp/9443',
    );
  });
});

describe('sanitizeRuleDescription', () => {
  it('keeps the allowed set, replaces the rest and cuts at 255 characters', () => {
    // Prepare
    const text = `ok ._-:/()#,@[]+=;{}!$* "quoted" 'single' é\n${'x'.repeat(300)}`;

    // Act
    const clean = sanitizeRuleDescription(text);

    // Assess
    expect(clean.startsWith('ok ._-:/()#,@[]+=;{}!$* _quoted_ _single_ __')).toBe(true);
    expect(clean).toHaveLength(255);
    expect(isValidRuleDescription(clean)).toBe(true);
    expect(isValidRuleDescription('tab\there')).toBe(false);
  });
});
