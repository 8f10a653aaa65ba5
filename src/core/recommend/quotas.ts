import type { NetworkAclEntryFix, Recommendation, ReportNote } from '#core/model/report.ts';
import { parseStrictCidr } from '#core/network/ip.ts';
import type { NaclEntry, NetworkModel, SgRule } from '#core/network/model.ts';
import { portRangeText } from '#core/port-names/port-range.ts';

/** The AWS quotas a fix is checked against before it is proposed. */
export interface QuotaLimits {
  /** Inbound (and, separately, outbound) rules per security group; AWS default 60. */
  readonly rulesPerGroup: number;
  /** Entries per network ACL and direction, the `*` entry included; AWS default 20. */
  readonly aclEntriesPerDirection: number;
  /** Resources per CloudFormation template (a hard limit of 500). */
  readonly templateResources: number;
}

/** The AWS defaults (Amazon VPC quotas; CloudFormation quotas). */
export const DEFAULT_QUOTA_LIMITS: QuotaLimits = {
  rulesPerGroup: 60,
  aclEntriesPerDirection: 20,
  templateResources: 500,
};

/** What survives the quotas, what was refused, and why (per finding index). */
export interface QuotaCheck {
  readonly recommendations: Recommendation[];
  readonly networkAclEntries: NetworkAclEntryFix[];
  readonly notes: ReportNote[];
  /** Sentences to add to the reasons of the findings whose fix was refused, by finding index. */
  readonly sentences: ReadonlyMap<number, string[]>;
}

/**
 * Checks the proposed fixes against the quotas before anyone applies them: a group that would
 * hold more rules in one direction than `rulesPerGroup` (IPv4 and IPv6 rules count separately, a
 * group reference counts in both, a prefix list as its entries) keeps the rules that fit and the
 * rest are refused with a reason; the same for a network ACL direction and `aclEntriesPerDirection`
 * (per address family, the `*` entry included). A report whose fixes need more CloudFormation
 * resources than one template holds gets a note (the template is then split when rendered).
 *
 * @example
 * checkQuotas(model, recommendations, entries, DEFAULT_QUOTA_LIMITS).notes; // [{ code: 'quota-rules-per-group', ... }]
 */
export function checkQuotas(
  model: NetworkModel,
  recommendations: readonly Recommendation[],
  entries: readonly NetworkAclEntryFix[],
  limits: QuotaLimits,
): QuotaCheck {
  const notes: ReportNote[] = [];
  const sentences = new Map<number, string[]>();
  const say = (findings: readonly number[], text: string): void => {
    for (const i of findings) sentences.set(i, [...(sentences.get(i) ?? []), text]);
  };
  const keptRules = fitRules(model, recommendations, limits.rulesPerGroup, notes, say);
  const keptEntries = fitEntries(model, entries, limits.aclEntriesPerDirection, notes, say);
  const resources = keptRules.length + keptEntries.filter((e) => e.ruleNumber !== null).length;
  if (resources > limits.templateResources) {
    const parts = Math.ceil(resources / limits.templateResources);
    notes.push({
      code: 'quota-template-resources',
      message: `The fixes need ${resources} CloudFormation resources, more than the ${limits.templateResources} one template may hold: --format cloudformation prints them as ${parts} templates (deploy each as its own stack).`,
    });
  }
  return { recommendations: keptRules, networkAclEntries: keptEntries, notes, sentences };
}

type Say = (findings: readonly number[], text: string) => void;

/** How {@link fitWithinQuota} counts one kind of item against its quota. */
interface QuotaCount<T> {
  /** The quota an item counts against (a group and direction, an ACL, direction and family). */
  readonly key: (item: T) => string;
  /** What the snapshot already has against that quota (asked once per key). */
  readonly existing: (item: T) => number;
  /** The sentence said to the item's findings when it does not fit. */
  readonly refusal: (item: T) => string;
}

/**
 * Keeps items in order while their quota has room (what exists plus what was kept so far), says
 * why to the findings of each item that does not fit, and counts the refusals per quota.
 */
function fitWithinQuota<T extends { readonly findings: readonly number[] }>(
  items: readonly T[],
  limit: number,
  say: Say,
  count: QuotaCount<T>,
): { kept: T[]; refused: Map<string, number> } {
  const used = new Map<string, number>();
  const refused = new Map<string, number>();
  const kept: T[] = [];
  for (const item of items) {
    const key = count.key(item);
    const current = used.get(key) ?? count.existing(item);
    if (current + 1 > limit) {
      refused.set(key, (refused.get(key) ?? 0) + 1);
      say(item.findings, count.refusal(item));
      continue;
    }
    used.set(key, current + 1);
    kept.push(item);
  }
  return { kept, refused };
}

function fitRules(
  model: NetworkModel,
  recommendations: readonly Recommendation[],
  limit: number,
  notes: ReportNote[],
  say: Say,
): Recommendation[] {
  const directionOf = (rec: Recommendation) =>
    rec.action === 'authorize-ingress' ? 'ingress' : 'egress';
  const { kept, refused } = fitWithinQuota(recommendations, limit, say, {
    key: (rec) => `${rec.groupId} ${directionOf(rec)}`,
    existing: (rec) => existingRules(model, rec.groupId, directionOf(rec)),
    refusal: (rec) =>
      `The ${directionOf(rec)} rule for TCP ${portRangeText(rec.fromPort, rec.toPort)} on ${rec.groupId} is not proposed: the group would exceed the quota of ${limit} ${directionOf(rec)} rules.`,
  });
  for (const [key, n] of refused) {
    const [groupId, direction] = key.split(' ');
    notes.push({
      code: 'quota-rules-per-group',
      message: `${n} ${direction} rule(s) on ${groupId} not proposed: the group has ${existingRules(model, groupId ?? '', direction === 'egress' ? 'egress' : 'ingress')} ${direction} rules and the quota is ${limit} per direction (IPv4 and IPv6 rules count separately; raise "Inbound or outbound rules per security group" in Service Quotas, or put the rules on another group of the interface).`,
    });
  }
  return kept;
}

/** Rules of one direction on a group, as the IPv4 quota counts them (the larger family). */
function existingRules(
  model: NetworkModel,
  groupId: string,
  direction: SgRule['direction'],
): number {
  let v4 = 0;
  let v6 = 0;
  for (const rule of model.rulesByGroup.get(groupId) ?? []) {
    if (rule.direction !== direction) continue;
    const { peer } = rule;
    if (peer.kind === 'cidr') {
      if (peer.cidr.family === 4) v4++;
      else v6++;
    } else if (peer.kind === 'group') {
      v4++;
      v6++;
    } else {
      const size = Math.max(1, model.prefixLists.get(peer.prefixListId)?.cidrs.length ?? 1);
      v4 += size;
    }
  }
  // New rules name a group, so they count in both families: the fuller one decides.
  return Math.max(v4, v6);
}

function fitEntries(
  model: NetworkModel,
  entries: readonly NetworkAclEntryFix[],
  limit: number,
  notes: ReportNote[],
  say: Say,
): NetworkAclEntryFix[] {
  const familyOf = (entry: NetworkAclEntryFix) => parseStrictCidr(entry.cidr)?.family ?? 4;
  const { kept, refused } = fitWithinQuota(entries, limit, say, {
    key: (entry) => `${entry.networkAclId} ${entry.direction} ${familyOf(entry)}`,
    existing: (entry) => existingEntries(model, entry, familyOf(entry)),
    refusal: (entry) =>
      `The ${entry.direction} ACL entry for ${entry.cidr} in ${entry.networkAclId} is not proposed: the ACL would exceed the quota of ${limit} ${entry.direction} entries.`,
  });
  for (const [key, n] of refused) {
    const [aclId, direction, family] = key.split(' ');
    notes.push({
      code: 'quota-acl-entries',
      message: `${n} ${direction} entr${n === 1 ? 'y' : 'ies'} for IPv${family} in ${aclId} not proposed: the quota is ${limit} ${direction} entries per network ACL and address family, the * entry included (raise "Rules per network ACL" in Service Quotas, or merge entries into wider CIDRs yourself).`,
    });
  }
  return kept;
}

function existingEntries(model: NetworkModel, entry: NetworkAclEntryFix, family: 4 | 6): number {
  const acls = model.networkAcls;
  if (!acls) return 0;
  const acl =
    [...acls.bySubnet.values()].find((a) => a.id === entry.networkAclId) ??
    (acls.defaultAcl?.id === entry.networkAclId ? acls.defaultAcl : null);
  return (acl?.entries ?? []).filter(
    (e: NaclEntry) => e.direction === entry.direction && e.cidr.family === family,
  ).length;
}
