import type { Plan } from '#core/plan/plan-types.ts';

/**
 * A short, stable ID of a plan's changes (FNV-1a, 64 bits, hex): the tag value on every rule the
 * plan creates, so the rules of one plan can be found again.
 *
 * @example
 * planId(plan); // 'p-3f9a0c1d2e4b5a69'
 */
export function planId(plan: Pick<Plan, 'cluster' | 'changes'>): string {
  const text = JSON.stringify([
    plan.cluster,
    plan.changes.map((c) => [
      c.action,
      c.groupId,
      c.protocol,
      c.fromPort,
      c.toPort,
      c.peer,
      c.ruleId,
    ]),
  ]);
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `p-${hash.toString(16).padStart(16, '0')}`;
}
