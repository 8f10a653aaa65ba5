import { InputError } from '#core/errors.ts';
import {
  CLUSTER_NAME,
  NETWORK_ACL_ID,
  NETWORK_INTERFACE_ID,
  PREFIX_LIST_ID,
  REGION,
  SECURITY_GROUP_ID,
  SUBNET_ID,
} from '#core/model/aws-names.ts';
import type { NetworkAclEntryFix, Recommendation } from '#core/model/report.ts';
import { parseCidr } from '#core/network/ip.ts';
import { sanitizeRuleDescription } from '#core/recommend/rule-description.ts';
import { messageValue } from '#render/escape.ts';

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
        `refusing to render: ${messageValue(rec.peer.cidr)} is not a CIDR block`,
      );
    }
    peer = { kind: 'cidr', cidr: rec.peer.cidr, family: cidr.family };
  }
  const direction = rec.action === 'authorize-ingress' ? 'ingress' : 'egress';
  const description = sanitizeRuleDescription(rec.description);
  return { direction, groupId, protocol: rec.protocol, fromPort, toPort, peer, description };
}

/** A network ACL entry to add whose every field has been checked for a command or template. */
export interface SafeNaclEntry {
  readonly networkAclId: string;
  readonly subnetId: string;
  readonly direction: 'ingress' | 'egress';
  /** Null: no free number before the denying entry (rendered as a comment, never as an entry). */
  readonly ruleNumber: number | null;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidr: string;
  readonly family: 4 | 6;
}

/**
 * Validates a proposed network ACL entry for rendering: `acl-`/`subnet-` IDs, a rule number of
 * 1–32766, TCP, a port range and a CIDR block.
 *
 * @throws InputError naming the first invalid field.
 * @example
 * safeNaclEntry(report.networkAclEntries[0]).ruleNumber; // 99
 */
export function safeNaclEntry(fix: NetworkAclEntryFix): SafeNaclEntry {
  const networkAclId = checkId(fix.networkAclId, NETWORK_ACL_ID, 'network ACL');
  const subnetId = checkId(fix.subnetId, SUBNET_ID, 'subnet');
  if (fix.protocol !== 'tcp') {
    throw new InputError(`refusing to render: protocol "${String(fix.protocol)}" is not tcp`);
  }
  const ruleNumber = fix.ruleNumber;
  if (
    ruleNumber !== null &&
    !(Number.isInteger(ruleNumber) && ruleNumber >= 1 && ruleNumber <= 32766)
  ) {
    throw new InputError(
      `refusing to render: rule number ${messageValue(String(ruleNumber))} is not 1-32766`,
    );
  }
  const fromPort = checkPort(fix.fromPort);
  const toPort = checkPort(fix.toPort);
  if (fromPort > toPort)
    throw new InputError(`refusing to render: port range ${fromPort}-${toPort}`);
  const cidr = parseCidr(fix.cidr);
  if (!cidr || !fix.cidr.includes('/')) {
    throw new InputError(`refusing to render: ${messageValue(fix.cidr)} is not a CIDR block`);
  }
  const direction = fix.direction;
  if (direction !== 'ingress' && direction !== 'egress') {
    throw new InputError(`refusing to render: direction "${String(direction)}"`);
  }
  return {
    networkAclId,
    subnetId,
    direction,
    ruleNumber,
    fromPort,
    toPort,
    cidr: fix.cidr,
    family: cidr.family,
  };
}

/**
 * Checks an ID against its pattern (`sg-`, `eni-`, `pl-`, `acl-`, `subnet-` + hex).
 *
 * @throws InputError when it does not match.
 * @example
 * checkId('sg-0123abcd', SECURITY_GROUP_ID, 'security group'); // 'sg-0123abcd'
 */
export function checkId(id: string, pattern: RegExp, what: string): string {
  if (typeof id === 'string' && pattern.test(id)) return id;
  throw new InputError(`refusing to render: ${messageValue(String(id))} is not a ${what} ID`);
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
 * A region safe for `--region`, or null when none is known. A malformed region is refused, never
 * dropped: the commands would otherwise run in the caller's default region.
 *
 * @throws InputError when `region` is set but not a region name.
 * @example
 * safeRegion('eu-west-1'); // 'eu-west-1'
 */
export function safeRegion(region: string | null | undefined): string | null {
  if (region === null || region === undefined || region === '') return null;
  if (REGION.test(region)) return region;
  throw new InputError(
    `region ${JSON.stringify(region.slice(0, 40))} is not an AWS region name: refusing to write commands that would run in another region`,
  );
}

function checkPort(port: number): number {
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  throw new InputError(`refusing to render: port ${messageValue(String(port))} is not 0-65535`);
}
