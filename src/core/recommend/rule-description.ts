import { RULE_DESCRIPTION_DISALLOWED as DISALLOWED } from '#core/model/aws-names.ts';

/** Most characters AWS accepts in a security group rule description. */
export const MAX_RULE_DESCRIPTION = 255;

/**
 * Makes any text a valid security group rule description: characters outside AWS's allowed set
 * become `_`, runs of spaces collapse, and the result is cut to 255 characters.
 *
 * @example
 * sanitizeRuleDescription('webhook "x.y" → pod'); // 'webhook _x.y_ _ pod'
 */
export function sanitizeRuleDescription(text: string): string {
  const clean = text.replace(DISALLOWED, '_').replace(/ {2,}/g, ' ').trim();
  return clean.length > MAX_RULE_DESCRIPTION
    ? clean.slice(0, MAX_RULE_DESCRIPTION).trimEnd()
    : clean;
}

/**
 * Whether a description is already acceptable to AWS as is.
 *
 * @example
 * isValidRuleDescription('eks-sg-advisor: control plane to webhook x'); // true
 */
export function isValidRuleDescription(text: string): boolean {
  return text.length <= MAX_RULE_DESCRIPTION && text.replace(DISALLOWED, '') === text;
}
