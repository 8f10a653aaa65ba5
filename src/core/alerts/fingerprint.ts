import { createHash } from 'node:crypto';
import type { FindingKind } from '#core/model/finding.ts';
import type {
  NetworkAclEntryFix,
  Recommendation,
  ReportFinding,
  Verdict,
} from '#core/model/report.ts';
import { ipOfHost } from '#core/network/ip.ts';
import { portRangeText } from '#core/port-names/port-range.ts';

/** What makes two findings the same alert across runs. */
export interface AlertIdentity {
  readonly kind: FindingKind;
  readonly name: string | null;
  /** Human-readable endpoint part, see {@link alertIdentity}. */
  readonly endpoint: string;
}

/**
 * The identity of the alert a finding belongs to: its kind, its name and a stable endpoint.
 * The endpoint is the service (`host:port`) when the URL names one, the target port when the
 * finding is named (an APIService's pod IP changes on every restart, its port does not), and
 * `ip:port` only for unnamed findings (dials, kubelets). Verdict, count and times are not part of
 * the identity: they change while the problem stays the same.
 *
 * @example
 * alertIdentity(webhookFinding);
 * // { kind: 'webhook-admission', name: 'vingress.elbv2.k8s.aws', endpoint: 'aws-load-balancer-webhook-service.kube-system.svc:443' }
 */
export function alertIdentity(finding: ReportFinding): AlertIdentity {
  const port = finding.target?.port ?? finding.port;
  const ip = finding.target?.ip ?? finding.ip;
  let endpoint: string;
  if (finding.host !== null && ipOfHost(finding.host) === null) {
    endpoint = `${finding.host.toLowerCase()}:${finding.port ?? ''}`;
  } else if (finding.name !== null) {
    endpoint = port === null ? '' : `port ${port}`;
  } else {
    endpoint = `${ip ?? ''}:${port ?? ''}`;
  }
  return { kind: finding.kind, name: finding.name, endpoint };
}

/**
 * A stable 32-hex-digit key for an alert identity (SHA-256 of its parts).
 *
 * @example
 * alertFingerprint({ kind: 'dial', name: null, endpoint: '10.0.1.5:9443' }); // '3f1c…' (32 hex digits)
 */
export function alertFingerprint(identity: AlertIdentity): string {
  return digest([identity.kind, identity.name ?? '\u0001', identity.endpoint]);
}

/**
 * The key of a recommended rule: direction, group, protocol, ports and peer. The description is
 * left out, so rewording it does not count as a change.
 *
 * @example
 * ruleKey(rec); // 'ingress sg-0123456789abcdef0 tcp/9443 from sg-0fedcba9876543210'
 */
export function ruleKey(rec: Recommendation): string {
  const direction = rec.action === 'authorize-ingress' ? 'ingress' : 'egress';
  const ports = portRangeText(rec.fromPort, rec.toPort);
  const peer = 'groupId' in rec.peer ? rec.peer.groupId : rec.peer.cidr;
  const preposition = rec.action === 'authorize-ingress' ? 'from' : 'to';
  return `${direction} ${rec.groupId} ${rec.protocol}/${ports} ${preposition} ${peer}`;
}

/**
 * The key of a proposed network ACL entry: ACL, direction, ports and CIDR. The rule number is
 * left out: it moves when other entries change, while the fix stays the same.
 *
 * @example
 * naclEntryKey(entry); // 'acl acl-0c0c0c0c0c0c0c0c3 ingress tcp/9443 from 10.0.1.0/24'
 */
export function naclEntryKey(entry: NetworkAclEntryFix): string {
  const ports = portRangeText(entry.fromPort, entry.toPort);
  const preposition = entry.direction === 'ingress' ? 'from' : 'to';
  return `acl ${entry.networkAclId} ${entry.direction} ${entry.protocol}/${ports} ${preposition} ${entry.cidr}`;
}

/**
 * The change-detection hash of an alert: verdicts and the keys of its rules and ACL entries (both
 * sorted by the caller).
 *
 * @example
 * alertSignature(['blocked'], ['ingress sg-a tcp/9443 from sg-b']); // 16 hex digits
 */
export function alertSignature(verdicts: readonly Verdict[], rules: readonly string[]): string {
  return digest([verdicts.join(','), ...rules]).slice(0, 16);
}

/**
 * SHA-256 (hex, 32 digits) of NUL-separated parts; used for fingerprints and notification ids.
 *
 * @example
 * digest(['a', 'b']).length; // 32
 */
export function digest(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000'), 'utf8').digest('hex').slice(0, 32);
}
