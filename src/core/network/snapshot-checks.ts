import { InputError } from '#core/errors.ts';
import { clusterArnParts } from '#core/model/aws-names.ts';
import { parseStrictIp } from '#core/network/ip.ts';
import { MAX_LISTED_ACL_RULE, type NetworkSnapshot } from '#core/network/snapshot-schema.ts';

/**
 * The checks a field-by-field schema cannot make, against what the EC2 and EKS APIs really
 * return: an interface listed twice or two interfaces with one address (the endpoint would be
 * ambiguous), a rule with no or several peers, TCP/UDP port ranges outside 0-65535 or reversed,
 * ports on a protocol that has none, a network ACL rule number used twice in one direction, and a
 * cluster ARN that names another cluster.
 *
 * @throws InputError naming the snapshot, the field path and the problem in one line.
 * @example
 * checkSnapshot(snapshot, 'net.json'); // throws on a duplicate NetworkInterfaceId
 */
export function checkSnapshot(snapshot: NetworkSnapshot, label: string): void {
  const problem = firstProblem(snapshot);
  if (problem !== null) throw new InputError(`network snapshot ${label}: ${problem}`);
}

function firstProblem(snapshot: NetworkSnapshot): string | null {
  return (
    clusterProblem(snapshot) ??
    interfaceProblem(snapshot) ??
    ruleProblem(snapshot) ??
    aclProblem(snapshot) ??
    duplicateProblem(
      'securityGroupRules.SecurityGroupRules',
      'SecurityGroupRuleId',
      snapshot.securityGroupRules.SecurityGroupRules.map((r) => r.SecurityGroupRuleId),
    ) ??
    duplicateProblem(
      'securityGroups.SecurityGroups',
      'GroupId',
      (snapshot.securityGroups?.SecurityGroups ?? []).map((g) => g.GroupId),
    ) ??
    duplicateProblem(
      'networkAcls.NetworkAcls',
      'NetworkAclId',
      (snapshot.networkAcls?.NetworkAcls ?? []).map((a) => a.NetworkAclId),
    ) ??
    associationProblem(snapshot) ??
    duplicateProblem(
      'subnets.Subnets',
      'SubnetId',
      (snapshot.subnets?.Subnets ?? []).map((n) => n.SubnetId),
    )
  );
}

function duplicateProblem(
  list: string,
  field: string,
  ids: readonly (string | undefined)[],
): string | null {
  const seen = new Map<string, number>();
  for (const [i, id] of ids.entries()) {
    if (id === undefined) continue;
    const first = seen.get(id);
    if (first !== undefined)
      return `${list}[${i}].${field}: ${id} is listed twice (also at [${first}])`;
    seen.set(id, i);
  }
  return null;
}

/** A subnet is associated with exactly one network ACL. */
function associationProblem(snapshot: NetworkSnapshot): string | null {
  const owners = new Map<string, string>();
  for (const [a, acl] of (snapshot.networkAcls?.NetworkAcls ?? []).entries()) {
    for (const [s, association] of (acl.Associations ?? []).entries()) {
      const subnet = association.SubnetId;
      if (subnet === undefined) continue;
      const owner = owners.get(subnet);
      if (owner !== undefined && owner !== acl.NetworkAclId) {
        return `networkAcls.NetworkAcls[${a}].Associations[${s}].SubnetId: ${subnet} is also associated with ${owner} (a subnet has one network ACL)`;
      }
      owners.set(subnet, acl.NetworkAclId);
    }
  }
  return null;
}

function clusterProblem(snapshot: NetworkSnapshot): string | null {
  const { name, arn } = snapshot.cluster.cluster;
  if (arn === undefined) return null;
  const named = clusterArnParts(arn)?.name;
  return named !== undefined && named !== name
    ? `cluster.cluster.arn: names cluster "${named}", not "${name}"`
    : null;
}

function interfaceProblem(snapshot: NetworkSnapshot): string | null {
  const ids = new Map<string, number>();
  const owners = new Map<string, string>();
  const list = snapshot.networkInterfaces.NetworkInterfaces;
  for (const [i, eni] of list.entries()) {
    const path = `networkInterfaces.NetworkInterfaces[${i}]`;
    const first = ids.get(eni.NetworkInterfaceId);
    if (first !== undefined) {
      return `${path}.NetworkInterfaceId: ${eni.NetworkInterfaceId} is listed twice (also at [${first}])`;
    }
    ids.set(eni.NetworkInterfaceId, i);
    const addresses = new Set([
      ...(eni.PrivateIpAddress ? [eni.PrivateIpAddress] : []),
      ...(eni.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress),
      ...(eni.Ipv6Addresses ?? []).map((a) => a.Ipv6Address),
    ]);
    for (const text of addresses) {
      const ip = parseStrictIp(text);
      if (!ip) continue;
      const key = `${ip.family}/${ip.value}`;
      const owner = owners.get(key);
      if (owner !== undefined && owner !== eni.NetworkInterfaceId) {
        return `${path}: address ${ip.text} is also on ${owner} (one address, two interfaces)`;
      }
      owners.set(key, eni.NetworkInterfaceId);
    }
  }
  return null;
}

function ruleProblem(snapshot: NetworkSnapshot): string | null {
  for (const [i, rule] of snapshot.securityGroupRules.SecurityGroupRules.entries()) {
    const path = `securityGroupRules.SecurityGroupRules[${i}]`;
    const peers = [
      rule.CidrIpv4,
      rule.CidrIpv6,
      rule.PrefixListId,
      rule.ReferencedGroupInfo?.GroupId,
    ].filter((p) => p !== undefined).length;
    if (peers > 1) {
      return `${path}: has ${peers} peers (CidrIpv4, CidrIpv6, PrefixListId, ReferencedGroupInfo), AWS gives exactly one`;
    }
    const ports = portsProblem(rule.IpProtocol.toLowerCase(), rule.FromPort, rule.ToPort);
    if (ports !== null) return `${path}: ${ports}`;
  }
  return null;
}

function portsProblem(
  protocol: string,
  from: number | undefined,
  to: number | undefined,
): string | null {
  const shown = `FromPort ${from ?? '(none)'}, ToPort ${to ?? '(none)'}`;
  if (['tcp', 'udp', '6', '17'].includes(protocol)) {
    if (from === undefined || to === undefined || from < 0 || to < 0) {
      return `protocol ${protocol} needs a port range of 0-65535, got ${shown}`;
    }
    return from > to ? `FromPort ${from} is above ToPort ${to}` : null;
  }
  if (['icmp', 'icmpv6', '1', '58'].includes(protocol)) {
    const bad = [from, to].some((p) => p !== undefined && p > 255);
    return bad
      ? `protocol ${protocol} takes an ICMP type and code (-1 to 255), got ${shown}`
      : null;
  }
  const ported = [from, to].some((p) => p !== undefined && p !== -1);
  return ported ? `protocol ${protocol} has no ports (-1), got ${shown}` : null;
}

function aclProblem(snapshot: NetworkSnapshot): string | null {
  for (const [a, acl] of (snapshot.networkAcls?.NetworkAcls ?? []).entries()) {
    const numbers = new Set<string>();
    for (const [e, entry] of (acl.Entries ?? []).entries()) {
      const path = `networkAcls.NetworkAcls[${a}].Entries[${e}]`;
      const key = `${entry.Egress ? 'egress' : 'ingress'} ${entry.RuleNumber}`;
      if (numbers.has(key)) {
        return `${path}.RuleNumber: ${key} is used twice in ${acl.NetworkAclId}`;
      }
      numbers.add(key);
      const cidrs = [entry.CidrBlock, entry.Ipv6CidrBlock].filter((c) => c !== undefined);
      if (cidrs.length !== 1) {
        return `${path}: needs exactly one of CidrBlock and Ipv6CidrBlock, got ${cidrs.length}`;
      }
      if (entry.RuleNumber === MAX_LISTED_ACL_RULE && entry.CidrBlock !== undefined) {
        return `${path}.RuleNumber: ${MAX_LISTED_ACL_RULE} is the number of the IPv6 * entry, not of an IPv4 entry`;
      }
      const range = entry.PortRange;
      const ported = ['6', '17', 'tcp', 'udp'].includes(entry.Protocol.toLowerCase());
      if (ported && (range?.From === undefined || range.To === undefined)) {
        return `${path}.PortRange: protocol ${entry.Protocol} needs a port range (AWS lists one for every TCP and UDP entry)`;
      }
      if (range?.From !== undefined && range.To !== undefined && range.From > range.To) {
        return `${path}.PortRange: From ${range.From} is above To ${range.To}`;
      }
    }
  }
  return null;
}
