import type { IpAddress } from '#core/network/ip.ts';
import type { NetworkModel } from '#core/network/model.ts';
import { flowEnd, ipOf } from '#core/plan/flow-ends.ts';
import type { FlowRecord } from '#core/plan/flow-record.ts';
import type { FlowObservation, PlanFlow } from '#core/plan/plan-types.ts';
import { PROTOCOL_CODES, type Tally, TallyTable } from '#core/plan/tally-table.ts';

/** What the records say, beyond the flows: the window they cover and their gaps. */
export interface FlowSummary {
  readonly flows: readonly PlanFlow[];
  /** Unix seconds of the first record's start and the last record's end (null: no records). */
  readonly start: number | null;
  readonly end: number | null;
  readonly noData: number;
  readonly skipData: number;
  /** Rejected replies (SYN-ACK): a stateless network ACL drops the answers. */
  readonly rejectedReplies: number;
  /** Records of protocols other than TCP, UDP and ICMP (ignored). */
  readonly otherProtocols: number;
  /** How many records were read. */
  readonly records: number;
  /** The interfaces the records were captured on (`interface-id`). */
  readonly interfaces: ReadonlySet<string>;
}

const PROTOCOLS: Readonly<Record<number, PlanFlow['protocol']>> = {
  6: 'tcp',
  17: 'udp',
  1: 'icmp',
  58: 'icmpv6',
};
const SYN = 2;
const ACK = 16;

/**
 * Turns flow-log records into connections: who opened each (from `tcp-flags` when the format has
 * them: SYN without ACK is the opener, SYN-ACK the answer; otherwise the lower port is the
 * server's), at the packet addresses (`pkt-srcaddr`/`pkt-dstaddr` when present, so a pod is found
 * by its own address), aggregated per client, server, protocol and port, with the accepted and
 * the rejected records apart. A rejected record counts only when it carries the opening SYN (or
 * has no flags); a rejected SYN-ACK is a reply dropped by a network ACL, counted apart.
 * Records with `log-status` NODATA or SKIPDATA are counted as gaps.
 *
 * @example
 * connectionsOf(model, readFlowLogs(text)).flows[0]; // { source: {ip: 10.0.1.10...}, port: 9443, observed: {records: 12, ...} }
 */
export function connectionsOf(model: NetworkModel, records: Iterable<FlowRecord>): FlowSummary {
  const accepted = new TallyTable();
  const rejected = new TallyTable();
  let start: number | null = null;
  let end: number | null = null;
  let noData = 0;
  let skipData = 0;
  let rejectedReplies = 0;
  let otherProtocols = 0;
  const addresses = new Map<string, IpAddress | null>();
  const ip = (text: string | null): IpAddress | null => {
    if (text === null) return null;
    let parsed = addresses.get(text);
    if (parsed === undefined) {
      parsed = ipOf(text);
      addresses.set(text, parsed);
    }
    return parsed;
  };
  let count = 0;
  const interfaces = new Set<string>();
  let lastInterface: string | null = null;
  for (const record of records) {
    count++;
    // Exports list a stream's records together: skip the set when the interface repeats.
    if (record.interfaceId !== null && record.interfaceId !== lastInterface) {
      lastInterface = record.interfaceId;
      interfaces.add(lastInterface);
    }
    if (record.start !== null && (start === null || record.start < start)) start = record.start;
    if (record.end !== null && (end === null || record.end > end)) end = record.end;
    if (record.logStatus === 'NODATA') noData++;
    if (record.logStatus === 'SKIPDATA') skipData++;
    if (record.logStatus === 'NODATA' || record.logStatus === 'SKIPDATA') continue;
    const protocol = PROTOCOLS[record.protocol ?? -1];
    if (!protocol) {
      otherProtocols++;
      continue;
    }
    const srcText = record.pktSrcaddr ?? record.srcaddr;
    const dstText = record.pktDstaddr ?? record.dstaddr;
    if (srcText === null || dstText === null) continue;
    const opened = opener(record, protocol);
    if (record.action === 'REJECT' && opened === REPLY) {
      rejectedReplies++;
      continue;
    }
    const forward = opened === FORWARD_BY_FLAGS || opened === FORWARD_BY_PORTS;
    const icmp = protocol === 'icmp' || protocol === 'icmpv6';
    const port = icmp ? 0 : forward ? (record.dstport ?? 0) : (record.srcport ?? 0);
    const clientText = forward ? srcText : dstText;
    const serverText = forward ? dstText : srcText;
    const into = record.action === 'REJECT' ? rejected : accepted;
    const code = port * 4 + PROTOCOL_CODES[protocol];
    let tally = into.get(clientText, serverText, code);
    if (!tally) {
      const client = ip(clientText);
      const server = ip(serverText);
      if (!client || !server) continue;
      tally = {
        clientKey: clientText,
        serverKey: serverText,
        client,
        server,
        protocol,
        port,
        records: 0,
        packets: 0,
        first: null,
        last: null,
        days: new Set(),
        lastDay: -1,
        byFlags: false,
      };
      into.set(clientText, serverText, code, tally);
    }
    tally.records++;
    tally.packets += record.packets ?? 0;
    if (record.start !== null) {
      if (tally.first === null || record.start < tally.first) tally.first = record.start;
      const day = Math.floor(record.start / 86_400);
      if (day !== tally.lastDay) {
        tally.lastDay = day;
        tally.days.add(day);
      }
    }
    if (record.end !== null && (tally.last === null || record.end > tally.last))
      tally.last = record.end;
    tally.byFlags ||= opened !== FORWARD_BY_PORTS && opened !== BACKWARD_BY_PORTS;
  }
  const flows: PlanFlow[] = [];
  for (const tally of accepted.values()) {
    const denied = rejected.take(tally);
    flows.push(flowOf(model, tally, observationOf(tally), denied ? observationOf(denied) : null));
  }
  for (const tally of rejected.values()) {
    flows.push(flowOf(model, tally, null, observationOf(tally)));
  }
  return {
    flows,
    start,
    end,
    noData,
    skipData,
    rejectedReplies,
    otherProtocols,
    records: count,
    interfaces,
  };
}

const FORWARD_BY_FLAGS = 0;
const REPLY = 1;
const FORWARD_BY_PORTS = 2;
const BACKWARD_BY_PORTS = 3;

/**
 * Whether the record's source opened the connection, and how that was told: a SYN without ACK
 * (forward), a SYN-ACK (the reply), or, without a SYN, the lower port taken as the server's.
 * ICMP records go from the sender.
 */
function opener(record: FlowRecord, protocol: PlanFlow['protocol']): number {
  if (protocol === 'icmp' || protocol === 'icmpv6') return FORWARD_BY_PORTS;
  const flags = record.tcpFlags;
  if (protocol === 'tcp' && flags !== null && (flags & SYN) !== 0) {
    return (flags & ACK) !== 0 ? REPLY : FORWARD_BY_FLAGS;
  }
  return (record.dstport ?? 0) <= (record.srcport ?? 0) ? FORWARD_BY_PORTS : BACKWARD_BY_PORTS;
}

function observationOf(tally: Tally): FlowObservation {
  return {
    records: tally.records,
    packets: tally.packets,
    firstSeen: tally.first,
    lastSeen: tally.last,
    days: tally.days.size,
    initiatorBy: tally.byFlags ? 'tcp-flags' : 'ports',
  };
}

function flowOf(
  model: NetworkModel,
  tally: Tally,
  observed: FlowObservation | null,
  rejected: FlowObservation | null,
): PlanFlow {
  return {
    source: flowEnd(model, tally.client),
    destination: flowEnd(model, tally.server),
    protocol: tally.protocol,
    port: tally.port,
    family: tally.client.family,
    provenance: [
      ...(observed ? ['observed' as const] : []),
      ...(rejected ? ['rejected' as const] : []),
    ],
    callers: [],
    observed,
    rejected,
  };
}
