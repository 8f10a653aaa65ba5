import { InputError } from '#core/errors.ts';
import { SECURITY_GROUP_RULE_ID } from '#core/model/aws-names.ts';
import { parseCidr } from '#core/network/ip.ts';
import type { PlanRuleChange } from '#core/plan/plan-types.ts';
import { sanitizeRuleDescription } from '#core/recommend/rule-description.ts';
import { checkId, ID_PATTERNS } from '#render/fixes/safe-values.ts';

const PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'udp', 'icmp', 'icmpv6', '-1']);

/** A plan change whose every field was checked for use in a command or template. */
export interface SafeChange {
  readonly revoke: boolean;
  readonly direction: 'ingress' | 'egress';
  readonly groupId: string;
  readonly protocol: string;
  readonly fromPort: number | null;
  readonly toPort: number | null;
  readonly peer:
    | { readonly kind: 'group'; readonly groupId: string }
    | { readonly kind: 'cidr'; readonly cidr: string; readonly family: 4 | 6 }
    | { readonly kind: 'prefix-list'; readonly prefixListId: string };
  readonly ruleId: string | null;
  readonly description: string;
}

/**
 * Checks a plan change before it is rendered as a command or template: `sg-`, `sgr-` and `pl-`
 * IDs, a known protocol, integer ports 0–65535 with from ≤ to, a real CIDR block; the description
 * is re-sanitised to AWS's character set.
 *
 * @throws InputError naming the field when anything is off.
 * @example
 * safeChange(plan.changes[0]).groupId; // 'sg-0b0de5ec0de5ec0de'
 */
export function safeChange(change: PlanRuleChange): SafeChange {
  const groupId = checkId(change.groupId, ID_PATTERNS.securityGroup, 'security group');
  if (!PROTOCOLS.has(change.protocol)) {
    throw new InputError(
      `refusing to render: protocol ${JSON.stringify(String(change.protocol).slice(0, 20))}`,
    );
  }
  const port = (p: number | null): number | null => {
    if (p === null) return null;
    if (Number.isInteger(p) && p >= 0 && p <= 65535) return p;
    throw new InputError(
      `refusing to render: port ${JSON.stringify(String(p).slice(0, 20))} is not 0-65535`,
    );
  };
  const fromPort = port(change.fromPort);
  const toPort = port(change.toPort);
  if (fromPort !== null && toPort !== null && fromPort > toPort) {
    throw new InputError(`refusing to render: port range ${fromPort}-${toPort}`);
  }
  let peer: SafeChange['peer'];
  if ('groupId' in change.peer) {
    peer = {
      kind: 'group',
      groupId: checkId(change.peer.groupId, ID_PATTERNS.securityGroup, 'security group'),
    };
  } else if ('cidr' in change.peer) {
    const cidr = parseCidr(change.peer.cidr);
    if (!cidr || !change.peer.cidr.includes('/')) {
      throw new InputError(
        `refusing to render: ${JSON.stringify(change.peer.cidr.slice(0, 60))} is not a CIDR block`,
      );
    }
    peer = { kind: 'cidr', cidr: cidr.text, family: cidr.family };
  } else {
    peer = {
      kind: 'prefix-list',
      prefixListId: checkId(change.peer.prefixListId, ID_PATTERNS.prefixList, 'prefix list'),
    };
  }
  const revoke = change.action.startsWith('revoke-');
  const ruleId =
    change.ruleId === null
      ? null
      : checkId(change.ruleId, SECURITY_GROUP_RULE_ID, 'security group rule');
  return {
    revoke,
    direction: change.action.endsWith('ingress') ? 'ingress' : 'egress',
    groupId,
    protocol: change.protocol,
    fromPort,
    toPort,
    peer,
    ruleId,
    description: sanitizeRuleDescription(change.description),
  };
}
