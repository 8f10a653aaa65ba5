import { InputError } from '#core/errors.ts';
import { SECURITY_GROUP_ID } from '#core/model/aws-names.ts';
import type { NetworkAclEntryFix, Recommendation } from '#core/model/report.ts';
import { parseCidr } from '#core/network/ip.ts';
import { messageValue, shellQuote } from '#render/escape.ts';
import { ipPermission } from '#render/fixes/aws-cli.ts';
import { safeNaclEntry, safeRule } from '#render/fixes/safe-values.ts';

/**
 * Why a recommendation cannot be rendered as a command, or null when it can: group ids must match
 * `sg-` + 8 to 17 lowercase hex digits, the protocol must be tcp or udp, ports integers in
 * 0–65535 with from ≤ to, a CIDR peer a valid IPv4 or IPv6 prefix.
 *
 * @example
 * recommendationProblem({ ...rec, groupId: 'sg-1; rm -rf /' }); // 'invalid security group id'
 */
export function recommendationProblem(rec: Recommendation): string | null {
  if (rec.action !== 'authorize-ingress' && rec.action !== 'authorize-egress')
    return 'invalid action';
  if (!SECURITY_GROUP_ID.test(rec.groupId)) return 'invalid security group id';
  if (rec.protocol !== 'tcp' && rec.protocol !== 'udp') return 'invalid protocol';
  if (!validPort(rec.fromPort) || !validPort(rec.toPort) || rec.fromPort > rec.toPort) {
    return 'invalid port range';
  }
  if ('groupId' in rec.peer)
    return SECURITY_GROUP_ID.test(rec.peer.groupId) ? null : 'invalid peer security group id';
  // The same test as safeRule's: a CIDR block with its prefix length.
  const cidr = rec.peer.cidr;
  return parseCidr(cidr) !== null && cidr.includes('/') ? null : 'invalid peer CIDR';
}

/**
 * The `aws ec2 authorize-security-group-ingress|egress` command that adds the recommended rule,
 * on one line. It is the script's command on one line: the rule goes through the same checks
 * (`safeRule`), the description through the same rule description (AWS's character set, other
 * characters as `_`, at most 255) and the same `--ip-permissions` JSON, shell single-quoted.
 *
 * @throws InputError when {@link recommendationProblem} or `safeRule` finds a problem (the
 *   message names it).
 * @example
 * authorizeCommand(rec);
 * // aws ec2 authorize-security-group-ingress --group-id sg-0123456789abcdef0 --ip-permissions '[{"IpProtocol":"tcp",...}]'
 */
export function authorizeCommand(rec: Recommendation): string {
  const problem = recommendationProblem(rec);
  if (problem !== null)
    throw new InputError(
      `cannot render recommendation for ${messageValue(rec.groupId)}: ${problem}`,
    );
  const rule = safeRule(rec);
  return `aws ec2 authorize-security-group-${rule.direction} --group-id ${rule.groupId} --ip-permissions ${shellQuote(JSON.stringify([ipPermission(rule)]))}`;
}

/**
 * The `aws ec2 create-network-acl-entry` command that adds a proposed ACL entry, on one line.
 * Every field is validated first (IDs, rule number, ports, CIDR), so nothing needs quoting.
 *
 * @throws InputError naming the invalid field, or when the entry has no rule number.
 * @example
 * naclEntryCommand(entry);
 * // aws ec2 create-network-acl-entry --network-acl-id acl-0c0c0c0c0c0c0c0c3 --ingress --rule-number 99 ...
 */
export function naclEntryCommand(entry: NetworkAclEntryFix): string {
  const safe = safeNaclEntry(entry);
  if (safe.ruleNumber === null) {
    throw new InputError(`cannot render the entry for ${safe.networkAclId}: it has no rule number`);
  }
  const cidr = `${safe.family === 4 ? '--cidr-block' : '--ipv6-cidr-block'} ${safe.cidr}`;
  return `aws ec2 create-network-acl-entry --network-acl-id ${safe.networkAclId} --${safe.direction} --rule-number ${safe.ruleNumber} --protocol tcp --port-range From=${safe.fromPort},To=${safe.toPort} ${cidr} --rule-action allow`;
}

function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 0 && port <= 65_535;
}
