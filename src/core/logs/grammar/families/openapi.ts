import {
  detailOf,
  endpointOfCall,
  type MessageMatch,
  matchOf,
  readCall,
} from '#core/logs/grammar/families/match.ts';

// The v2 and v3 controllers' `loading OpenAPI spec for %q failed with: %v`, the 1.28+ v2
// controller's `Error updating APIService %q with err: %v`, and the 1.29+ aggregator's
// `klog.Warning` of its downloader error `failed to download %v: %v` (the APIService name; the
// whole message, so that the words inside another family's error text never match).
const OPENAPI =
  /(?:loading OpenAPI spec for "([^"\s]{1,253})" failed with|Error updating APIService "([^"\s]{1,253})" with err|^failed to download (v\d{1,3}(?:alpha\d{1,3}|beta\d{1,3})?\.[a-z0-9.-]{0,253})): /;

/**
 * OpenAPI aggregation failures: `loading OpenAPI spec for "X" failed with: ...` (v2 and v3
 * controllers, including v3's `Error, could not get list of group versions for APIService`),
 * (1.28+) `Error updating APIService "X" with err: ...` and (1.29+) the aggregator's warning
 * `failed to download X: ...`. Only the aggregator proxy's own `error trying to reach service:
 * dial tcp IP:PORT: ...` body names an endpoint; any other body is the backend's answer.
 *
 * @example
 * parseOpenApi('loading OpenAPI spec for "v1beta1.metrics.k8s.io" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: service unavailable')?.error; // 'http-status'
 */
export function parseOpenApi(text: string): MessageMatch | null {
  if (
    !text.includes('OpenAPI spec for "') &&
    !text.includes('Error updating APIService "') &&
    !text.includes('failed to download ')
  ) {
    return null;
  }
  const match = OPENAPI.exec(text);
  if (!match) return null;
  const tail = text.slice(match.index + match[0].length);
  const call = readCall(tail);
  return matchOf({
    kind: 'openapi',
    name: match[1] ?? match[2] ?? match[3] ?? null,
    error: call.error,
    detail: detailOf(tail),
    ...endpointOfCall(call),
  });
}
