import { dialedAtStart, splitAnswer } from '#core/logs/grammar/callee-answer.ts';
import { findUrl, type LoggedUrl, maskIdentifiers } from '#core/logs/grammar/url.ts';
import { classifyError, type ErrorClass } from '#core/model/error-class.ts';
import type { CallFields, LineKind, ServiceRef } from '#core/model/finding.ts';

/** What one family parser read from one message. */
export interface MessageMatch extends CallFields {
  readonly kind: LineKind;
  readonly detail: string;
  readonly service: ServiceRef | null;
  readonly timeoutMs: number | null;
  readonly failurePolicy: 'Ignore' | 'Fail' | null;
  readonly gvk: { readonly group: string; readonly version: string; readonly kind: string } | null;
  readonly dial: { readonly id: string; readonly event: 'dialing' | 'dialed' } | null;
  readonly trace: {
    readonly id: string;
    readonly call: 'validating' | 'mutating' | 'conversion' | null;
    readonly end: boolean;
  } | null;
}

const EMPTY: MessageMatch = {
  kind: 'none',
  name: null,
  host: null,
  ip: null,
  port: null,
  error: null,
  latencyMs: null,
  detail: '',
  service: null,
  timeoutMs: null,
  failurePolicy: null,
  gvk: null,
  dial: null,
  trace: null,
};

/** A match with every field empty except those given (written out: this runs per record). */
export function matchOf(fields: Partial<MessageMatch> & Pick<MessageMatch, 'kind'>): MessageMatch {
  return {
    kind: fields.kind,
    name: fields.name ?? null,
    host: fields.host ?? null,
    ip: fields.ip ?? null,
    port: fields.port ?? null,
    error: fields.error ?? null,
    latencyMs: fields.latencyMs ?? null,
    detail: fields.detail ?? '',
    service: fields.service ?? null,
    timeoutMs: fields.timeoutMs ?? null,
    failurePolicy: fields.failurePolicy ?? null,
    gvk: fields.gvk ?? null,
    dial: fields.dial ?? null,
    trace: fields.trace ?? null,
  };
}

/** The verdict for a line that is not a finding. */
export const NO_MATCH: MessageMatch = EMPTY;

const DETAIL_MAX = 600;

/** Bounded copy of an error text for people to read. */
export function detailOf(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > DETAIL_MAX ? `${trimmed.slice(0, DETAIL_MAX)}…` : trimmed;
}

/** What the API server's part of an error text says about the call it made. */
export interface CallReading extends Pick<MessageMatch, 'host' | 'ip' | 'port'> {
  /** The request URL, found only in the API server's own part of the text. */
  readonly url: LoggedUrl | null;
  readonly error: ErrorClass;
}

/**
 * Reads a call's error text: the URL, error class and endpoint come only from the API server's
 * own part of the text (see {@link splitAnswer}); when the callee answered, the class is
 * `http-status` whatever its answer says. IP and port are the URL's, overridden only by a
 * `dial tcp` error right after the URL (or at the start of `text` when there is no URL, or at
 * the start of the aggregator proxy's error); `host` is the URL's (the proxy's dialled IP when
 * only the proxy names the endpoint).
 *
 * @example
 * readCall('Post "https://s.ns.svc:443/x?timeout=10s": dial tcp 10.0.1.2:9443: i/o timeout').port; // 9443
 */
export function readCall(text: string): CallReading {
  const outcome = splitAnswer(text);
  const url = findUrl(outcome.own);
  const error =
    outcome.answer !== null ? 'http-status' : errorOf(throughErrorLine(outcome.own, url));
  if (outcome.proxy !== null) {
    const dialed = dialedAtStart(outcome.proxy);
    if (dialed)
      return { url, error, host: url?.host ?? dialed.ip, ip: dialed.ip, port: dialed.port };
  }
  const dialed = dialedAtStart(url ? outcome.own.slice(url.end) : outcome.own);
  if (dialed) return { url, error, host: url?.host ?? null, ip: dialed.ip, port: dialed.port };
  if (url) return { url, error, host: url.host, ip: url.ip, port: url.port };
  return { url, error, host: null, ip: null, port: null };
}

// What the reason of a failed call starts with when the API server's own side failed: client-go's
// `url.Error` (`Post "https://...": <err>`, unquoted before Go 1.14), a context or rate-limiter
// error raised before the request went out, or the admission dispatcher's own reasons. Any
// other reason is built from the webhook's answer: its Status message, `an error on the server
// ("<body>") ...`, or a response that failed the checks (`response.result.status was ...`).
const OWN_REASON =
  /^(?:[A-Z][A-Za-z]{2,6} \\?["\u201c]?https?:\/\/|context (?:deadline exceeded|canceled)|client rate limiter|rate: Wait|could not get REST client|could not create admission objects|Webhook SideEffects is nil|unsupported patch type|; no further details|$)/;

/**
 * Reads the reason of a webhook call (admission or conversion), `rest` being the reason after
 * any `failed to call webhook: ` wrapper: {@link readCall} when the API server's own side
 * failed, else an answered call. An answer's network words are the webhook's own problem: it is
 * `http-status` (an HTTP error answer always; a Status message unless it reads as `other`, e.g.
 * `no kind "X" is registered`), and it never names an endpoint.
 *
 * @example
 * readCallReason('dial tcp 10.42.2.66:5432: i/o timeout', 'dial tcp 10.42.2.66:5432: i/o timeout').error; // 'http-status'
 */
export function readCallReason(rest: string, reason: string): CallReading {
  if (OWN_REASON.test(rest)) return readCall(reason);
  const marked = splitAnswer(rest).answer !== null;
  const error = !marked && errorOf(rest) === 'other' ? 'other' : 'http-status';
  return { url: null, error, host: null, ip: null, port: null };
}

/**
 * The text up to the end of the line that holds the call's transport error: the first line after
 * the URL (or from the start, without one) with any word on it, so that an error Go wrapped onto
 * the next line is kept, and a header-less line quoted after it never decides the class.
 */
function throughErrorLine(own: string, url: LoggedUrl | null): string {
  let from = url?.end ?? 0;
  for (;;) {
    const newline = own.indexOf('\n', from);
    if (newline === -1) return own;
    if (/[A-Za-z0-9]/.test(own.slice(from, newline))) return own.slice(0, newline);
    from = newline + 1;
  }
}

/** Host, IP and port of a {@link CallReading}, for {@link matchOf}. */
export function endpointOfCall(call: CallReading): Pick<MessageMatch, 'host' | 'ip' | 'port'> {
  return { host: call.host, ip: call.ip, port: call.port };
}

/** The error class of an error text, with URLs and quoted names blanked first. */
export function errorOf(text: string): ErrorClass {
  return classifyError(maskIdentifiers(text));
}
