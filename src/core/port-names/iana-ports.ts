import { ianaTcpService } from '#core/port-names/iana-services.ts';

let byName: ReadonlyMap<string, readonly number[]> | null = null;

/**
 * The TCP ports IANA registers under a service name, lowest first (`pharos` → `[4443]`; a few
 * names cover several ports, e.g. `http-alt`). Empty when the name is unknown. Tools such as
 * tcpdump print these names from `/etc/services` instead of the port number.
 *
 * @example
 * ianaTcpPorts('pharos'); // [4443]
 */
export function ianaTcpPorts(name: string): readonly number[] {
  if (byName === null) {
    const table = new Map<string, number[]>();
    for (let port = 1; port < 65536; port++) {
      const service = ianaTcpService(port);
      if (service === undefined) continue;
      const key = service.toLowerCase();
      const ports = table.get(key);
      if (ports) ports.push(port);
      else table.set(key, [port]);
    }
    byName = table;
  }
  return byName.get(name.toLowerCase()) ?? [];
}
