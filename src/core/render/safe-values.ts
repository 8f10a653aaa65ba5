import { InputError } from '#core/errors.ts';
import { parseCidr } from '#core/network/ip.ts';
import {
  CLUSTER_NAME,
  NETWORK_INTERFACE_ID,
  PREFIX_LIST_ID,
  SECURITY_GROUP_ID,
} from '#core/network/snapshot-schema.ts';
import { sanitizeRuleDescription } from '#core/recommend/rule-description.ts';
import type { Recommendation } from '#core/report.ts';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** A recommendation whose every field has been checked for use in a command or template. */
export interface SafeRule {
  readonly direction: 'ingress' | 'egress';
  readonly groupId: string;
  readonly protocol: 'tcp' | 'udp';
  readonly fromPort: number;
  readonly toPort: number;
  readonly peer:
    | { readonly kind: 'group'; readonly groupId: string }
    | { readonly kind: 'cidr'; readonly cidr: string; readonly family: 4 | 6 };
  /** Within AWS's description character set, so safe in every target syntax once quoted. */
  readonly description: string;
}

/**
 * Checks a recommendation before it is rendered as a command or template: group IDs must be
 * `sg-<hex>`, ports integers in 0–65535 with from ≤ to, the protocol TCP or UDP, a CIDR peer a
 * real CIDR block; the description is re-sanitised to AWS's character set.
 *
 * @throws InputError naming the field when anything is off (the renderer refuses to emit it).
 * @example
 * safeRule(recommendation).groupId; // 'sg-0b0de5ec0de5ec0de'
 */
export function safeRule(rec: Recommendation): SafeRule {
  const groupId = checkId(rec.groupId, SECURITY_GROUP_ID, 'security group');
  if (rec.protocol !== 'tcp' && rec.protocol !== 'udp') {
    throw new InputError(
      `refusing to render: protocol "${String(rec.protocol)}" is not tcp or udp`,
    );
  }
  const fromPort = checkPort(rec.fromPort);
  const toPort = checkPort(rec.toPort);
  if (fromPort > toPort)
    throw new InputError(`refusing to render: port range ${fromPort}-${toPort}`);
  let peer: SafeRule['peer'];
  if ('groupId' in rec.peer) {
    peer = {
      kind: 'group',
      groupId: checkId(rec.peer.groupId, SECURITY_GROUP_ID, 'security group'),
    };
  } else {
    const cidr = parseCidr(rec.peer.cidr);
    if (!cidr || !rec.peer.cidr.includes('/')) {
      throw new InputError(
        `refusing to render: ${quoteForMessage(rec.peer.cidr)} is not a CIDR block`,
      );
    }
    peer = { kind: 'cidr', cidr: rec.peer.cidr, family: cidr.family };
  }
  const direction = rec.action === 'authorize-ingress' ? 'ingress' : 'egress';
  const description = sanitizeRuleDescription(rec.description);
  return { direction, groupId, protocol: rec.protocol, fromPort, toPort, peer, description };
}

/**
 * Checks an ID against its pattern (`sg-`, `eni-`, `pl-` + hex).
 *
 * @throws InputError when it does not match.
 * @example
 * checkId('sg-0123abcd', SECURITY_GROUP_ID, 'security group'); // 'sg-0123abcd'
 */
export function checkId(id: string, pattern: RegExp, what: string): string {
  if (typeof id === 'string' && pattern.test(id)) return id;
  throw new InputError(`refusing to render: ${quoteForMessage(String(id))} is not a ${what} ID`);
}

/** The ID patterns, re-exported for renderers. */
export const ID_PATTERNS = {
  securityGroup: SECURITY_GROUP_ID,
  networkInterface: NETWORK_INTERFACE_ID,
  prefixList: PREFIX_LIST_ID,
} as const;

/**
 * A cluster name safe for tags and comments, or null when it is not a valid EKS name.
 *
 * @example
 * safeClusterName('prod'); // 'prod'
 */
export function safeClusterName(name: string): string | null {
  return CLUSTER_NAME.test(name) ? name : null;
}

/**
 * A region safe for `--region`, or null.
 *
 * @example
 * safeRegion('eu-west-1'); // 'eu-west-1'
 */
export function safeRegion(region: string | null | undefined): string | null {
  return region && REGION.test(region) ? region : null;
}

function checkPort(port: number): number {
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  throw new InputError(`refusing to render: port ${quoteForMessage(String(port))} is not 0-65535`);
}

function quoteForMessage(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters must not reach the terminal
  return JSON.stringify(text.slice(0, 60).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' '));
}
