/** The reference time the network tests classify with (2026-11-28 12:00 UTC). */
export const REFERENCE_TIME = Date.UTC(2026, 10, 28, 12);

/** `HH:MM:SS.micro` of 2026-11-28 for a klog header, `seconds` after 09:00:00. */
function klogTime(seconds: number): string {
  const d = new Date(Date.UTC(2026, 10, 28, 9) + seconds * 1000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `1128 ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}000`;
}

/** A webhook failure whose error names the pod (`dial tcp IP:PORT: <tail>`). */
export function webhookDialLine(
  at: number,
  name: string,
  service: string,
  ip: string,
  port: number,
  tail = 'i/o timeout',
): string {
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return `W${klogTime(at)}      10 dispatcher.go:217] Failed calling webhook, failing closed ${name}: failed calling webhook "${name}": failed to call webhook: Post "https://${service}.svc:443/validate?timeout=10s": dial tcp ${host}:${port}: ${tail}`;
}

/** A webhook failure that names only the service (`context deadline exceeded`). */
export function webhookServiceLine(at: number, name: string, service: string): string {
  return `W${klogTime(at)}      10 dispatcher.go:217] Failed calling webhook, failing closed ${name}: failed calling webhook "${name}": failed to call webhook: Post "https://${service}.svc:443/validate?timeout=10s": context deadline exceeded`;
}

/** An EKS dialer `Dialing...` line. */
export function dialingLine(at: number, id: string, ip: string, port: number): string {
  return `I${klogTime(at)}      10 dialer.go:35] [${id}: ${ip}:${port}] Dialing...`;
}

/** An APIService availability failure on `ip:port`. */
export function apiServiceLine(
  at: number,
  name: string,
  ip: string,
  port: number,
  tail = 'i/o timeout',
): string {
  const group = name.split('.').slice(1).join('.');
  const version = name.split('.')[0];
  const url = `https://${ip}:${port}/apis/${group}/${version}`;
  return `E${klogTime(at)}      10 remote_available_controller.go:448] "Unhandled Error" err="${name} failed with: failing or missing response from ${url}: Get \\"${url}\\": dial tcp ${ip}:${port}: ${tail}" logger="UnhandledError"`;
}
