import type { NetworkAclEntryFix, Verdict } from '#core/model/report.ts';
import type { DeniedPorts, NaclDenial } from '#core/network/evaluate-nacl.ts';
import type { NetworkAcl, NetworkAcls, PortRange } from '#core/network/model.ts';
import { portRangeText } from '#core/port-names/port-range.ts';
import type { JudgedGroup } from '#core/recommend/merge-rules.ts';

/**
 * The rule number AWS gives the `*` entry that ends every ACL (IPv4); DescribeNetworkAcls lists
 * the IPv6 `*` entry of a dual-stack ACL as 32768. Both are "the final * rule" here.
 */
const FINAL_RULE = 32767;

/** Why a reply entry spans the ports it does. */
const REPLY_WHY =
  ' These are the replies to the control plane: network ACLs are stateless, and EKS does not document the source ports its connections use, so the range is the one the Amazon VPC guide recommends for clients of any operating system (1024-65535; --reply-ports sets another).';

function finalOr(ruleNumber: number | undefined): number {
  return ruleNumber === undefined || ruleNumber >= FINAL_RULE ? FINAL_RULE : ruleNumber;
}

/** The ACL entries a report proposes, and what each finding's reason says about the ACLs. */
export interface NaclFixPlan {
  readonly entries: readonly NetworkAclEntryFix[];
  /** For each judged group (by index): its ACL sentences with their fixes, or ''. */
  readonly sentences: readonly string[];
}

/** One entry to propose, while the findings that need it are gathered. */
interface Need {
  readonly acl: NetworkAcl;
  readonly subnetId: string;
  readonly direction: 'ingress' | 'egress';
  readonly ports: PortRange;
  /** `reply`: the entry lets the endpoint's answers back to the control plane's source ports. */
  readonly leg: 'request' | 'reply';
  readonly cidr: string;
  readonly peerSubnetId: string;
  readonly subnetKnown: boolean;
  /** The lowest rule number that denies what this entry lets through. */
  before: number;
  readonly findings: Set<number>;
}

/**
 * Turns the ACL denials of every judged group into the allow entries that fix them: one entry
 * per ACL, direction, port range and other-side CIDR (the other subnet's CIDR when the snapshot
 * lists the subnets, else the address itself), shared by every finding that needs it. Each is
 * numbered just below the lowest entry that denies it — or, when only the final `*` rule does, at
 * the next multiple of 100 after the ACL's last entry — and no two entries of one ACL and
 * direction get the same number. Each group's sentences name what is denied, by which entry,
 * and the entry that fixes it (the commands are rendered from the entries, like the rules').
 *
 * @example
 * planNaclFixes(model.networkAcls, judged).entries[0]?.ruleNumber; // 99
 */
export function planNaclFixes(
  acls: NetworkAcls | null,
  judged: readonly JudgedGroup[],
): NaclFixPlan {
  if (!acls) return { entries: [], sentences: judged.map(() => '') };
  const needs = new Map<string, Need>();
  const keysOf = judged.map(({ judgement }, index) =>
    judgement.naclDenials.map((denial) => addNeed(needs, acls, denial, index)),
  );
  const entries = numberedEntries([...needs.values()]);
  const byKey = new Map([...needs.keys()].map((key, i) => [key, entries[i]] as const));
  const sentences = judged.map(({ judgement }, index) =>
    sentencesOf(judgement.naclDenials, keysOf[index] ?? [], byKey),
  );
  return { entries, sentences };
}

/**
 * The reason of a finding with its ACL sentences: first for `nacl-blocked` (the ACL is the
 * problem), after the security-group reason otherwise.
 *
 * @example
 * reasonWithAcls('nacl-blocked', 'The security groups allow TCP 9443 ...', 'Network ACL acl-0... denies ...');
 */
export function reasonWithAcls(verdict: Verdict, reason: string, sentences: string): string {
  if (sentences === '') return reason;
  return verdict === 'nacl-blocked'
    ? `${sentences} ${reason}`
    : `${reason} A network ACL is in the way too: ${sentences}`;
}

function addNeed(
  needs: Map<string, Need>,
  acls: NetworkAcls,
  denial: NaclDenial,
  finding: number,
): string {
  const { acl, direction, peer, peerSubnetId, leg, denied } = denial;
  const ports =
    leg === 'request'
      ? denial.ports
      : {
          from: Math.min(...denied.map((d) => d.ports.from)),
          to: Math.max(...denied.map((d) => d.ports.to)),
        };
  const subnetCidr = (acls.subnetCidrs.get(peerSubnetId) ?? []).find(
    (c) => c.family === peer.family,
  );
  const cidr = subnetCidr?.text ?? `${peer.text}/${peer.family === 4 ? 32 : 128}`;
  const before = Math.min(...denied.map((d) => finalOr(d.entry?.ruleNumber)));
  const key = `${acl.id} ${direction} ${ports.from}-${ports.to} ${cidr}`;
  const need = needs.get(key);
  if (need) {
    need.before = Math.min(need.before, before);
    need.findings.add(finding);
  } else {
    needs.set(key, {
      acl,
      subnetId: denial.subnetId,
      direction,
      ports,
      leg,
      cidr,
      peerSubnetId,
      subnetKnown: subnetCidr !== undefined,
      before,
      findings: new Set([finding]),
    });
  }
  return key;
}

function numberedEntries(needs: readonly Need[]): NetworkAclEntryFix[] {
  const taken = new Map<string, Set<number>>();
  return needs.map((need) => {
    const takenKey = `${need.acl.id} ${need.direction}`;
    const numbers = taken.get(takenKey) ?? new Set<number>();
    taken.set(takenKey, numbers);
    const ruleNumber = ruleNumberBefore(need.acl, need.direction, need.before, numbers);
    if (ruleNumber !== null) numbers.add(ruleNumber);
    const way = need.direction === 'ingress' ? 'in from' : 'out to';
    const what = `${need.cidr} (${need.subnetKnown ? `subnet ${need.peerSubnetId}` : `an address of subnet ${need.peerSubnetId}, whose CIDR the snapshot lacks`})`;
    const denier = need.before === FINAL_RULE ? 'the final * rule' : `rule ${need.before}`;
    return {
      networkAclId: need.acl.id,
      subnetId: need.subnetId,
      direction: need.direction,
      ruleNumber,
      protocol: 'tcp' as const,
      fromPort: need.ports.from,
      toPort: need.ports.to,
      cidr: need.cidr,
      reason: `Lets TCP ${rangeText(need.ports)} ${way} ${what} through ${need.acl.id}, which ${denier} denies today.${need.leg === 'reply' ? REPLY_WHY : ''}`,
      findings: [...need.findings].sort((a, b) => a - b),
    };
  });
}

function sentencesOf(
  denials: readonly NaclDenial[],
  keys: readonly string[],
  byKey: ReadonlyMap<string, NetworkAclEntryFix | undefined>,
): string {
  const groups = new Map<string, { denials: NaclDenial[]; keys: Set<string> }>();
  denials.forEach((denial, i) => {
    const key = `${denial.acl.id} ${denial.direction} ${denial.leg}`;
    const group = groups.get(key) ?? { denials: [], keys: new Set<string>() };
    group.denials.push(denial);
    group.keys.add(keys[i] ?? '');
    groups.set(key, group);
  });
  return [...groups.values()]
    .map(({ denials: same, keys: fixes }) => {
      const texts = new Set([...fixes].map((key) => fixText(byKey.get(key))));
      return `${problemText(same)} Fix: ${[...texts].join('; ')}.`;
    })
    .join(' ');
}

function problemText(denials: readonly NaclDenial[]): string {
  const [first] = denials;
  if (!first) return '';
  const { acl, subnetId, side, direction, leg, ports, denied } = first;
  const way = direction === 'ingress' ? 'inbound' : 'outbound';
  const preposition = direction === 'ingress' ? 'from' : 'to';
  const deniedText = denied.map((d) => rangeText(d.ports)).join(', ');
  const whole = denied.length === 1 && sameRange(denied[0]?.ports, ports);
  const what =
    leg === 'request'
      ? `TCP ${deniedText}`
      : whole
        ? `the replies (TCP ${deniedText}, the ephemeral ports the control plane may connect from)`
        : `the replies on TCP ${deniedText} of the ephemeral ports ${rangeText(ports)} (so only some calls fail)`;
  const owner = side === 'endpoint' ? "the endpoint's" : "a control-plane interface's";
  const peers = [...new Set(denials.map((d) => d.peer.text))].join(', ');
  const rules = byEntries(denials.flatMap((d) => d.denied));
  return `Network ACL ${acl.id} of subnet ${subnetId} (${owner}) denies ${way} ${what} ${preposition} ${peers} (${rules}).`;
}

function byEntries(denied: readonly DeniedPorts[]): string {
  const rules = [
    ...new Set(
      denied.map((d) =>
        d.entry === null || d.entry.ruleNumber >= FINAL_RULE
          ? 'the final * rule'
          : `rule ${d.entry.ruleNumber}`,
      ),
    ),
  ];
  return `${rules.join(' and ')} ${rules.length > 1 ? 'deny' : 'denies'} it`;
}

function fixText(entry: NetworkAclEntryFix | undefined): string {
  if (!entry) return 'no entry';
  if (entry.ruleNumber === null) {
    return `no free rule number comes before the denying entry in ${entry.networkAclId}'s ${entry.direction} entries: renumber them to make room for an allow entry`;
  }
  const way = entry.direction === 'ingress' ? 'in from' : 'out to';
  const fix = `allow TCP ${rangeText({ from: entry.fromPort, to: entry.toPort })} ${way} ${entry.cidr} as rule ${entry.ruleNumber}`;
  // No subnet is a /32 or /128: such a CIDR is the address itself (the subnets were unknown).
  return /\/(32|128)$/.test(entry.cidr)
    ? `${fix} (the snapshot lists no subnets: use the CIDR of the address's subnet instead, as control-plane interfaces are replaced)`
    : fix;
}

/**
 * A free rule number of `direction` that comes before `limit` and is not `taken` by another
 * entry of the report: after the last entry when only the final `*` rule denies (the next
 * multiple of 100), else the highest free number below `limit`.
 */
function ruleNumberBefore(
  acl: NetworkAcl,
  direction: 'ingress' | 'egress',
  limit: number,
  taken: ReadonlySet<number>,
): number | null {
  const used = new Set([
    ...acl.entries.filter((e) => e.direction === direction).map((e) => e.ruleNumber),
    ...taken,
  ]);
  if (limit === FINAL_RULE) {
    const last = Math.max(0, ...[...used].filter((n) => n < FINAL_RULE));
    const next = (Math.floor(last / 100) + 1) * 100;
    if (next < FINAL_RULE && !used.has(next)) return next;
  }
  for (let n = limit - 1; n >= 1; n--) if (!used.has(n)) return n;
  return null;
}

function rangeText(range: PortRange): string {
  return portRangeText(range.from, range.to);
}

function sameRange(a: PortRange | undefined, b: PortRange): boolean {
  return a !== undefined && a.from === b.from && a.to === b.to;
}
