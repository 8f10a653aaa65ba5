import type { IpAddress } from '#core/network/ip.ts';
import type { PlanFlow } from '#core/plan/plan-types.ts';

/** One connection's records, as they are counted. */
export interface Tally {
  /** The addresses as the records write them (the table's keys). */
  clientKey: string;
  serverKey: string;
  client: IpAddress;
  server: IpAddress;
  protocol: PlanFlow['protocol'];
  port: number;
  records: number;
  packets: number;
  first: number | null;
  last: number | null;
  days: Set<number>;
  /** The day last added to `days` (records come in time order: most adds are repeats). */
  lastDay: number;
  byFlags: boolean;
}

/** The protocol part of a tally's key (`port * 4 + code`). */
export const PROTOCOL_CODES: Readonly<Record<PlanFlow['protocol'], number>> = {
  tcp: 0,
  udp: 1,
  icmp: 2,
  icmpv6: 3,
};

/**
 * Tallies by client, server and protocol-and-port, in nested maps: no key string is built per
 * record (a week of records is hundreds of thousands).
 */
export class TallyTable {
  private readonly byClient = new Map<string, Map<string, Map<number, Tally>>>();

  get(client: string, server: string, code: number): Tally | undefined {
    return this.byClient.get(client)?.get(server)?.get(code);
  }

  set(client: string, server: string, code: number, tally: Tally): void {
    let servers = this.byClient.get(client);
    if (!servers) {
      servers = new Map();
      this.byClient.set(client, servers);
    }
    let codes = servers.get(server);
    if (!codes) {
      codes = new Map();
      servers.set(server, codes);
    }
    codes.set(code, tally);
  }

  /** The tally of the same connection as `other` (by address and port), removed from the table. */
  take(other: Tally): Tally | undefined {
    const codes = this.byClient.get(other.clientKey)?.get(other.serverKey);
    const code = other.port * 4 + PROTOCOL_CODES[other.protocol];
    const found = codes?.get(code);
    codes?.delete(code);
    return found;
  }

  *values(): Generator<Tally> {
    for (const servers of this.byClient.values()) {
      for (const codes of servers.values()) yield* codes.values();
    }
  }
}
