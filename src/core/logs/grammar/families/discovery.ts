import {
  detailOf,
  endpointOfCall,
  type MessageMatch,
  matchOf,
  readCall,
} from '#core/logs/grammar/families/match.ts';

const GROUP_VERSION = String.raw`(?:([a-z0-9.-]{1,253})\/)?(v\d{1,3}(?:alpha\d{1,3}|beta\d{1,3})?)`;
const DISCOVERY = new RegExp(
  String.raw`(?:couldn't get resource list for |unable to retrieve the complete list of server APIs: |failed to discover some groups: map\["?)${GROUP_VERSION}"?: ?"?`,
);

// kube-aggregator 1.26.0–1.28.1, Info level: `DiscoveryManager: Failed to download discovery for
// %v: %v %s` with the APIService's service (`<ns>/<name>:<service port>`), the response code
// and the body the aggregator's handler wrote.
const MANAGER =
  /DiscoveryManager: Failed to download discovery for ([a-z0-9.-]{1,63})\/([a-z0-9.-]{1,253}):(\d{1,5}): (\d{3}) ?/;

/**
 * Discovery symptoms of an unavailable aggregated API: `couldn't get resource list for G/V: ...`,
 * `unable to retrieve the complete list of server APIs: G/V: ...`, `failed to discover some
 * groups: map[G/V: ...]`. They name the APIService (`V.G`) but never an endpoint.
 *
 * @example
 * parseDiscovery("couldn't get resource list for metrics.k8s.io/v1beta1: the server is currently unable to handle the request")?.name; // 'v1beta1.metrics.k8s.io'
 */
export function parseDiscovery(text: string): MessageMatch | null {
  if (text.includes('DiscoveryManager: Failed to download discovery for '))
    return parseManager(text);
  if (
    !text.includes('resource list for ') &&
    !text.includes('list of server APIs: ') &&
    !text.includes('discover some groups: ')
  ) {
    return null;
  }
  const match = DISCOVERY.exec(text);
  if (!match) return null;
  const group = match[1] ?? '';
  const tail = text.slice(match.index + match[0].length);
  return matchOf({
    kind: 'discovery',
    name: `${match[2] ?? ''}.${group}`,
    error: readCall(tail).error,
    detail: detailOf(tail),
  });
}

/**
 * The aggregated discovery manager's failure (1.26.0–1.28.1). The body is the backend's answer
 * (`http-status`), unless it is the aggregator proxy's own `error trying to reach service: ...`,
 * whose dial names the endpoint. The line names the service, not the APIService.
 *
 * @example
 * parseDiscovery('DiscoveryManager: Failed to download discovery for kube-system/metrics-server:443: 503 error trying to reach service: dial tcp 10.0.1.7:10250: i/o timeout')?.port; // 10250
 */
function parseManager(text: string): MessageMatch | null {
  const match = MANAGER.exec(text);
  if (!match) return null;
  const body = text.slice(match.index + match[0].length);
  // Read as the OpenAPI downloader's `ResponseCode: N, Body: B`, the same response.
  const call = readCall(`ResponseCode: ${match[4]}, Body: ${body}`);
  return matchOf({
    kind: 'discovery',
    error: call.error,
    detail: detailOf(text.slice(match.index + 'DiscoveryManager: '.length)),
    service: { namespace: match[1] ?? '', name: match[2] ?? '', port: Number(match[3]) },
    ...endpointOfCall(call),
  });
}
