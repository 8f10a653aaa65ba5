import { InputError } from '#core/errors.ts';
import type { PortRange } from '#core/network/model.ts';
import { portRangeText } from '#core/port-names/port-range.ts';
import type { FindingTarget } from '#core/recommend/target.ts';

/** A sensitive port range and what usually listens there. */
export interface SensitivePort extends PortRange {
  readonly name: string;
}

/**
 * Ports that get a rule only with registered evidence: remote shells and desktops, databases,
 * caches, search engines and cluster stores. A webhook or an APIService never listens on them
 * unless someone registered it so.
 */
export const DEFAULT_SENSITIVE_PORTS: readonly SensitivePort[] = [
  { from: 22, to: 22, name: 'SSH' },
  { from: 23, to: 23, name: 'Telnet' },
  { from: 1433, to: 1433, name: 'SQL Server' },
  { from: 1521, to: 1521, name: 'Oracle' },
  { from: 2379, to: 2380, name: 'etcd' },
  { from: 3306, to: 3306, name: 'MySQL' },
  { from: 3389, to: 3389, name: 'RDP' },
  { from: 5432, to: 5432, name: 'PostgreSQL' },
  { from: 5900, to: 5900, name: 'VNC' },
  { from: 5984, to: 5984, name: 'CouchDB' },
  { from: 6379, to: 6379, name: 'Redis' },
  { from: 7000, to: 7001, name: 'Cassandra' },
  { from: 9042, to: 9042, name: 'Cassandra CQL' },
  { from: 9200, to: 9200, name: 'Elasticsearch/OpenSearch' },
  { from: 9300, to: 9300, name: 'Elasticsearch/OpenSearch transport' },
  { from: 11211, to: 11211, name: 'Memcached' },
  { from: 27017, to: 27017, name: 'MongoDB' },
];

/**
 * Reads a list of sensitive ports: `22,3389,2379-2380`, or `none` for no sensitive port. Ports
 * named here are taken as given (the default list's names are kept for its ports).
 *
 * @throws InputError naming `what` (the option or variable) and the bad item.
 * @example
 * parseSensitivePorts('22,2379-2380', '--sensitive-ports'); // [{ from: 22, to: 22, name: 'SSH' }, { from: 2379, to: 2380, name: 'etcd' }]
 */
export function parseSensitivePorts(text: string, what: string): SensitivePort[] {
  const trimmed = text.trim();
  if (trimmed === 'none') return [];
  return trimmed.split(',').map((item) => {
    const match = /^\s*([0-9]{1,5})(?:-([0-9]{1,5}))?\s*$/.exec(item);
    const from = Number(match?.[1]);
    const to = match?.[2] === undefined ? from : Number(match[2]);
    if (!match || from < 1 || to > 65535 || from > to) {
      throw new InputError(
        `${what} must be a comma-separated list of ports or ranges (1-65535, e.g. 22,3389,2379-2380) or 'none' (got ${JSON.stringify(item.slice(0, 40))})`,
      );
    }
    const known = DEFAULT_SENSITIVE_PORTS.find((p) => p.from === from && p.to === to);
    return { from, to, name: known?.name ?? `port ${portRangeText(from, to)}` };
  });
}

/**
 * Reads the control plane's reply port range for network ACL entries: `FROM-TO` (1-65535).
 *
 * @throws InputError naming `what` (the option or variable) and the bad value.
 * @example
 * parseReplyPorts('32768-60999', '--reply-ports'); // { from: 32768, to: 60999 }
 */
export function parseReplyPorts(text: string, what: string): PortRange {
  const match = /^\s*([0-9]{1,5})-([0-9]{1,5})\s*$/.exec(text);
  const from = Number(match?.[1]);
  const to = Number(match?.[2]);
  if (!match || from < 1 || to > 65535 || from > to) {
    throw new InputError(
      `${what} must be a port range FROM-TO within 1-65535, e.g. 1024-65535 or 32768-60999 (got ${JSON.stringify(text.slice(0, 40))})`,
    );
  }
  return { from, to };
}

/**
 * The sensitive port range that holds `port`, if any.
 *
 * @example
 * sensitivePortOf(5432, DEFAULT_SENSITIVE_PORTS)?.name; // 'PostgreSQL'
 */
export function sensitivePortOf(
  port: number,
  ports: readonly SensitivePort[],
): SensitivePort | null {
  return ports.find((p) => p.from <= port && port <= p.to) ?? null;
}

/**
 * Whether a target's port is registered: the exact endpoints of an APIService or webhook read
 * from the Kubernetes API (`source: 'kubernetes'`), or the add-on catalogue's port for the add-on
 * behind the finding. A port that only a log line names is not.
 *
 * @example
 * registeredEvidence(target); // 'the add-on catalogue: metrics-server listens on 10250'
 */
export function registeredEvidence(target: FindingTarget): string | null {
  if (target.port === null) return null;
  if (target.source === 'kubernetes') {
    return 'the Kubernetes API: the endpoints of the registered APIService or webhook';
  }
  const addon = target.addons.find((a) => a.port === target.port);
  return addon ? `the add-on catalogue: ${addon.addon} listens on ${addon.port}` : null;
}
