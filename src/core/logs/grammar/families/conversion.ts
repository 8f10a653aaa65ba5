import {
  detailOf,
  endpointOfCall,
  type MessageMatch,
  matchOf,
  readCallReason,
} from '#core/logs/grammar/families/match.ts';

const CONVERSION =
  /conversion webhook for ([a-z0-9.-]{0,253})\/([a-z0-9]{1,63}), Kind=([A-Za-z0-9]{1,253}) (failed|returned)/;

/**
 * CRD conversion webhook failures: `conversion webhook for G/V, Kind=K failed: ...` (and the
 * `returned N objects` / `failed, no objects returned` variants). `name` is the CRD,
 * `<plural>.<group>`, with the plural guessed the way Kubernetes does.
 *
 * @example
 * parseConversion('conversion webhook for cert-manager.io/v1alpha2, Kind=Certificate failed: Post https://cert-manager-webhook.cert-manager.svc:443/convert?timeout=30s: EOF')?.name; // 'certificates.cert-manager.io'
 */
export function parseConversion(text: string): MessageMatch | null {
  if (!text.includes('conversion webhook for ')) return null;
  const match = CONVERSION.exec(text);
  if (!match) return null;
  const group = match[1] ?? '';
  const version = match[2] ?? '';
  const kind = match[3] ?? '';
  const reason = text.slice(match.index + match[0].length).replace(/^[:,] ?/, '');
  // `failed: <err>` holds the REST client's error (own, or built from the answer) or the
  // response checks' (answered); `returned ...` always follows an answer.
  const call = readCallReason(reason, reason);
  const timeoutMs = call.url?.timeoutMs ?? null;
  return matchOf({
    kind: 'webhook-conversion',
    name: group ? `${guessPlural(kind)}.${group}` : guessPlural(kind),
    error: call.error,
    // A call that timed out ran for its whole `?timeout=` (client-go's 30 s default when the
    // CRD sets none): the same reading as for admission webhooks.
    latencyMs: call.error === 'timeout' ? timeoutMs : null,
    detail: detailOf(reason),
    service: call.url?.service ?? null,
    timeoutMs,
    gvk: { group, version, kind },
    ...endpointOfCall(call),
  });
}

/**
 * The resource name Kubernetes guesses for a kind (`UnsafeGuessKindToResource`): lower case,
 * `s` → `ses`, `y` → `ies`, otherwise `+s`.
 *
 * @example
 * guessPlural('NetworkPolicy'); // 'networkpolicies'
 */
export function guessPlural(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('s')) return `${lower}es`;
  if (lower.endsWith('y')) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}
