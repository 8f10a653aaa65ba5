import {
  detailOf,
  endpointOfCall,
  type MessageMatch,
  matchOf,
  readCallReason,
} from '#core/logs/grammar/families/match.ts';

// `failed calling webhook "NAME"` (1.13+), `failed calling admission webhook "NAME"` (≤ 1.12);
// typographic quotes survive copy and paste; `\"` is the ≥ 1.31 escaped form before unescaping.
const QUOTED_NAME =
  /ailed calling (?:admission )?webhook \\?["\u201c]([^"\u201d\\\s]{1,253})\\?["\u201d]/;
const FAILING_MODE = /Failed calling webhook, failing (open|closed) ([^:\s]{1,253}):/;
const OLD_COMPANION = /Failed calling webhook ([^:\s,]{1,253}):/;
const MODERN = 'failed to call webhook: ';
// 1.25.16+ (`klog.Warningf("Context canceled when calling webhook %v", hook.Name)`), written
// instead of `failing open` when the caller gave up; the companion error line follows.
const CANCELED = /Context canceled when calling webhook ([^:\s"]{1,253})\s*$/;

/**
 * Admission webhook failures: `Failed calling webhook, failing open|closed NAME: ...`, the
 * companion `failed calling webhook "NAME": ...`, and the old `failed calling admission webhook`.
 * Null when `text` is none of them.
 *
 * `latencyMs` is the configured `?timeout=` whenever the call timed out: it then ran for its whole
 * timeout. When the webhook answered (a reason that is not the client's own request error, see
 * `readCallReason`, or that holds an answer, see `splitAnswer`), the record is `http-status` and
 * nothing in the answer becomes an endpoint.
 *
 * @example
 * parseWebhook('failed calling webhook "x.y": failed to call webhook: Post "https://s.ns.svc:443/v?timeout=3s": context deadline exceeded')?.latencyMs; // 3000
 */
export function parseWebhook(text: string): MessageMatch | null {
  if (!text.includes('ailed calling ')) return parseCanceled(text);
  const quoted = QUOTED_NAME.exec(text);
  const mode = FAILING_MODE.exec(text);
  const old = quoted || mode ? null : OLD_COMPANION.exec(text);
  const name = quoted?.[1] ?? mode?.[2] ?? old?.[1] ?? null;
  if (name === null) return null;
  const after = Math.max(
    quoted ? quoted.index + quoted[0].length : 0,
    mode ? mode.index + mode[0].length : 0,
    old ? old.index + old[0].length : 0,
  );
  const reason = text.slice(after).replace(/^\\?["\u201d]?:? ?/, '');
  const rest = reason.startsWith(MODERN) ? reason.slice(MODERN.length) : reason;
  const call = readCallReason(rest, reason);
  const timeoutMs = call.url?.timeoutMs ?? null;
  return matchOf({
    kind: 'webhook-admission',
    name,
    error: call.error,
    // Whatever the wording (≤ 1.21, 1.22+, failing open or closed), a call that timed out ran
    // for its whole `?timeout=`.
    latencyMs: call.error === 'timeout' ? timeoutMs : null,
    detail: detailOf(reason),
    service: call.url?.service ?? null,
    timeoutMs,
    failurePolicy: mode ? (mode[1] === 'open' ? 'Ignore' : 'Fail') : null,
    ...endpointOfCall(call),
  });
}

/**
 * `Context canceled when calling webhook NAME` (1.25.16+, policy `Ignore`): the request's own
 * context ended (the client went away), not the webhook's timeout. Null for other text.
 *
 * @example
 * parseCanceled('Context canceled when calling webhook validate.kyverno.svc-fail')?.error; // 'other'
 */
function parseCanceled(text: string): MessageMatch | null {
  if (!text.includes('Context canceled when calling webhook ')) return null;
  const match = CANCELED.exec(text);
  if (!match) return null;
  return matchOf({
    kind: 'webhook-admission',
    name: match[1] ?? null,
    error: 'other',
    detail: 'context canceled',
    failurePolicy: 'Ignore',
  });
}
