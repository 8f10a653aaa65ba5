import { detailOf, errorOf, type MessageMatch, matchOf } from '#core/logs/families/match.ts';

const GROUP_VERSION = String.raw`(?:([a-z0-9.-]{1,253})\/)?(v\d{1,3}(?:alpha\d{1,3}|beta\d{1,3})?)`;
const DISCOVERY = new RegExp(
  String.raw`(?:couldn't get resource list for |unable to retrieve the complete list of server APIs: |failed to discover some groups: map\["?)${GROUP_VERSION}"?: ?"?`,
);

/**
 * Discovery symptoms of an unavailable aggregated API: `couldn't get resource list for G/V: ...`,
 * `unable to retrieve the complete list of server APIs: G/V: ...`, `failed to discover some
 * groups: map[G/V: ...]`. They name the APIService (`V.G`) but never an endpoint.
 *
 * @example
 * parseDiscovery("couldn't get resource list for metrics.k8s.io/v1beta1: the server is currently unable to handle the request")?.name; // 'v1beta1.metrics.k8s.io'
 */
export function parseDiscovery(text: string): MessageMatch | null {
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
    error: errorOf(tail),
    detail: detailOf(tail),
  });
}
