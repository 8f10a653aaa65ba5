import type { ErrorClass } from '#core/model/error-class.ts';
import type { ServiceRef } from '#core/model/finding.ts';
import { ADDON_PORTS } from '#core/port-names/addon-catalogue.ts';

/** An APIService's state as `kubectl describe apiservice`, `get apiservice` or `-o yaml` show it. */
export interface ApiServiceState {
  readonly name: string | null;
  readonly service: ServiceRef | null;
  /** `Available` condition status. */
  readonly available: 'True' | 'False' | 'Unknown';
  readonly reason: string | null;
  readonly message: string | null;
}

// Horizontal white space only (`[ \t]`), bounded: a paste of any size is read in linear time.
const DESCRIBE_NAME = /^Name:[ \t]{1,64}(\S{1,253})[ \t]{0,64}$/m;
const KIND_APISERVICE = /^[ \t]{0,64}kind:[ \t]{1,64}APIService[ \t]{0,64}$/im;
const CONDITIONS = /^[ \t]{1,64}conditions:[ \t]{0,64}$/im;
const SERVICE_BLOCK =
  /^[ \t]{1,64}Service:[ \t]{0,64}\n[ \t]{1,64}Name:[ \t]{1,64}([a-z0-9.-]{1,253})[ \t]{0,64}\n[ \t]{1,64}Namespace:[ \t]{1,64}([a-z0-9.-]{1,63})(?:[ \t]{0,64}\n[ \t]{1,64}Port:[ \t]{1,64}(\d{1,5}))?/im;
const YAML_NAME = /^[ \t]{1,64}name:[ \t]{1,64}(v\d[a-z0-9]{0,20}\.[a-z0-9.-]{1,253})[ \t]{0,64}$/m;
const MESSAGE = /^([ \t]{0,64}(?:-[ \t]{1,64})?)message:[ \t]{1,64}([^\n]{1,4096}?)[ \t]{0,64}$/im;
const REASON = /^[ \t]{0,64}-?[ \t]{0,64}reason:[ \t]{1,64}([A-Za-z]{1,64})[ \t]{0,64}$/im;
const STATUS = /^[ \t]{0,64}-?[ \t]{0,64}status:[ \t]{1,64}"?(True|False|Unknown)"?[ \t]{0,64}$/im;
// `kubectl get apiservice`: NAME  SERVICE  AVAILABLE  AGE, AVAILABLE being `False (Reason)`.
const TABLE_ROW =
  /^(v\d[a-z0-9]{0,20}\.[a-z0-9.-]{1,253})[ \t]{1,200}(?:([a-z0-9.-]{1,63})\/([a-z0-9.-]{1,253})|Local)[ \t]{1,200}(True|False|Unknown)(?: \(([A-Za-z]{1,64})\))?/gm;

/**
 * An APIService's state from what `kubectl describe apiservice`, `kubectl get apiservice -o
 * yaml` or `kubectl get apiservice` printed: the first APIService shown that is not available
 * (else the first shown). Null when the text is none of these.
 *
 * @example
 * readApiServiceState('v1beta1.metrics.k8s.io   kube-system/metrics-server   False (MissingEndpoints)   2d')?.reason; // 'MissingEndpoints'
 */
export function readApiServiceState(text: string): ApiServiceState | null {
  const rows = [...text.matchAll(TABLE_ROW)];
  if (rows.length > 0) {
    const row = rows.find((r) => r[4] !== 'True') ?? rows[0];
    if (row === undefined) return null;
    return {
      name: row[1] ?? null,
      service: row[2] && row[3] ? { namespace: row[2], name: row[3], port: null } : null,
      available: (row[4] ?? 'Unknown') as ApiServiceState['available'],
      reason: row[5] ?? null,
      message: null,
    };
  }
  if (!KIND_APISERVICE.test(text) && !(CONDITIONS.test(text) && REASON.test(text))) {
    return null;
  }
  const service = SERVICE_BLOCK.exec(text);
  const status = STATUS.exec(text);
  return {
    name: DESCRIBE_NAME.exec(text)?.[1] ?? YAML_NAME.exec(text)?.[1] ?? null,
    service: service
      ? {
          name: service[1] ?? '',
          namespace: service[2] ?? '',
          port: service[3] ? Number(service[3]) : null,
        }
      : null,
    available: (status?.[1] ?? 'Unknown') as ApiServiceState['available'],
    reason: REASON.exec(text)?.[1] ?? null,
    message: readMessage(text),
  };
}

/**
 * The condition's message: `describe`'s `Message:` line, or the YAML scalar of `-o yaml`, which
 * kubectl folds over more-indented lines (plain, 'single-' or "double-quoted").
 */
function readMessage(text: string): string | null {
  const match = MESSAGE.exec(text);
  if (!match) return null;
  const keyColumn = (match[1] ?? '').length;
  const parts = [match[2] ?? ''];
  const after = text
    .slice(match.index + match[0].length)
    .split('\n')
    .slice(1);
  for (const line of after) {
    const indent = line.length - line.trimStart().length;
    if (line.trim() === '' || indent <= keyColumn || parts.length >= 64) break;
    parts.push(line.trim());
  }
  const value = parts.join(' ').slice(0, 4096);
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
    return value.slice(1, -1).replaceAll("''", "'");
  }
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }
  return value;
}

/**
 * The error class an `Available=False` reason implies when no message says more, and whether a
 * security-group rule can help (`FailedDiscoveryCheck`: the message decides, so `maybe`).
 *
 * @example
 * reasonClass('MissingEndpoints'); // { error: 'no-endpoints', fix: 'no' }
 */
export function reasonClass(reason: string | null): {
  readonly error: ErrorClass | null;
  readonly fix: 'maybe' | 'no' | 'unknown';
} {
  switch (reason) {
    case 'MissingEndpoints':
    case 'EndpointsNotFound':
    case 'ServiceNotFound':
    case 'ServicePortError':
      return { error: 'no-endpoints', fix: 'no' };
    case 'ServiceAccessError':
    case 'EndpointsAccessError':
      return { error: 'other', fix: 'no' };
    case 'FailedDiscoveryCheck':
      return { error: null, fix: 'maybe' };
    default:
      return { error: null, fix: 'unknown' };
  }
}

/** A client that met the aggregator's own 503 for an aggregated API group. */
export interface UnavailableGroup {
  /** The API group (`metrics.k8s.io`), when the text names it. */
  readonly group: string | null;
  /** The resource asked for (`nodes`), when the text names it. */
  readonly resource: string | null;
  /** The APIService the add-on catalogue knows for the group, or null. */
  readonly apiService: string | null;
}

const UNAVAILABLE =
  /the server is currently unable to handle the request(?: \((?:get|list|watch|create|update|patch|delete|deletecollection) ([a-z0-9-]{1,63})\.([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8})\))?/;
const LINKERD_503 = /HTTP error, status Code \[503\]/;
// kubectl top (1.2x+) when the metrics APIService does not answer.
const METRICS_NOT_AVAILABLE = /Metrics API not available/;

/**
 * The aggregated API a client met a 503 for: `kubectl top` (`Error from server
 * (ServiceUnavailable): the server is currently unable to handle the request (get
 * nodes.metrics.k8s.io)`, newer `error: Metrics API not available`), any client's `ServiceUnavailable` for a `RESOURCE.GROUP`, or linkerd's
 * `HTTP error, status Code [503]` from `linkerd viz tap/top/routes` (the tap APIService). Null
 * for other text.
 *
 * @example
 * readUnavailableGroup('Error from server (ServiceUnavailable): the server is currently unable to handle the request (get nodes.metrics.k8s.io)')?.apiService; // 'v1beta1.metrics.k8s.io'
 */
export function readUnavailableGroup(text: string): UnavailableGroup | null {
  if (LINKERD_503.test(text) && /tap|linkerd/i.test(text)) {
    return { group: 'tap.linkerd.io', resource: null, apiService: apiServiceOf('tap.linkerd.io') };
  }
  if (METRICS_NOT_AVAILABLE.test(text)) {
    return { group: 'metrics.k8s.io', resource: null, apiService: apiServiceOf('metrics.k8s.io') };
  }
  const match = UNAVAILABLE.exec(text);
  if (!match) return null;
  const group = match[2] ?? null;
  return { group, resource: match[1] ?? null, apiService: group ? apiServiceOf(group) : null };
}

function apiServiceOf(group: string): string | null {
  const pattern = /^v\d[a-z0-9]{0,20}\.(.+)$/;
  for (const entry of ADDON_PORTS) {
    for (const name of entry.names) {
      if (pattern.exec(name)?.[1] === group) return name;
    }
  }
  return null;
}
