import type { DeniedPorts, NaclDenial, NaclPathEvaluation } from '#core/network/evaluate-nacl.ts';
import type { NetworkAcl, NetworkAcls, PortRange } from '#core/network/model.ts';

/** The rule number AWS gives the `*` entry that ends every ACL. */
const FINAL_RULE = 32767;

/**
 * What the network ACLs deny on an otherwise allowed (or blocked) path, and the entries that fix
 * it: for each ACL, direction and leg, one sentence naming the addresses and the denying entries,
 * then the AWS CLI command of an allow entry numbered before them for each other-side subnet
 * (its CIDR when the snapshot lists the subnets, else the address itself). Commands for one ACL
 * never share a rule number. IDs, CIDRs and numbers only: nothing from the logs reaches them.
 *
 * @example
 * naclDenialText(acls, evaluation);
 * // 'Network ACL acl-0d1e... of subnet subnet-0b2c... (the endpoint's) denies inbound TCP 9443 from 10.0.1.23 (rule 100 denies it). Fix: aws ec2 create-network-acl-entry ...'
 */
export function naclDenialText(acls: NetworkAcls, evaluation: NaclPathEvaluation): string {
  const groups = new Map<string, NaclDenial[]>();
  for (const denial of evaluation.denials) {
    const key = `${denial.acl.id} ${denial.direction} ${denial.leg}`;
    groups.set(key, [...(groups.get(key) ?? []), denial]);
  }
  const taken = new Map<string, Set<number>>();
  const sentences: string[] = [];
  for (const denials of groups.values()) {
    const [first] = denials;
    if (!first) continue;
    const numbers = taken.get(`${first.acl.id} ${first.direction}`) ?? new Set<number>();
    taken.set(`${first.acl.id} ${first.direction}`, numbers);
    const fixes = new Map<string, string>();
    for (const denial of denials) {
      if (!fixes.has(denial.peerSubnetId)) {
        fixes.set(denial.peerSubnetId, fixCommand(acls, denial, numbers));
      }
    }
    sentences.push(`${problemText(denials)} Fix: ${[...fixes.values()].join('; ')}.`);
  }
  return sentences.join(' ');
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
        ? `the replies (TCP ${deniedText}, the Linux ephemeral ports the control plane is assumed to connect from)`
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
        d.entry === null || d.entry.ruleNumber === FINAL_RULE
          ? 'the final * rule'
          : `rule ${d.entry.ruleNumber}`,
      ),
    ),
  ];
  return `${rules.join(' and ')} ${rules.length > 1 ? 'deny' : 'denies'} it`;
}

function fixCommand(acls: NetworkAcls, denial: NaclDenial, taken: Set<number>): string {
  const { acl, direction, peer, peerSubnetId, leg, denied } = denial;
  const ports =
    leg === 'request'
      ? denial.ports
      : {
          from: Math.min(...denied.map((d) => d.ports.from)),
          to: Math.max(...denied.map((d) => d.ports.to)),
        };
  const first = Math.min(...denied.map((d) => d.entry?.ruleNumber ?? FINAL_RULE));
  const number = ruleNumberBefore(acl, direction, first, taken);
  if (number === null) {
    return `no free rule number is below ${first} in ${acl.id}'s ${direction} entries: renumber them to make room for an allow entry`;
  }
  const subnetCidr = (acls.subnetCidrs.get(peerSubnetId) ?? []).find(
    (c) => c.family === peer.family,
  );
  const cidr = subnetCidr?.text ?? `${peer.text}/${peer.family === 4 ? 32 : 128}`;
  const cidrFlag = peer.family === 4 ? '--cidr-block' : '--ipv6-cidr-block';
  taken.add(number);
  const command = `aws ec2 create-network-acl-entry --network-acl-id ${acl.id} --${direction === 'ingress' ? 'ingress' : 'egress'} --rule-number ${number} --protocol tcp --port-range From=${ports.from},To=${ports.to} ${cidrFlag} ${cidr} --rule-action allow`;
  return subnetCidr
    ? `${command} (subnet ${peerSubnetId}'s CIDR)`
    : `${command} (the subnets are not in the snapshot: use subnet ${peerSubnetId}'s CIDR instead, as its interfaces can be replaced)`;
}

/**
 * A free rule number of `direction` that comes before `limit` and is not `taken` by another fix:
 * after the last entry when only the final `*` rule denies (the next multiple of 100), else the
 * highest free number below it.
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
  return range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`;
}

function sameRange(a: PortRange | undefined, b: PortRange): boolean {
  return a !== undefined && a.from === b.from && a.to === b.to;
}
