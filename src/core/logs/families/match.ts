import type { LineKind, ServiceRef } from '#core/findings.ts';
import { classifyError, type ErrorClass } from '#core/logs/error-class.ts';
import { findDialedAddress, type LoggedUrl, maskIdentifiers } from '#core/logs/url.ts';

/** What one family parser read from one message. */
export interface MessageMatch {
  readonly kind: LineKind;
  readonly name: string | null;
  readonly host: string | null;
  readonly ip: string | null;
  readonly port: number | null;
  readonly error: ErrorClass | null;
  readonly latencyMs: number | null;
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

/**
 * Host, IP and port of a call: the URL's host and port, overridden (IP and port only) by the
 * address a `dial tcp`/`read tcp`/`while dialing` tail names.
 */
export function endpointOf(
  url: LoggedUrl | null,
  tail: string,
): Pick<MessageMatch, 'host' | 'ip' | 'port'> {
  const dialed = findDialedAddress(tail);
  if (dialed) return { host: url ? url.host : dialed.ip, ip: dialed.ip, port: dialed.port };
  if (url) return { host: url.host, ip: url.ip, port: url.port };
  return { host: null, ip: null, port: null };
}

/** The error class of an error text, with URLs and quoted names blanked first. */
export function errorOf(text: string): ErrorClass {
  return classifyError(maskIdentifiers(text));
}
