import type { ErrorExplanation } from '#core/explain/explanation.ts';
import { ianaLabel } from '#core/port-names/addon-match.ts';
import { ianaTcpPorts } from '#core/port-names/iana-ports.ts';
import { ianaTcpService } from '#core/port-names/iana-services.ts';

/** One TCP segment of a `tcpdump` line. */
export interface PacketLine {
  readonly source: string;
  readonly sourcePort: string;
  readonly destination: string;
  /** The port as printed: a number, or a service name (tcpdump without `-n`). */
  readonly destinationPort: string;
  /** tcpdump's flags: `S` SYN, `S.` SYN-ACK, `R`/`R.` reset, `.`/`P.`/`F.` established traffic. */
  readonly flags: string;
}

/** What a pasted capture says about a connection, for `explain`. */
export interface PacketReading {
  readonly source: string;
  readonly destination: string;
  /** The destination port as a number, when the printed name maps to exactly one. */
  readonly port: number | null;
  readonly outcome: 'unanswered' | 'answered' | 'reset';
  /** Sentences on the port: the name mapped back to its number, or the candidates. */
  readonly portNotes: readonly string[];
}

const ADDRESS = String.raw`(\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]{2,39})`;
const PACKET = new RegExp(
  String.raw`(?:^|\s)(?:IP6? )?${ADDRESS}\.([\w-]{1,32}) > ${ADDRESS}\.([\w-]{1,32}): Flags \[([A-Za-z.]{1,8})\]`,
);

/**
 * Reads one `tcpdump` TCP line (`IP 192.216.0.8.38074 > 192.216.7.111.pharos: Flags [S], ...`, or
 * the address line of `-v` output, which has no `IP`),
 * or null.
 *
 * @example
 * parsePacketLine('IP 10.0.0.8.38074 > 10.0.7.11.pharos: Flags [S], seq 1, length 0')?.destinationPort; // 'pharos'
 */
export function parsePacketLine(line: string): PacketLine | null {
  const match = PACKET.exec(line);
  if (!match) return null;
  return {
    source: match[1] ?? '',
    sourcePort: match[2] ?? '',
    destination: match[3] ?? '',
    destinationPort: match[4] ?? '',
    flags: match[5] ?? '',
  };
}

/**
 * What the `tcpdump` lines of a paste say about the first connection they show: whether its SYN
 * was answered (a `[S.]` back), reset (`[R]`), or left unanswered, and the destination port as a
 * number. Null when no line is a tcpdump TCP line.
 *
 * @example
 * readPackets(['IP 10.0.0.8.38074 > 10.0.7.11.pharos: Flags [S], length 0'])?.port; // 4443
 */
export function readPackets(lines: readonly string[]): PacketReading | null {
  const packets = lines.map(parsePacketLine).filter((p) => p !== null);
  const first = packets.find((p) => p.flags === 'S') ?? packets[0];
  if (first === undefined) return null;
  const back = packets.filter(
    (p) => p.source === first.destination && p.destination === first.source,
  );
  const outcome = back.some((p) => p.flags.startsWith('R'))
    ? 'reset'
    : back.length > 0 || first.flags !== 'S'
      ? 'answered'
      : 'unanswered';
  const { port, notes } = portOf(first.destinationPort);
  return { source: first.source, destination: first.destination, port, outcome, portNotes: notes };
}

function portOf(printed: string): { port: number | null; notes: string[] } {
  if (/^\d{1,5}$/.test(printed)) {
    const port = Number(printed);
    return port > 0 && port < 65536 ? { port, notes: [] } : { port: null, notes: [] };
  }
  const ports = ianaTcpPorts(printed);
  const [only] = ports;
  if (ports.length === 1 && only !== undefined) {
    return {
      port: only,
      notes: [
        `tcpdump printed the port by its service name: '${printed}' is TCP ${only} (${ianaLabel(printed)}, an IANA registration, not the product listening there; run tcpdump -n to see numbers).`,
      ],
    };
  }
  if (ports.length > 1) {
    return {
      port: null,
      notes: [
        `'${printed}' is the IANA name of TCP ${ports.join(', ')}: run tcpdump -n to see which port the packets used.`,
      ],
    };
  }
  return {
    port: null,
    notes: [
      `'${printed}' is not an IANA service name this tool knows: run tcpdump -n to see the port number.`,
    ],
  };
}

/**
 * The IANA name of a port for a sentence, said to be one, or '' when it has none.
 *
 * @example
 * ianaNote(4443); // ' (IANA name: pharos; not the product listening there)'
 */
export function ianaNote(port: number): string {
  const name = ianaTcpService(port);
  return name === undefined ? '' : ` (${ianaLabel(name)}; not the product listening there)`;
}

/**
 * The explanation of a capture: an unanswered SYN is a timeout a rule can fix (open the
 * destination port), an answered one or a reset needs no rule.
 *
 * @example
 * explainPackets(readPackets(['IP 10.0.0.8.1 > 10.0.7.11.pharos: Flags [S], length 0'])!).portsToOpen; // [4443]
 */
export function explainPackets(p: PacketReading): ErrorExplanation {
  const port = p.port === null ? 'its port' : `TCP ${p.port}`;
  const outcome = {
    unanswered: {
      error: 'timeout' as const,
      fix: 'yes' as const,
      what: `A connection attempt (SYN) from ${p.source} to ${p.destination} on ${port}, with no SYN-ACK back in the capture.`,
      why: `A SYN repeated with no [S.] reply is a dropped connection attempt: from the caller it is a timeout, what a security group or network ACL that drops the SYN looks like. If ${p.source} is the API server (a cross-account interface of the cluster), the security groups of ${p.destination} must admit ${port} from the cluster security group; if no [S] line reaches a capture on ${p.destination}'s node, the packet is dropped before it.`,
    },
    answered: {
      error: null,
      fix: 'no' as const,
      what: `Traffic between ${p.source} and ${p.destination} on ${port} that was answered.`,
      why: `${p.destination} answered, so the security groups already let this connection through.`,
    },
    reset: {
      error: 'refused' as const,
      fix: 'no' as const,
      what: `A connection from ${p.source} to ${p.destination} on ${port} that was reset.`,
      why: 'A reset [R] means the packet reached the host and nothing listens there (or it refused): no security-group rule is missing.',
    },
  }[p.outcome];
  return {
    kind: 'packet',
    name: null,
    service: null,
    what: outcome.what,
    endpoint: { ip: p.destination, host: null, port: p.port },
    error: outcome.error,
    securityGroupFix: outcome.fix,
    likelyTargetPorts: [],
    portsToOpen: outcome.fix === 'yes' && p.port !== null ? [p.port] : [],
    advice: [outcome.why, ...p.portNotes],
  };
}
