import {
  detailOf,
  endpointOf,
  errorOf,
  type MessageMatch,
  matchOf,
} from '#core/logs/families/match.ts';
import { findUrl } from '#core/logs/url.ts';

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
  const url = findUrl(reason);
  const tail = url ? reason.slice(url.end) : reason;
  return matchOf({
    kind: 'webhook-conversion',
    name: group ? `${guessPlural(kind)}.${group}` : guessPlural(kind),
    error: errorOf(url ? tail : reason),
    detail: detailOf(reason),
    service: url?.service ?? null,
    timeoutMs: url?.timeoutMs ?? null,
    gvk: { group, version, kind },
    ...endpointOf(url, tail),
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
