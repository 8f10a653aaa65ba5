import { describe, expect, it } from 'vitest';
import { RULE_DESCRIPTION } from '#core/model/aws-names.ts';
import {
  isValidRuleDescription,
  sanitizeRuleDescription,
} from '#core/recommend/rule-description.ts';

describe('sanitizeRuleDescription', () => {
  it('keeps every character AWS documents for rule descriptions, & included', () => {
    // Prepare
    const text = 'aZ09 ._-:/()#,@[]+=&;{}!$*';

    // Act
    const clean = sanitizeRuleDescription(text);

    // Assess
    expect(clean).toBe(text);
  });

  it('replaces other characters with _, collapses spaces and cuts to 255 characters', () => {
    // Prepare
    const text = `webhook "x.y"  →  pod ${'a'.repeat(300)}`;

    // Act
    const clean = sanitizeRuleDescription(text);

    // Assess
    expect(clean.startsWith('webhook _x.y_ _ pod a')).toBe(true);
    expect(clean).toHaveLength(255);
  });

  it('gives what the snapshot schema accepts as an existing rule description', () => {
    // Prepare
    const texts = ['Ünïcode & "quotes" <tags> `ticks`', 'x'.repeat(400), 'a & b'];

    // Act
    const cleaned = texts.map((text) => sanitizeRuleDescription(text));

    // Assess
    expect(cleaned.every((text) => RULE_DESCRIPTION.test(text))).toBe(true);
    expect(cleaned.every((text) => isValidRuleDescription(text))).toBe(true);
    expect(isValidRuleDescription('a "b"')).toBe(false);
  });
});
