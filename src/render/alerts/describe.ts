import { naclEntryKey, ruleKey } from '#core/alerts/fingerprint.ts';
import { REGION } from '#core/model/aws-names.ts';
import type { FindingKind } from '#core/model/finding.ts';
import type {
  NetworkAclEntryFix,
  Recommendation,
  ReportFinding,
  Verdict,
} from '#core/model/report.ts';
import { portRangeText } from '#core/port-names/port-range.ts';
import {
  authorizeCommand,
  naclEntryCommand,
  recommendationProblem,
} from '#render/alerts/aws-cli-commands.ts';
import {
  bySeverity,
  type NotificationCounts,
  type NotifiedAlert,
} from '#render/alerts/notification.ts';
import { clip, plainText, slackCode, slackProse } from '#render/escape.ts';

/**
 * How a renderer writes the three kinds of text: identifiers from logs (`value`), sentences that
 * may embed log text (`sentence`), and the renderer's own emphasis (`strong`).
 */
export interface TextStyle {
  value(text: string, max?: number): string;
  sentence(text: string, max?: number): string;
  strong(own: string): string;
}

/** Slack mrkdwn (also Amazon Q Developer `client-markdown`): values in code spans, prose escaped. */
export const MRKDWN: TextStyle = {
  value: (text, max) => slackCode(text, max),
  sentence: (text, max) => slackProse(text, max),
  strong: (own) => `*${own}*`,
};

/** Plain text for email: one line per value, clipped; nothing is interpreted. */
export const PLAIN: TextStyle = {
  value: (text, max = 200) => clip(plainText(text), max),
  sentence: (text, max = 1000) => clip(plainText(text), max),
  strong: (own) => own.toUpperCase(),
};

const KIND_LABEL: Readonly<Record<FindingKind, string>> = {
  'apiservice-availability': 'APIService',
  openapi: 'APIService OpenAPI',
  discovery: 'API discovery',
  'webhook-admission': 'admission webhook',
  'webhook-conversion': 'conversion webhook',
  dial: 'control-plane dial',
  kubelet: 'kubelet connection',
};

/** One clause per verdict, for people. */
export const VERDICT_TEXT: Readonly<Record<Verdict, string>> = {
  blocked: 'blocked by a security group',
  'nacl-blocked': 'security groups allow it, a network ACL denies it: add the ACL entry of the fix',
  allowed:
    'security groups allow it: the finding says what to check (network ACLs, routes, the pod)',
  'not-network': 'not a security-group problem (refused, TLS or no endpoints)',
  'unknown-ip': 'the endpoint IP is on no network interface of the VPC',
  'no-target': 'the logs name no endpoint',
  unknown: 'cannot be evaluated with the data at hand',
  'not-cluster': 'the endpoint is not a node or pod of this cluster: no rule proposed',
  'needs-review':
    'a sensitive port no registered APIService or webhook targets: review before opening it',
};

/**
 * `admission webhook `name` at `svc.ns.svc:443`` (kind label, name, endpoint).
 *
 * @example
 * alertHeadline(alert, MRKDWN); // 'admission webhook `vingress.elbv2.k8s.aws` at `aws-load-balancer-webhook-service.kube-system.svc:443`'
 */
export function alertHeadline(
  alert: Pick<NotifiedAlert, 'kind' | 'name' | 'endpoint'>,
  style: TextStyle,
): string {
  const label = KIND_LABEL[alert.kind] ?? 'finding';
  const name = alert.name === null ? '' : ` ${style.value(alert.name)}`;
  const endpoint = alert.endpoint === '' ? '' : ` at ${style.value(alert.endpoint)}`;
  return `${label}${name}${endpoint}`;
}

/**
 * Where a finding's traffic went: `10.0.33.17:9443 on eni-… (node: sg-a, sg-b)`.
 *
 * @example
 * targetText(finding, PLAIN); // '10.0.33.17:9443 (pod) on eni-0a1b2c3d4e5f60718 (node: sg-0123456789abcdef0)'
 */
export function targetText(finding: ReportFinding, style: TextStyle): string | null {
  const ip = finding.target?.ip ?? finding.ip;
  const port = finding.target?.port ?? finding.port;
  if (ip === null && port === null) return null;
  const where = style.value(`${ip ?? '?'}:${port ?? '?'}`);
  const named = finding.target?.portName ? ` (${style.value(finding.target.portName, 64)})` : '';
  const ni = finding.networkInterface;
  const on = ni
    ? ` on ${style.value(ni.id, 64)} (${ni.role}: ${ni.groupIds.map((id) => style.value(id, 64)).join(', ')})`
    : '';
  return `${where}${named}${on}`;
}

/**
 * `Allow tcp/9443 into sg-a from sg-b` for a recommendation (identifiers as values).
 *
 * @example
 * ruleSentence(rec, PLAIN); // 'Allow tcp/9443 into sg-0123456789abcdef0 from sg-0fedcba9876543210'
 */
export function ruleSentence(rec: Recommendation, style: TextStyle): string {
  const ports = portRangeText(rec.fromPort, rec.toPort);
  const peer = 'groupId' in rec.peer ? rec.peer.groupId : rec.peer.cidr;
  const inbound = rec.action === 'authorize-ingress';
  return `Allow ${rec.protocol}/${ports} ${inbound ? 'into' : 'out of'} ${style.value(rec.groupId, 64)} ${inbound ? 'from' : 'to'} ${style.value(peer, 64)}`;
}

/**
 * The AWS CLI command for a recommendation, or why there is none (invalid identifiers).
 *
 * @example
 * commandFor(rec); // { command: 'aws ec2 authorize-security-group-ingress ...', problem: null }
 */
export function commandFor(rec: Recommendation): {
  command: string | null;
  problem: string | null;
} {
  const problem = recommendationProblem(rec);
  if (problem !== null) return { command: null, problem };
  try {
    return { command: authorizeCommand(rec), problem: null };
  } catch (error) {
    return { command: null, problem: error instanceof Error ? error.message : String(error) };
  }
}

/** One fix of an alert as renderers show it: a sentence, and its command or why there is none. */
export interface AlertFix {
  /** The rule or ACL entry key (the same fix for several alerts is shown once where it matters). */
  readonly key: string;
  readonly sentence: string;
  readonly reason: string;
  readonly command: string | null;
  readonly problem: string | null;
}

/**
 * The fixes of an alert: its security-group rules, then its network ACL entries. With the
 * notification's Region, each command carries `--region` (a command copied from a chat or an
 * email otherwise runs in the reader's default Region); a Region that is not a Region name is
 * left out.
 *
 * @example
 * alertFixes(alert, PLAIN)[0]?.sentence; // 'Allow tcp/9443 into sg-0123456789abcdef0 from sg-0fedcba9876543210'
 */
export function alertFixes(
  alert: NotifiedAlert,
  style: TextStyle,
  region: string | null = null,
): AlertFix[] {
  const where = region !== null && REGION.test(region) ? ` --region ${region}` : '';
  const fixes = [
    ...alert.recommendations.map((rec) => ({
      key: ruleKey(rec),
      sentence: ruleSentence(rec, style),
      reason: rec.reason,
      ...commandFor(rec),
    })),
    ...(alert.networkAclEntries ?? []).map((entry) => ({
      key: naclEntryKey(entry),
      sentence: naclEntrySentence(entry, style),
      reason: entry.reason,
      ...naclCommandFor(entry),
    })),
  ];
  return fixes.map((fix) =>
    fix.command === null ? fix : { ...fix, command: fix.command + where },
  );
}

/**
 * One sentence for a network ACL entry to add.
 *
 * @example
 * naclEntrySentence(entry, PLAIN); // 'Allow tcp/9443 into acl-0c0c0c0c0c0c0c0c3 (subnet-0c0c0c0c0c0c0c0c3) from 10.0.1.0/24 as rule 99'
 */
export function naclEntrySentence(entry: NetworkAclEntryFix, style: TextStyle): string {
  const ports = portRangeText(entry.fromPort, entry.toPort);
  const inbound = entry.direction === 'ingress';
  const where = `${style.value(entry.networkAclId, 64)} (${style.value(entry.subnetId, 64)})`;
  const number =
    entry.ruleNumber === null
      ? ', before the entry that denies it'
      : ` as rule ${entry.ruleNumber}`;
  return `Allow ${entry.protocol}/${ports} ${inbound ? 'into' : 'out of'} ${where} ${inbound ? 'from' : 'to'} ${style.value(entry.cidr, 64)}${number}`;
}

function naclCommandFor(entry: NetworkAclEntryFix): {
  command: string | null;
  problem: string | null;
} {
  if (entry.ruleNumber === null) {
    return {
      command: null,
      problem: 'no free rule number before the denying entry: renumber the ACL first',
    };
  }
  try {
    return { command: naclEntryCommand(entry), problem: null };
  } catch (error) {
    return { command: null, problem: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * `2 new, 1 changed, 1 resolved` (zero counts left out; `no change` when all are zero).
 *
 * @example
 * countsText({ new: 2, changed: 0, resolved: 1, open: 3, findings: 4, recommendations: 2 }); // '2 new, 1 resolved'
 */
export function countsText(counts: NotificationCounts): string {
  const parts = [
    counts.new > 0 ? `${counts.new} new` : '',
    counts.changed > 0 ? `${counts.changed} changed` : '',
    counts.resolved > 0 ? `${counts.resolved} resolved` : '',
  ].filter((part) => part !== '');
  return parts.length === 0 ? 'no change' : parts.join(', ');
}

/**
 * An ISO time as `2026-11-28 14:54Z`, or the text itself (as a value) when it is not a time.
 *
 * @example
 * timeText('2026-11-28T14:54:48.778Z', PLAIN); // '2026-11-28 14:54Z'
 */
export function timeText(iso: string, style: TextStyle): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return style.value(iso, 64);
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

/**
 * The verdicts of an alert as words, most serious first.
 *
 * @example
 * verdictsText(['not-network', 'blocked']); // 'blocked, not-network'
 */
export function verdictsText(verdicts: readonly Verdict[]): string {
  return bySeverity(verdicts).join(', ') || 'none';
}
