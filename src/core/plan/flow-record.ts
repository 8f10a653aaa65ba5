import { InputError } from '#core/errors.ts';

/**
 * One VPC Flow Logs record, with the fields the planner reads. A field the format does not carry,
 * or that the record writes as `-`, is null.
 */
export interface FlowRecord {
  readonly interfaceId: string | null;
  readonly srcaddr: string | null;
  readonly dstaddr: string | null;
  /** The packet's own source address (v3): the pod's address where `srcaddr` shows the ENI's. */
  readonly pktSrcaddr: string | null;
  readonly pktDstaddr: string | null;
  readonly srcport: number | null;
  readonly dstport: number | null;
  /** IANA protocol number: 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6. */
  readonly protocol: number | null;
  readonly packets: number | null;
  /** Unix seconds of the first and last packet of the aggregation window. */
  readonly start: number | null;
  readonly end: number | null;
  readonly action: 'ACCEPT' | 'REJECT' | null;
  readonly logStatus: 'OK' | 'NODATA' | 'SKIPDATA' | null;
  /** OR of the TCP flags seen in the window (v3): FIN 1, SYN 2, RST 4, SYN-ACK 18. */
  readonly tcpFlags: number | null;
  /** `ingress` / `egress` relative to the interface (v5). */
  readonly flowDirection: 'ingress' | 'egress' | null;
}

/** The default (version 2) format's fields, in order. */
export const DEFAULT_FLOW_FIELDS: readonly string[] = [
  'version',
  'account-id',
  'interface-id',
  'srcaddr',
  'dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'bytes',
  'start',
  'end',
  'action',
  'log-status',
];

/**
 * The custom format `enable-flow-logs` creates (version 5): what the planner needs to attribute a
 * flow to a pod (`pkt-*addr`) and to tell who opened it (`tcp-flags`, `flow-direction`).
 */
export const PLANNER_FLOW_FIELDS: readonly string[] = [
  'version',
  'interface-id',
  'flow-direction',
  'srcaddr',
  'dstaddr',
  'pkt-srcaddr',
  'pkt-dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'tcp-flags',
  'packets',
  'bytes',
  'start',
  'end',
  'action',
  'log-status',
  'type',
];

/**
 * A flow-log format string for `CreateFlowLogs --log-format`, e.g. `${version} ${interface-id} ...`.
 *
 * @example
 * formatString(['version', 'srcaddr']); // '${version} ${srcaddr}'
 */
export function formatString(fields: readonly string[]): string {
  return fields.map((f) => `\${${f}}`).join(' ');
}

/**
 * Reads a format: a header line (`version interface-id srcaddr ...`, as S3 files carry it) or a
 * format string (`${version} ${srcaddr} ...`). Field names are compared without case, `-` or `_`,
 * so Logs Insights' discovered names (`srcAddr`, `logStatus`) are accepted too.
 *
 * @throws InputError when the text names no `srcaddr`/`dstaddr` or a field twice.
 * @example
 * parseFlowFormat('${version} ${srcaddr} ${dstaddr}'); // ['version', 'srcaddr', 'dstaddr']
 */
export function parseFlowFormat(text: string): string[] {
  const fields = text
    .trim()
    .split(/\s+/)
    .map((token) => canonicalField(token.replace(/^\$\{(.*)\}$/, '$1')));
  const seen = new Set<string>();
  for (const field of fields) {
    if (seen.has(field)) throw new InputError(`flow-log format names ${field} twice`);
    seen.add(field);
  }
  if (!seen.has('srcaddr') || !seen.has('dstaddr')) {
    throw new InputError(
      `flow-log format "${text.slice(0, 80)}" has no srcaddr and dstaddr fields`,
    );
  }
  return fields;
}

const CANONICAL = new Map(
  [...DEFAULT_FLOW_FIELDS, ...PLANNER_FLOW_FIELDS].map((f) => [f.replace(/[-_]/g, ''), f]),
);
// Logs Insights' discovered names for the default format that differ from the field names.
CANONICAL.set('interfaceid', 'interface-id');
CANONICAL.set('starttime', 'start');
CANONICAL.set('endtime', 'end');
CANONICAL.set('accountid', 'account-id');

/**
 * A field name in the form AWS's format table writes it (`pkt-srcaddr`, `log-status`).
 *
 * @example
 * canonicalField('logStatus'); // 'log-status'
 */
export function canonicalField(name: string): string {
  const key = name.toLowerCase().replace(/[-_]/g, '');
  return CANONICAL.get(key) ?? name.toLowerCase();
}

/**
 * Builds a record from field values by name (`-` and absent fields are null).
 *
 * @throws InputError (naming `where`) when a numeric field is not a number.
 * @example
 * recordOf(new Map([['srcaddr', '10.0.0.1'], ['dstaddr', '10.0.1.5'], ['dstport', '443']]), 'line 2').dstport; // 443
 */
export function recordOf(values: ReadonlyMap<string, string>, where: string): FlowRecord {
  return buildRecord((name) => values.get(name), where);
}

function buildRecord(get: (name: string) => string | undefined, where: string): FlowRecord {
  const text = (name: string): string | null => {
    const value = get(name);
    return value === undefined || value === '-' || value === '' ? null : value;
  };
  const num = (name: string): number | null => {
    const value = text(name);
    if (value === null) return null;
    const n = Number(value);
    if (!Number.isFinite(n)) throw new InputError(`${where}: ${name} "${value}" is not a number`);
    return n;
  };
  const action = text('action');
  const status = text('log-status');
  const direction = text('flow-direction');
  return {
    interfaceId: text('interface-id'),
    srcaddr: text('srcaddr'),
    dstaddr: text('dstaddr'),
    pktSrcaddr: text('pkt-srcaddr'),
    pktDstaddr: text('pkt-dstaddr'),
    srcport: num('srcport'),
    dstport: num('dstport'),
    protocol: num('protocol'),
    packets: num('packets'),
    start: num('start'),
    end: num('end'),
    action:
      action === 'ACCEPT' || action === 'REJECT'
        ? action
        : action === 'accept'
          ? 'ACCEPT'
          : action === 'reject'
            ? 'REJECT'
            : null,
    logStatus: status === 'OK' || status === 'NODATA' || status === 'SKIPDATA' ? status : null,
    tcpFlags: num('tcp-flags'),
    flowDirection: direction === 'ingress' || direction === 'egress' ? direction : null,
  };
}
