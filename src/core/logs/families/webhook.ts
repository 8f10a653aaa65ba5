import {
  detailOf,
  endpointOf,
  errorOf,
  type MessageMatch,
  matchOf,
} from '#core/logs/families/match.ts';
import { findUrl } from '#core/logs/url.ts';

// `failed calling webhook "NAME"` (1.13+), `failed calling admission webhook "NAME"` (≤ 1.12);
// typographic quotes survive copy and paste; `\"` is the ≥ 1.31 escaped form before unescaping.
const QUOTED_NAME =
  /ailed calling (?:admission )?webhook \\?["\u201c]([^"\u201d\\\s]{1,253})\\?["\u201d]/;
const FAILING_MODE = /Failed calling webhook, failing (open|closed) ([^:\s]{1,253}):/;
const OLD_COMPANION = /Failed calling webhook ([^:\s,]{1,253}):/;
const MODERN = 'failed to call webhook: ';

/**
 * Admission webhook failures: `Failed calling webhook, failing open|closed NAME: ...`, the
 * companion `failed calling webhook "NAME": ...`, and the old `failed calling admission webhook`.
 * Null when `text` is none of them.
 *
 * `latencyMs` is the configured `?timeout=` when a ≥ 1.22 line (`failed to call webhook:`) ends
 * in a timeout: the call then ran for its whole timeout.
 *
 * @example
 * parseWebhook('failed calling webhook "x.y": failed to call webhook: Post "https://s.ns.svc:443/v?timeout=3s": context deadline exceeded')?.latencyMs; // 3000
 */
export function parseWebhook(text: string): MessageMatch | null {
  if (!text.includes('ailed calling ')) return null;
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
  const url = findUrl(reason);
  const tail = url ? reason.slice(url.end) : reason;
  const error = errorOf(url ? tail : reason);
  const timeoutMs = url?.timeoutMs ?? null;
  const modern = reason.includes(MODERN);
  return matchOf({
    kind: 'webhook-admission',
    name,
    error,
    latencyMs: modern && error === 'timeout' ? timeoutMs : null,
    detail: detailOf(reason),
    service: url?.service ?? null,
    timeoutMs,
    failurePolicy: mode ? (mode[1] === 'open' ? 'Ignore' : 'Fail') : null,
    ...endpointOf(url, tail),
  });
}
