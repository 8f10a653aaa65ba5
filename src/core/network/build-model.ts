import { clusterArnParts } from '#core/model/aws-names.ts';
import { clusterScopeOf, scopeContextOf } from '#core/network/cluster-scope.ts';
import { eniRole } from '#core/network/eni-role.ts';
import { type Cidr, type IpAddress, parseCidr, parseIp } from '#core/network/ip.ts';
import type {
  ClusterInfo,
  Eni,
  NaclEntry,
  NetworkAcl,
  NetworkAcls,
  NetworkModel,
  PrefixList,
  RulePeer,
  SecurityGroup,
  SgRule,
} from '#core/network/model.ts';
import type {
  NetworkSnapshot,
  SnapshotInterface,
  SnapshotNetworkAcl,
  SnapshotRule,
} from '#core/network/snapshot-schema.ts';

/**
 * Builds the domain model from a validated snapshot: classifies every interface, flattens rules
 * by group, resolves prefix lists, and finds the cluster's X-ENIs.
 *
 * @example
 * const model = buildNetworkModel(parseNetworkSnapshot(json, 'net.json'));
 * model.controlPlaneEnis.length; // 2
 */
export function buildNetworkModel(snapshot: NetworkSnapshot): NetworkModel {
  const cluster = clusterOf(snapshot);
  const rulesByGroup = new Map<string, SgRule[]>();
  const skippedRules: string[] = [];
  const rules: SgRule[] = [];
  for (const raw of snapshot.securityGroupRules.SecurityGroupRules) {
    const rule = ruleOf(raw);
    if (!rule) {
      skippedRules.push(raw.SecurityGroupRuleId ?? `${raw.GroupId} (no ID)`);
      continue;
    }
    rules.push(rule);
    const list = rulesByGroup.get(rule.groupId) ?? [];
    list.push(rule);
    rulesByGroup.set(rule.groupId, list);
  }
  const groups = groupsOf(snapshot);
  const unscoped = snapshot.networkInterfaces.NetworkInterfaces.map((raw) =>
    eniOf(raw, cluster.name),
  );
  const context = scopeContextOf(cluster, unscoped, groups, rules);
  const enis: Eni[] = unscoped.map((eni) => {
    const scope = clusterScopeOf(eni, context);
    const role = eni.role === 'node' && scope.kind === 'out' ? 'instance' : eni.role;
    return { ...eni, role, scope };
  });
  return {
    cluster,
    enis,
    controlPlaneEnis: enis.filter((eni) => eni.role === 'control-plane'),
    groups,
    rulesByGroup,
    prefixLists: prefixListsOf(snapshot),
    skippedRules,
    networkAcls: networkAclsOf(snapshot),
  };
}

function clusterOf(snapshot: NetworkSnapshot): ClusterInfo {
  const c = snapshot.cluster.cluster;
  const arn = c.arn ?? null;
  const region = clusterArnParts(arn)?.region ?? null;
  return {
    name: c.name,
    arn,
    region,
    clusterSecurityGroupId: c.resourcesVpcConfig.clusterSecurityGroupId ?? null,
    additionalGroupIds: c.resourcesVpcConfig.securityGroupIds ?? [],
    vpcId: c.resourcesVpcConfig.vpcId ?? null,
  };
}

function eniOf(raw: SnapshotInterface, cluster: string): Omit<Eni, 'scope'> {
  const description = raw.Description ?? '';
  const interfaceType = raw.InterfaceType ?? null;
  const instanceId = raw.Attachment?.InstanceId ?? null;
  const listed = raw.PrivateIpAddresses ?? [];
  const primaryText =
    raw.PrivateIpAddress ?? listed.find((a) => a.Primary)?.PrivateIpAddress ?? null;
  const texts = [
    ...(primaryText ? [primaryText] : []),
    ...listed.map((a) => a.PrivateIpAddress).filter((t) => t !== primaryText),
  ];
  return {
    id: raw.NetworkInterfaceId,
    role: eniRole({ description, interfaceType, instanceId }, cluster),
    groupIds: (raw.Groups ?? []).map((g) => g.GroupId),
    privateIps: ips(texts),
    ipv6: ips((raw.Ipv6Addresses ?? []).map((a) => a.Ipv6Address)),
    ipv4Prefixes: cidrs((raw.Ipv4Prefixes ?? []).map((p) => p.Ipv4Prefix)),
    ipv6Prefixes: cidrs((raw.Ipv6Prefixes ?? []).map((p) => p.Ipv6Prefix)),
    description,
    interfaceType,
    instanceId,
    subnetId: raw.SubnetId ?? null,
    vpcId: raw.VpcId ?? null,
    tags: tagMap(raw.TagSet),
  };
}

function ruleOf(raw: SnapshotRule): SgRule | null {
  const peer = peerOf(raw);
  if (!peer) return null;
  const protocol = normaliseProtocol(raw.IpProtocol);
  const ported = protocol === 'tcp' || protocol === 'udp';
  const from = raw.FromPort ?? -1;
  const to = raw.ToPort ?? -1;
  return {
    id: raw.SecurityGroupRuleId ?? null,
    groupId: raw.GroupId,
    direction: raw.IsEgress ? 'egress' : 'ingress',
    protocol,
    fromPort: ported && from >= 0 ? from : null,
    toPort: ported && to >= 0 ? to : null,
    peer,
    description: raw.Description ?? null,
  };
}

function peerOf(raw: SnapshotRule): RulePeer | null {
  const text = raw.CidrIpv4 ?? raw.CidrIpv6;
  const cidr = text ? parseCidr(text) : null;
  if (cidr) return { kind: 'cidr', cidr };
  if (raw.ReferencedGroupInfo?.GroupId) {
    return { kind: 'group', groupId: raw.ReferencedGroupInfo.GroupId };
  }
  if (raw.PrefixListId) return { kind: 'prefix-list', prefixListId: raw.PrefixListId };
  return null;
}

/** `6` → `tcp`, `17` → `udp`, `1` → `icmp`, `58` → `icmpv6`, `all`/`-1` → `-1`. */
function normaliseProtocol(text: string): string {
  const lower = text.toLowerCase();
  const names: Readonly<Record<string, string>> = {
    '6': 'tcp',
    '17': 'udp',
    '1': 'icmp',
    '58': 'icmpv6',
    all: '-1',
  };
  return names[lower] ?? lower;
}

function networkAclsOf(snapshot: NetworkSnapshot): NetworkAcls | null {
  const section = snapshot.networkAcls;
  if (!section) return null;
  const bySubnet = new Map<string, NetworkAcl>();
  let defaultAcl: NetworkAcl | null = null;
  for (const raw of section.NetworkAcls) {
    const acl = networkAclOf(raw);
    if (acl.isDefault) defaultAcl = acl;
    for (const association of raw.Associations ?? []) {
      if (association.SubnetId) bySubnet.set(association.SubnetId, acl);
    }
  }
  const subnetCidrs = new Map<string, Cidr[]>();
  for (const subnet of snapshot.subnets?.Subnets ?? []) {
    subnetCidrs.set(
      subnet.SubnetId,
      cidrs([
        ...(subnet.CidrBlock ? [subnet.CidrBlock] : []),
        ...(subnet.Ipv6CidrBlockAssociationSet ?? []).flatMap((a) =>
          a.Ipv6CidrBlock ? [a.Ipv6CidrBlock] : [],
        ),
      ]),
    );
  }
  return { bySubnet, defaultAcl, subnetCidrs };
}

function networkAclOf(raw: SnapshotNetworkAcl): NetworkAcl {
  const entries: NaclEntry[] = [];
  for (const entry of raw.Entries ?? []) {
    const text = entry.CidrBlock ?? entry.Ipv6CidrBlock;
    const cidr = text ? parseCidr(text) : null;
    if (!cidr) continue;
    const protocol = normaliseProtocol(entry.Protocol);
    const from = entry.PortRange?.From;
    const to = entry.PortRange?.To;
    entries.push({
      ruleNumber: entry.RuleNumber,
      direction: entry.Egress ? 'egress' : 'ingress',
      action: entry.RuleAction,
      protocol,
      cidr,
      ports:
        (protocol === 'tcp' || protocol === 'udp') && from !== undefined && to !== undefined
          ? { from, to }
          : null,
    });
  }
  entries.sort((a, b) => a.ruleNumber - b.ruleNumber);
  return { id: raw.NetworkAclId, isDefault: raw.IsDefault === true, entries };
}

function groupsOf(snapshot: NetworkSnapshot): Map<string, SecurityGroup> {
  const groups = new Map<string, SecurityGroup>();
  for (const raw of snapshot.securityGroups?.SecurityGroups ?? []) {
    groups.set(raw.GroupId, {
      id: raw.GroupId,
      name: raw.GroupName ?? null,
      tags: tagMap(raw.Tags),
      isVpcDefault: raw.GroupName === 'default',
    });
  }
  return groups;
}

function prefixListsOf(snapshot: NetworkSnapshot): Map<string, PrefixList> {
  const lists = new Map<string, PrefixList>();
  const section = snapshot.managedPrefixLists;
  const names = new Map(
    (section?.PrefixLists ?? []).map((p) => [p.PrefixListId, p.PrefixListName ?? null]),
  );
  for (const [id, entries] of Object.entries(section?.Entries ?? {})) {
    lists.set(id, { id, name: names.get(id) ?? null, cidrs: cidrs(entries.map((e) => e.Cidr)) });
  }
  return lists;
}

function tagMap(tags: readonly { Key: string; Value?: string | undefined }[] | undefined) {
  const map: Record<string, string> = {};
  for (const tag of tags ?? []) map[tag.Key] = tag.Value ?? '';
  return map;
}

function ips(texts: readonly string[]): IpAddress[] {
  return texts.map(parseIp).filter((ip): ip is IpAddress => ip !== null);
}

function cidrs(texts: readonly string[]): Cidr[] {
  return texts.map(parseCidr).filter((c): c is Cidr => c !== null);
}
