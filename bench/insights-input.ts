/**
 * Inputs of the offline analysis benchmarks: Logs Insights result rows in the JSON shape of
 * `aws logs get-query-results` (messages from the API-server log generator, a few streams) and a
 * network snapshot of a cluster with hundreds of node interfaces (the demo snapshot's cluster,
 * groups and rules, plus generated nodes whose secondary addresses are the generator's pod IPs).
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { generateApiserverLog, prng } from './apiserver-log.ts';

const CLUSTER = 'shop-prod';
const ACCOUNT = '111122223333';
const STREAMS = [
  'kube-apiserver-6d0a4c1f3e2b47a98e5f0c1d2b3a4e5f',
  'kube-apiserver-9b8a7c6d5e4f40312a1b0c9d8e7f6a5b',
  'kube-apiserver-1f2e3d4c5b6a47980f1e2d3c4b5a6978',
];

function stamp(at: number): string {
  return new Date(at).toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * Writes `rows` result rows (`@timestamp`, `@logStream`, `@log`, `@message`, `@ptr`, as Logs
 * Insights returns them) to `file` as `{"results": [...], "status": "Complete"}`, one row per line,
 * unless the file exists. Returns the file name.
 */
export function ensureInsightsRows(file: string, rows: number): string {
  if (existsSync(file)) return file;
  mkdirSync('bench/.data', { recursive: true });
  const rand = prng(7);
  const fd = openSync(file, 'w');
  let buffer: string[] = [];
  let count = 0;
  const start = Date.UTC(2026, 10, 28, 10);
  const flush = (): void => {
    if (buffer.length === 0) return;
    writeSync(fd, buffer.join(''));
    buffer = [];
  };
  writeSync(fd, '{"results": [\n');
  generateApiserverLog(
    rows,
    (message) => {
      if (count >= rows) return;
      const at = start + count * 36 + Math.floor(rand() * 30);
      const stream = STREAMS[Math.floor(rand() * STREAMS.length)] ?? STREAMS[0];
      const ptr = Buffer.from(`${ACCOUNT}:${CLUSTER}:${count}:${rand()}`).toString('base64');
      const row = [
        { field: '@timestamp', value: stamp(at) },
        { field: '@logStream', value: stream },
        { field: '@log', value: `${ACCOUNT}:/aws/eks/${CLUSTER}/cluster` },
        { field: '@message', value: message },
        { field: '@ptr', value: ptr },
      ];
      buffer.push(`${count === 0 ? '' : ',\n'}${JSON.stringify(row)}`);
      count++;
      if (buffer.length === 5_000) flush();
    },
    { seed: 42, failureShare: 0.01, start },
  );
  flush();
  writeSync(fd, '\n], "status": "Complete"}\n');
  closeSync(fd);
  return file;
}

interface Eni {
  NetworkInterfaceId: string;
  PrivateIpAddress: string;
  PrivateIpAddresses: { Primary: boolean; PrivateIpAddress: string }[];
  [key: string]: unknown;
}

/**
 * Writes the demo snapshot grown to `nodes` node interfaces (instance ENIs of the node group in
 * 10.0.0.0/18, each with `podsPerNode` secondary addresses), unless the file exists.
 */
export function ensureNetworkSnapshot(file: string, nodes: number, podsPerNode: number): string {
  if (existsSync(file)) return file;
  mkdirSync('bench/.data', { recursive: true });
  const demo = JSON.parse(readFileSync('test/fixtures/demo/network.json', 'utf8')) as {
    networkInterfaces: { NetworkInterfaces: Eni[] };
  };
  const template = demo.networkInterfaces.NetworkInterfaces.find(
    (eni) => (eni.Attachment as { InstanceId?: string } | undefined)?.InstanceId !== undefined,
  );
  if (!template) throw new Error('the demo snapshot has no instance interface to copy');
  const generated: Eni[] = [];
  let address = 10; // 10.0.0.10 onwards, host part 2..251 of each /24 like the log generator
  const next = (): string => {
    while (address % 256 < 2 || address % 256 > 251) address++;
    const ip = `10.0.${Math.floor(address / 256)}.${address % 256}`;
    address++;
    return ip;
  };
  for (let n = 0; n < nodes; n++) {
    const primary = next();
    const hex = n.toString(16).padStart(5, '0');
    const pods = Array.from({ length: podsPerNode }, () => next());
    generated.push({
      ...template,
      NetworkInterfaceId: `eni-0b3c4d5e6f7${hex}`,
      MacAddress: `02:4f:1b:${hex.slice(1, 3)}:${hex.slice(3, 5)}:01`,
      Attachment: {
        ...(template.Attachment as object),
        AttachmentId: `eni-attach-0b3c4d5e6f7${hex}`,
        InstanceId: `i-0b3c4d5e6f7${hex}`,
      },
      PrivateDnsName: `ip-${primary.replaceAll('.', '-')}.eu-west-1.compute.internal`,
      PrivateIpAddress: primary,
      PrivateIpAddresses: [primary, ...pods].map((ip, i) => ({
        Primary: i === 0,
        PrivateIpAddress: ip,
      })),
      Ipv4Prefixes: [],
    });
  }
  demo.networkInterfaces.NetworkInterfaces.push(...generated);
  const fd = openSync(file, 'w');
  writeSync(fd, `${JSON.stringify(demo, null, 2)}\n`);
  closeSync(fd);
  return file;
}
