import type { Finding } from '#core/model/finding.ts';
import type { AddonPort } from '#core/port-names/addon-catalogue.ts';
import { portName } from '#core/port-names/addon-match.ts';
import type { FindingGroup } from '#core/recommend/aggregate.ts';
import { isoOf } from '#core/window/iso-time.ts';

/**
 * What a finding is about, for sentences: `APIService v1beta1.metrics.k8s.io`,
 * `webhook vingress.elbv2.k8s.aws`, `conversion webhook of CRD x.y`, `kubelet`, `dial`.
 *
 * @example
 * subjectOf(finding); // 'webhook vingress.elbv2.k8s.aws'
 */
export function subjectOf(finding: Finding): string {
  const name = finding.name ?? '(unnamed)';
  switch (finding.kind) {
    case 'apiservice-availability':
    case 'openapi':
    case 'discovery':
      return `APIService ${name}`;
    case 'webhook-admission':
      return `webhook ${name}`;
    case 'webhook-conversion':
      return `conversion webhook of CRD ${name}`;
    case 'kubelet':
      return 'kubelet';
    case 'dial':
      return 'control-plane dial';
  }
}

/**
 * `TCP 9443 (AWS Load Balancer Controller)`: a port with its human name when one is known.
 *
 * @example
 * portPhrase(443, []); // 'TCP 443 (IANA name: https)'
 */
export function portPhrase(port: number, addons: readonly AddonPort[]): string {
  const name = portName(port, addons);
  return name ? `TCP ${port} (${name})` : `TCP ${port}`;
}

/**
 * `12 times from 2026-11-28T09:00:00.000Z to 2026-11-28T09:12:00.000Z`, or `once at ...`.
 *
 * @example
 * occurrences({ count: 1, firstAt: 0, lastAt: 0 }); // 'once at 1970-01-01T00:00:00.000Z'
 */
export function occurrences(group: Pick<FindingGroup, 'count' | 'firstAt' | 'lastAt'>): string {
  const first = isoOf(group.firstAt);
  const last = isoOf(group.lastAt);
  const times = group.count === 1 ? 'once' : `${group.count} times`;
  if (first === null || last === null) return times;
  if (group.count === 1 || first === last) return `${times} at ${first}`;
  return `${times} from ${first} to ${last}`;
}

/**
 * The endpoint of a group as written in sentences: `10.0.1.2:9443`, `[fd00::1]:9443`.
 *
 * @example
 * endpointText('fd00::1', 9443); // '[fd00::1]:9443'
 */
export function endpointText(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * Joins up to `max` items with commas and `and`, adding `and N more` past that.
 *
 * @example
 * listText(['a', 'b', 'c'], 2); // 'a, b and 1 more'
 */
export function listText(items: readonly string[], max = 3): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length > max) return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
