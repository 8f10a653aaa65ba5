import { type MessageMatch, matchOf } from '#core/logs/grammar/families/match.ts';
import { parseGoDurationMs } from '#core/logs/grammar/go-duration.ts';
import { validPort } from '#core/logs/grammar/url.ts';
import { ipOfHost } from '#core/network/ip.ts';

// EKS allowlist dialer: `[<hex id>: <ip>:<port>] Dialing...` and, deferred, `... Dialed in <dur>.`
const DIALER =
  /^\[([0-9a-f]{1,32}): (\[[0-9A-Fa-f:.]{2,45}\]|\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})\] (?:Dialing\.\.\.|Dialed in ([0-9.a-zµμ]{1,64}?))\.?\s*$/;

/**
 * The EKS dialer lines. `latencyMs` is the dial duration of a `Dialed in` line.
 *
 * @example
 * parseDialer('[96df57175088ac5: 10.212.128.231:9443] Dialing...')?.port; // 9443
 */
export function parseDialer(text: string): MessageMatch | null {
  if (text.charCodeAt(0) !== 0x5b /* [ */) return null;
  const match = DIALER.exec(text);
  if (!match) return null;
  const ip = ipOfHost(match[2] ?? '');
  const port = Number(match[3]);
  if (!ip || !validPort(port)) return null;
  const duration = match[4];
  const latencyMs = duration === undefined ? null : parseGoDurationMs(duration);
  if (duration !== undefined && latencyMs === null) return null;
  return matchOf({
    kind: 'dial',
    host: ip,
    ip,
    port,
    latencyMs,
    detail: text.trim(),
    dial: { id: match[1] ?? '', event: duration === undefined ? 'dialing' : 'dialed' },
  });
}
