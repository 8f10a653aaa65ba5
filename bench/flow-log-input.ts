import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';

const WEEK_S = 7 * 86_400;
const WINDOW_S = 600;
const START = 1_795_478_400; // 2026-11-24T00:00:00Z

interface SnapshotEni {
  NetworkInterfaceId: string;
  Description?: string;
  PrivateIpAddress?: string;
  PrivateIpAddresses?: { PrivateIpAddress: string }[];
  Attachment?: { InstanceId?: string };
}

/**
 * A week of flow logs of a cluster's control-plane interfaces, as `aws logs filter-log-events`
 * exports them (`{"events":[{"logStreamName","timestamp","message"}]}`), in the planner's custom
 * format: every 10-minute aggregation window, each node's kubelet connection to the API server
 * (TCP 443, long-lived: no SYN), and the API server's calls to a few pods per window (SYN+FIN,
 * one connection each), spread over the X-ENIs. Written once, then reused.
 *
 * @returns the file name.
 */
export function ensureFlowLogEvents(file: string, network: string): string {
  if (existsSync(file)) return file;
  mkdirSync('bench/.data', { recursive: true });
  const snapshot = JSON.parse(readFileSync(network, 'utf8')) as {
    networkInterfaces: { NetworkInterfaces: SnapshotEni[] };
  };
  const enis = snapshot.networkInterfaces.NetworkInterfaces;
  const xenis = enis.filter((e) => e.Description?.startsWith('Amazon EKS '));
  const nodes = enis.filter(
    (e) => e.Attachment?.InstanceId !== undefined && !e.Description?.startsWith('Amazon EKS'),
  );
  const pods = nodes.flatMap((n) =>
    (n.PrivateIpAddresses ?? []).slice(1).map((a) => [n, a.PrivateIpAddress] as const),
  );
  const ports = [10250, 10251, 9443, 8443, 6443, 4443];
  const fd = openSync(file, 'w');
  writeSync(fd, '{"events":[');
  let first = true;
  let id = 0;
  const buffer: string[] = [];
  const flush = () => {
    if (buffer.length === 0) return;
    writeSync(fd, (first ? '' : ',') + buffer.join(','));
    first = false;
    buffer.length = 0;
  };
  for (let t = START; t < START + WEEK_S; t += WINDOW_S) {
    for (let n = 0; n < nodes.length; n++) {
      const node = nodes[n];
      const xeni = xenis[n % xenis.length];
      if (!node || !xeni) continue;
      const nip = node.PrivateIpAddress ?? '';
      const xip = xeni.PrivateIpAddress ?? '';
      const sport = 40_000 + (n % 20_000);
      const message = `5 ${xeni.NetworkInterfaceId} ingress ${nip} ${xip} ${nip} ${xip} ${sport} 443 6 0 42 9000 ${t} ${t + WINDOW_S} ACCEPT OK IPv4`;
      buffer.push(
        JSON.stringify({
          logStreamName: `${xeni.NetworkInterfaceId}-all`,
          timestamp: t * 1000,
          message,
          eventId: String(++id),
        }),
      );
    }
    for (let c = 0; c < 40; c++) {
      const pick = pods[(t / WINDOW_S + c * 7919) % pods.length];
      const xeni = xenis[c % xenis.length];
      if (!pick || !xeni) continue;
      const [node, pod] = pick;
      const xip = xeni.PrivateIpAddress ?? '';
      const port = ports[c % ports.length] ?? 443;
      const sport = 32_768 + ((t + c) % 28_000);
      const message = `5 ${xeni.NetworkInterfaceId} egress ${xip} ${node.PrivateIpAddress} ${xip} ${pod} ${sport} ${port} 6 3 12 3000 ${t} ${t + 60} ACCEPT OK IPv4`;
      buffer.push(
        JSON.stringify({
          logStreamName: `${xeni.NetworkInterfaceId}-all`,
          timestamp: t * 1000,
          message,
          eventId: String(++id),
        }),
      );
    }
    if (buffer.length > 5_000) flush();
  }
  flush();
  writeSync(fd, ']}\n');
  closeSync(fd);
  return file;
}
