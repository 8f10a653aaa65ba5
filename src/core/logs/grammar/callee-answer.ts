import { type DialedAddress, findDialedAddress } from '#core/logs/grammar/url.ts';

/**
 * Telling the API server's own error apart from the answer of the endpoint it called.
 *
 * When a webhook or an aggregated API *answered* (an HTTP 500 whose body is not a Status, a 503
 * body, a denial), everything in that answer is the callee's account of its own problems: a
 * `dial tcp 10.42.2.66:5432: i/o timeout` inside it is the callee failing to reach its database,
 * not the API server failing to reach the callee. Only the text before the answer, written by the
 * API server's own client, can name the address the API server dialled.
 *
 * One exception comes from the aggregator itself: its proxy answers a call it could not forward
 * with a 503 whose body is `error trying to reach service: <its dial error>` (`Error trying to
 * reach service: '<err>'` up to 1.18, `Error: '<err>'` in 1.8). That error is the API server's
 * own dial and is read as such.
 */
export interface CallOutcome {
  /** The API server's own part of the text (ending with the proxy's error when there is one). */
  readonly own: string;
  /** The callee's answer, from where it starts; null when the text shows no answer. */
  readonly answer: string | null;
  /** The aggregator proxy's own error taken from a 503 body, or null. */
  readonly proxy: string | null;
}

/**
 * Literal texts that start a callee's answer in a Go error: client-go's errors for a response
 * that was not a success (`an error on the server ("<body>") has prevented the request from
 * succeeding`, the StatusError texts of 404/503/429), an admission denial, the availability
 * probe's `bad status from URL: <code>`, and the webhook client's check of the response body.
 */
const ANSWER_MARKERS = [
  'an error on the server (',
  'the server responded with the status code ',
  'the server rejected our request',
  'the server could not find the requested resource',
  'the server is currently unable to handle the request',
  'the server has received too many requests',
  'the server has asked for the client to provide credentials',
  'denied the request',
  'bad status from ',
  'received invalid webhook response',
] as const;

/** The OpenAPI downloader (and DiscoveryManager) print the response: `ResponseCode: 503, Body: ...`. */
const RESPONSE = /ResponseCode: (\d{3})(, Body: )?/;
/** How the aggregator proxy words its own failure to reach the backend, by release. */
const PROXY_PREFIXES = [
  'error trying to reach service: ',
  "Error trying to reach service: '",
  "Error: '",
];
/** Where the proxy's error ends inside a downloader message. */
const HEADER_START = ', Header: ';

/**
 * Splits an error text into the API server's own part and the callee's answer.
 *
 * @example
 * splitAnswer('failed to call webhook: an error on the server ("dial tcp 10.42.2.66:5432: i/o timeout") has prevented the request from succeeding').answer !== null; // true
 * splitAnswer('http error: ResponseCode: 503, Body: error trying to reach service: dial tcp 10.0.9.31:6443: i/o timeout').proxy; // 'dial tcp 10.0.9.31:6443: i/o timeout'
 */
export function splitAnswer(text: string): CallOutcome {
  const response = RESPONSE.exec(text);
  if (response) {
    const before = text.slice(0, response.index);
    const body = response[2] === undefined ? '' : text.slice(response.index + response[0].length);
    const proxy = proxyError(body);
    if (proxy !== null) return { own: `${before}${proxy}`, answer: null, proxy };
    return { own: before, answer: body || response[0], proxy: null };
  }
  return { ...markedAnswer(text), proxy: null };
}

/**
 * The aggregator proxy's own error when `body` (a 503 body) is one, else null.
 *
 * @example
 * proxyError("Error trying to reach service: 'dial tcp 10.0.1.2:443: i/o timeout'"); // "dial tcp 10.0.1.2:443: i/o timeout'"
 */
export function proxyError(body: string): string | null {
  const prefix = PROXY_PREFIXES.find((p) => body.startsWith(p));
  if (prefix === undefined) return null;
  const rest = body.slice(prefix.length);
  const header = rest.indexOf(HEADER_START);
  return header === -1 ? rest : rest.slice(0, header);
}

/**
 * Where the first callee answer in `text` starts (a marker or a downloader's `ResponseCode:`),
 * or `text.length` when there is none. Message families are recognised only before it, so that
 * a log line quoted inside an answer is never read as the API server's own.
 *
 * @example
 * answerStart('x: an error on the server ("y")'); // 3
 */
export function answerStart(text: string): number {
  let at = RESPONSE.exec(text)?.index ?? -1;
  for (const marker of ANSWER_MARKERS) {
    const index = text.indexOf(marker);
    if (index !== -1 && (at === -1 || index < at)) at = index;
  }
  return at === -1 ? text.length : at;
}

function markedAnswer(text: string): { own: string; answer: string | null } {
  let at = -1;
  for (const marker of ANSWER_MARKERS) {
    const index = text.indexOf(marker);
    if (index !== -1 && (at === -1 || index < at)) at = index;
  }
  return at === -1
    ? { own: text, answer: null }
    : { own: text.slice(0, at), answer: text.slice(at) };
}

// What may sit between the end of a request URL and its transport error: the closing quote and
// `: `, and once the client's own `Get "URL": ` (the availability probe logs its URL, then the
// client error that repeats it).
const LEAD = /^\\?"?:? ?(?:[A-Z][A-Za-z]{2,6} \\?"?https?:\/\/[^\s"\\]{1,4096}\\?"?: )?/;
const DIAL_START = /^(?:dial tcp |proxy error from [^\s,]{1,64} while dialing )/;

/**
 * The address the API server dialled, read only where Go puts its own transport error: at the
 * start of `text` (after the request URL, or after `error dialing backend: `). A `read tcp`,
 * `write tcp` or an address further on is never taken.
 *
 * @example
 * dialedAtStart(': dial tcp 10.0.202.48:9443: i/o timeout'); // { ip: '10.0.202.48', port: 9443 }
 * dialedAtStart(': read tcp 10.0.0.1:4000->10.0.202.48:9443: read: connection reset by peer'); // null
 */
export function dialedAtStart(text: string): DialedAddress | null {
  const lead = LEAD.exec(text);
  const rest = lead ? text.slice(lead[0].length) : text;
  const start = DIAL_START.exec(rest);
  if (!start) return null;
  return findDialedAddress(rest.slice(0, start[0].length + 64));
}
