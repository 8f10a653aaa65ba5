import {
  detailOf,
  endpointOf,
  errorOf,
  type MessageMatch,
  matchOf,
} from '#core/logs/families/match.ts';

const OPENAPI =
  /(?:loading OpenAPI spec for "([^"\s]{1,253})" failed with|Error updating APIService "([^"\s]{1,253})" with err): /;

/**
 * OpenAPI aggregation failures: `loading OpenAPI spec for "X" failed with: ...` and (1.28+)
 * `Error updating APIService "X" with err: ...`. The proxy's `error trying to reach service:
 * dial tcp IP:PORT: ...` body names the resolved endpoint.
 *
 * @example
 * parseOpenApi('loading OpenAPI spec for "v1beta1.metrics.k8s.io" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: service unavailable')?.error; // 'http-status'
 */
export function parseOpenApi(text: string): MessageMatch | null {
  if (!text.includes('OpenAPI spec for "') && !text.includes('Error updating APIService "')) {
    return null;
  }
  const match = OPENAPI.exec(text);
  if (!match) return null;
  const tail = text.slice(match.index + match[0].length);
  return matchOf({
    kind: 'openapi',
    name: match[1] ?? match[2] ?? null,
    error: errorOf(tail),
    detail: detailOf(tail),
    ...endpointOf(null, tail),
  });
}
