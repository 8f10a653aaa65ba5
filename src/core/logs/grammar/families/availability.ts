import {
  detailOf,
  endpointOfCall,
  type MessageMatch,
  matchOf,
  readCall,
} from '#core/logs/grammar/families/match.ts';
import type { ServiceRef } from '#core/model/finding.ts';

// `<version>.<group>` (or `v1.` for the core group) followed by the controller's wrapper.
const FAILED_WITH =
  /(?:^|[\s"])(v\d{1,3}(?:alpha\d{1,3}|beta\d{1,3})?\.[a-z0-9.-]{0,253}) failed with: /;
const SERVICE_IN = /service\/([a-z0-9.-]{1,253}) in "([a-z0-9.-]{1,63})"/;
const LISTENING_PORT = /is not listening on port (\d{1,5})/;
const RESOLVING = /error resolving ([a-z0-9.-]{1,63})\/([a-z0-9.-]{1,253}): /;

/**
 * `<apiservice> failed with: <message>` from the availability controller (all versions), and
 * `error resolving NS/NAME: ...` from the aggregator proxy. Null when `text` is neither.
 *
 * @example
 * parseAvailability('v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.0.1.218:4443/apis/metrics.k8s.io/v1beta1: Get "...": dial tcp 10.0.1.218:4443: i/o timeout')?.port; // 4443
 */
export function parseAvailability(text: string): MessageMatch | null {
  if (!text.includes(' failed with: ') && !text.includes('error resolving ')) return null;
  const failed = FAILED_WITH.exec(text);
  if (failed) {
    const name = failed[1] ?? null;
    return parseAvailabilityMessage(text.slice(failed.index + failed[0].length), name);
  }
  const resolving = RESOLVING.exec(text);
  if (resolving) {
    const tail = text.slice(resolving.index + resolving[0].length);
    const call = readCall(tail);
    const service: ServiceRef = {
      namespace: resolving[1] ?? '',
      name: resolving[2] ?? '',
      port: null,
    };
    return matchOf({
      kind: 'apiservice-availability',
      error: call.error,
      detail: detailOf(tail),
      service,
      ...endpointOfCall(call),
    });
  }
  return null;
}

/**
 * The availability condition message (`failing or missing response from URL: ...`,
 * `no response from URL: ...`, `timed out waiting for URL`, the service/endpoints texts) for the
 * APIService `name` (null when the text does not say, as in a status condition).
 *
 * @example
 * parseAvailabilityMessage('endpoints for service/calico-api in "calico-apiserver" have no addresses with port name "apiserver"', null)?.error; // 'no-endpoints'
 */
export function parseAvailabilityMessage(message: string, name: string | null): MessageMatch {
  const call = readCall(message);
  const url = call.url;
  const serviceIn = SERVICE_IN.exec(message);
  const listening = LISTENING_PORT.exec(message);
  const service: ServiceRef | null = serviceIn
    ? {
        name: serviceIn[1] ?? '',
        namespace: serviceIn[2] ?? '',
        port: listening ? Number(listening[1]) : null,
      }
    : (url?.service ?? null);
  return matchOf({
    kind: 'apiservice-availability',
    name,
    error: call.error,
    detail: detailOf(message),
    service,
    ...endpointOfCall(call),
  });
}
