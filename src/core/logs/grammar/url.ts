import { parseGoDurationMs } from '#core/logs/grammar/go-duration.ts';
import type { ServiceRef } from '#core/model/finding.ts';
import { ipOfHost } from '#core/network/ip.ts';

/** A URL as the apiserver wrote it, quoted (`Post "https://..."`, Go ≥ 1.14) or not. */
export interface LoggedUrl {
  /** The host as written (an IP, `[v6]`, or a DNS name such as `svc.ns.svc`). */
  readonly host: string;
  readonly ip: string | null;
  /** The explicit port, or 443/80 by scheme. */
  readonly port: number;
  readonly path: string;
  /** `?timeout=` of webhook calls (a Go duration: `10s`, `1m0s`), in ms. */
  readonly timeoutMs: number | null;
  /** `NAME.NAMESPACE.svc[.cluster.local]` hosts name a service. */
  readonly service: ServiceRef | null;
  /** Offset just past the URL (and its closing quote) in the searched text. */
  readonly end: number;
}

const URL_START = /https?:\/\//g;
// Reporters redact hosts (`webhook.<namespace>.svc`, `***`): keep whatever sits between `//` and
// the port or path.
const HOST = /\[[0-9A-Fa-f:.]{2,45}\]|[^\s:/?#"'`()[\],;\\]{1,253}/y;
const PORT = /:(\d{1,5})/y;
/** An unquoted URL runs to whitespace or a quote (at most 4096 characters)... */
const URL_CHARS = /[^\s'"]{0,4096}/y;
/** ...without the punctuation that ends the sentence around it. */
const TRAILING_PUNCTUATION = ':,);';
const SERVICE_HOST =
  /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)\.([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)\.svc(?:\.cluster\.local)?$/;

/**
 * Finds the first URL at or after `from` and reads its parts. Returns null when there is none or
 * it has no host.
 *
 * @example
 * findUrl('Post "https://svc.ns.svc:443/x?timeout=10s": EOF')?.timeoutMs; // 10000
 */
export function findUrl(text: string, from = 0): LoggedUrl | null {
  URL_START.lastIndex = from;
  const start = URL_START.exec(text);
  if (!start) return null;
  const quoted = start.index > 0 && text[start.index - 1] === '"';
  const https = text.startsWith('https', start.index);
  HOST.lastIndex = URL_START.lastIndex;
  const host = HOST.exec(text);
  if (!host) return null;
  let i = HOST.lastIndex;
  PORT.lastIndex = i;
  const portMatch = PORT.exec(text);
  let port = https ? 443 : 80;
  if (portMatch) {
    port = Number(portMatch[1]);
    // `https://1:0.40...` is not a URL a client could have called: no endpoint from it.
    if (!validPort(port)) return null;
    i = PORT.lastIndex;
  }
  const end = quoted ? closingQuote(text, i) : unquotedEnd(text, i);
  const rest = text.slice(i, end.urlEnd);
  const query = rest.indexOf('?');
  const path = query === -1 ? rest : rest.slice(0, query);
  // client-go writes the duration with Go's `time.Duration.String()`: `10s`, `1m0s`, `500ms`.
  const timeout = query === -1 ? null : /[?&]timeout=([0-9.hmsµμun]{2,32})/.exec(rest.slice(query));
  const hostText = host[0];
  return {
    host: hostText,
    ip: ipOfHost(hostText),
    port,
    path,
    timeoutMs: timeout ? parseGoDurationMs(timeout[1] ?? '') : null,
    service: serviceOf(hostText, port),
    end: end.next,
  };
}

function closingQuote(text: string, from: number): { urlEnd: number; next: number } {
  let i = from;
  const limit = Math.min(text.length, from + 4096);
  while (i < limit && text[i] !== '"' && text[i] !== '\n') i++;
  return { urlEnd: i, next: text[i] === '"' ? i + 1 : i };
}

function unquotedEnd(text: string, from: number): { urlEnd: number; next: number } {
  URL_CHARS.lastIndex = from;
  const i = from + (URL_CHARS.exec(text)?.[0].length ?? 0);
  let urlEnd = i;
  while (urlEnd > from && TRAILING_PUNCTUATION.includes(text.charAt(urlEnd - 1))) urlEnd--;
  return { urlEnd, next: urlEnd };
}

/**
 * The service a webhook host names (`NAME.NAMESPACE.svc`), or null for IPs and other hosts.
 *
 * @example
 * serviceOf('kyverno-svc.kyverno.svc', 443); // { namespace: 'kyverno', name: 'kyverno-svc', port: 443 }
 */
export function serviceOf(host: string, port: number | null): ServiceRef | null {
  const match = SERVICE_HOST.exec(host);
  if (!match) return null;
  return { name: match[1] ?? '', namespace: match[3] ?? '', port };
}

/** The destination a Go dial error names: `dial tcp IP:P`, `while dialing IP:P`. */
export interface DialedAddress {
  readonly ip: string;
  readonly port: number;
}

const ADDRESS = String.raw`(\[[0-9A-Fa-f:.]{2,45}\]|\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})`;
const DIALED = new RegExp(`(?:dial tcp |while dialing )${ADDRESS}`);

/**
 * The destination named by a Go dial or proxy dial error in `text`, or null. A `read tcp` or
 * `write tcp` error names a connection already made (possibly to a proxy), never the dial.
 *
 * @example
 * findDialedAddress('dial tcp 10.0.202.48:9443: i/o timeout'); // { ip: '10.0.202.48', port: 9443 }
 */
export function findDialedAddress(text: string): DialedAddress | null {
  const match = DIALED.exec(text);
  if (!match) return null;
  const ip = ipOfHost(match[1] ?? '');
  const port = Number(match[2]);
  if (!ip || !validPort(port)) return null;
  return { ip, port };
}

/** True for 1..65535. */
export function validPort(port: number): boolean {
  return Number.isInteger(port) && port > 0 && port < 65536;
}

const ANY_URL = /https?:\/\/[^\s"'`]{1,4096}/g;
const QUOTED_TOKEN = /["\u201c][^"\u201d\s]{0,253}["\u201d]/g;

/**
 * The error text with URLs and quoted identifiers blanked, so that names and paths such as
 * `/apis/certificates.example.io` cannot look like error words.
 *
 * @example
 * maskIdentifiers('Post "https://x/tls:": service "tls" not found'); // 'Post "<url>": service "" not found'
 */
export function maskIdentifiers(text: string): string {
  const unlinked = text.includes('://') ? text.replace(ANY_URL, '<url>') : text;
  return unlinked.replace(QUOTED_TOKEN, '""');
}
