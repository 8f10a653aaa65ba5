import type { ErrorExplanation } from '#core/explain/explanation.ts';
import { explainPackets, readPackets } from '#core/explain/packet.ts';
import {
  type ApiServiceState,
  readApiServiceState,
  readUnavailableGroup,
  reasonClass,
  type UnavailableGroup,
} from '#core/explain/paste.ts';
import { answerStart, dialedAtStart, proxyError } from '#core/logs/grammar/callee-answer.ts';
import { errorOf, type MessageMatch, matchOf } from '#core/logs/grammar/families/match.ts';
import { parseKlogLine } from '#core/logs/grammar/klog-line.ts';
import { parseErrorText, parseMessage } from '#core/logs/grammar/parse-message.ts';
import { explainErrorClass, sgFixability } from '#core/model/error-class.ts';
import type { ServiceRef } from '#core/model/finding.ts';
import { matchAddons } from '#core/port-names/addon-match.ts';
import { DEFAULT_SENSITIVE_PORTS, sensitivePortOf } from '#core/recommend/sensitive-ports.ts';

type Likely = ErrorExplanation['likelyTargetPorts'];

const NOT_A_CALL =
  'This text is not a failed call from the API server to a webhook or aggregated API.';

/**
 * Explains an error text the way the classifier reads it, with the add-on catalogue's likely
 * target port when the text names only the service (the port to open is the pod's, not 443).
 * Also reads what people paste around such errors: `kubectl top`'s ServiceUnavailable, discovery
 * 503s, linkerd's tap 503, `kubectl describe/get apiservice` output and `tcpdump` lines. Never
 * throws; unrecognised text gets kind `none` and an advice line saying so.
 *
 * @example
 * explainError('Internal error occurred: failed calling webhook "x": ... context deadline exceeded').securityGroupFix; // 'yes'
 */
export function explainError(text: string): ErrorExplanation {
  return withSensitiveReview(explainText(text));
}

/**
 * A sensitive port to open that the add-on catalogue does not name for the add-on is held for
 * review, as `analyze` does: the text alone is no registered evidence.
 */
function withSensitiveReview(e: ErrorExplanation): ErrorExplanation {
  const registered = new Set(e.likelyTargetPorts.map((l) => l.port));
  const held = e.portsToOpen.flatMap((port) => {
    const sensitive = sensitivePortOf(port, DEFAULT_SENSITIVE_PORTS);
    return sensitive && !registered.has(port) ? [{ port, name: sensitive.name }] : [];
  });
  if (held.length === 0) return { ...e, reviewPorts: [] };
  const ports = new Set(held.map((h) => h.port));
  return {
    ...e,
    securityGroupFix: e.securityGroupFix === 'yes' ? 'maybe' : e.securityGroupFix,
    portsToOpen: e.portsToOpen.filter((p) => !ports.has(p)),
    reviewPorts: [...ports],
    advice: [
      ...e.advice,
      ...held.map(
        (h) =>
          `Needs review before any rule: TCP ${h.port} is a sensitive port (${h.name}) and no registered APIService or webhook is known to target it. Confirm that the endpoints of the APIService or webhook really use it (kubectl get endpointslices, or 'eks-sg-advisor analyze --kubernetes') before opening it.`,
      ),
    ],
  };
}

function explainText(text: string): ErrorExplanation {
  const lines = text.split(/\r?\n/);
  const packets = readPackets(lines);
  if (packets) return explainPackets(packets);
  const state = readApiServiceState(text);
  if (state) return explainApiService(state);
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  const match = parseText(flat);
  const unavailable = readUnavailableGroup(flat);
  if (unavailable && (match.kind === 'none' || match.kind === 'discovery')) {
    return explainUnavailable(unavailable, match);
  }
  if (match.kind === 'none') {
    const proxied = readProxyError(flat);
    if (proxied) return proxied;
  }
  return explainMatch(match, null);
}

// A paste that is a klog line: its header first (after white space, a CRI or RFC 3339 time).
const KLOG_START =
  /^[ \t]{0,64}(?:\d{4}-\d\d-\d\dT[\d:.]{8,18}(?:Z|[+-]\d\d:?\d\d)[ \t]{1,8}(?:(?:stdout|stderr) [FP] )?)?[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6}[ \t]{1,64}\d{1,10} [\w.-]{1,128}\.go:\d{1,7}\]/;

/**
 * A paste that starts with a klog header is read as the classifier reads that line (its
 * message); any other text as an error text, so a log line quoted inside an answer is never
 * taken for the paste.
 */
function parseText(flat: string): MessageMatch {
  const line = KLOG_START.test(flat) ? parseKlogLine(flat) : null;
  if (line?.hasHeader) {
    const match = parseMessage(line.message);
    if (match.kind !== 'none') return match;
  }
  return parseErrorText(flat);
}

const PROXY_START = /(?:^|[\s:(])((?:e|E)rror trying to reach service: )/;

/**
 * The aggregator proxy's own `error trying to reach service: <err>` (a 503 a client such as
 * kubectl met for an aggregated API): the API server itself failed to reach the backend, so a
 * `dial tcp IP:PORT` in it is the API server's dial (the one exception to a callee's answer).
 */
function readProxyError(flat: string): ErrorExplanation | null {
  const start = PROXY_START.exec(flat);
  // Inside a callee's answer (a denial, an HTTP error body) it is the callee's, not the proxy's.
  if (!start?.[1] || answerStart(flat) <= start.index) return null;
  const err = proxyError(flat.slice(start.index + start[0].length - start[1].length));
  if (err === null) return null;
  const dialed = dialedAtStart(err);
  const match = matchOf({
    kind: 'apiservice-availability',
    error: errorOf(err),
    ip: dialed?.ip ?? null,
    host: dialed?.ip ?? null,
    port: dialed?.port ?? null,
  });
  const explained = explainMatch(match, null);
  const at = dialed ? ` at ${dialed.ip}:${dialed.port}` : '';
  return {
    ...explained,
    kind: 'apiservice-proxy',
    what: `The API server's aggregator proxy could not reach the backend of an aggregated API${at} (its own 503 error trying to reach service).`,
  };
}

function explainMatch(match: MessageMatch, service: ServiceRef | null): ErrorExplanation {
  const likely = likelyPorts(match.name, match.service ?? service);
  const fix = match.error === null ? 'unknown' : sgFixability(match.error);
  const advice: string[] = [];
  if (match.kind === 'none') advice.push(NOT_A_CALL);
  else if (match.error !== null) {
    advice.push(explainErrorClass(match.error));
    if (fix !== 'no') advice.push(...portAdvice(match.ip, match.port, likely));
  }
  return {
    kind: match.kind,
    name: match.name,
    service: match.service ?? service,
    what: whatFailed(match),
    endpoint: { ip: match.ip, host: match.host, port: match.port },
    error: match.error,
    securityGroupFix: fix,
    likelyTargetPorts: likely,
    portsToOpen: fix === 'no' || fix === 'unknown' ? [] : portsOf(match.ip, match.port, likely),
    advice,
  };
}

function whatFailed(match: MessageMatch): string {
  const name = match.name ?? '(name not shown)';
  switch (match.kind) {
    case 'webhook-admission':
      return `The API server's call to the admission webhook ${name} failed.`;
    case 'webhook-conversion':
      return `The API server's call to the conversion webhook of ${name} failed.`;
    case 'apiservice-availability':
      return `The API server's availability check of the APIService ${name} failed.`;
    case 'openapi':
      return `The API server could not download the OpenAPI spec of the APIService ${name}.`;
    case 'discovery':
      return `Discovery of the aggregated API ${name} failed.`;
    case 'kubelet':
      return 'The API server could not reach a kubelet (logs, exec, port-forward).';
    default:
      return 'Nothing in this text is a failed call from the API server.';
  }
}

function explainUnavailable(group: UnavailableGroup, match: MessageMatch): ErrorExplanation {
  const name = match.kind === 'discovery' ? match.name : group.apiService;
  const likely = likelyPorts(name, null);
  const api = group.group ?? name?.replace(/^v\d[a-z0-9]*\./, '') ?? null;
  const asked = group.resource && group.group ? ` (${group.resource}.${group.group})` : '';
  const apiService = name ?? `the APIService of ${api ?? 'this API group'}`;
  return {
    kind: match.kind === 'discovery' ? 'discovery' : 'apiservice-availability',
    name,
    service: null,
    what: `The aggregated API ${api ?? '(group not shown)'}${asked} is unavailable: the API server's aggregator answers it with 503 Service Unavailable because ${apiService} is not Available, so no call reaches its backend.`,
    endpoint: { ip: null, host: null, port: null },
    error: 'http-status',
    securityGroupFix: 'maybe',
    likelyTargetPorts: likely,
    portsToOpen: likely.map((l) => l.port),
    advice: [
      `This 503 is the API server's own answer, not the backend's: the APIService is marked unavailable. Its condition says why: run kubectl get apiservice ${name ?? '<name>'} -o jsonpath='{.status.conditions[?(@.type=="Available")].message}' and explain that message. A timeout there is what a missing security-group rule looks like; no endpoints, refused or TLS errors are not.`,
      timeoutPortAdvice(likely),
    ],
  };
}

function explainApiService(state: ApiServiceState): ErrorExplanation {
  const named = state.name ? `The APIService ${state.name}` : 'The APIService';
  if (state.available === 'True') {
    return {
      kind: 'apiservice-availability',
      name: state.name,
      service: state.service,
      what: `${named} is available: nothing failed.`,
      endpoint: { ip: null, host: null, port: null },
      error: null,
      securityGroupFix: 'no',
      likelyTargetPorts: [],
      portsToOpen: [],
      advice: ['The APIService is Available=True: no rule is needed for it.'],
    };
  }
  if (state.message) {
    const match = parseErrorText(state.message);
    if (match.kind !== 'none') return explainMatch({ ...match, name: state.name }, state.service);
  }
  const implied = reasonClass(state.reason);
  const likely = likelyPorts(state.name, state.service);
  const reason = state.reason ? ` (${state.reason})` : '';
  return {
    kind: 'apiservice-availability',
    name: state.name,
    service: state.service,
    what: `${named} is not available${reason}.`,
    endpoint: { ip: null, host: null, port: null },
    error: implied.error,
    securityGroupFix: implied.fix,
    likelyTargetPorts: likely,
    portsToOpen: implied.fix === 'maybe' ? likely.map((l) => l.port) : [],
    advice: [
      implied.error !== null
        ? explainErrorClass(implied.error)
        : `${state.reason ?? 'The condition'} alone does not say why the check failed: its Message does (kubectl describe apiservice ${state.name ?? '<name>'}). Explain that message: a timeout there is what a missing security-group rule looks like.`,
      ...(implied.fix === 'maybe' ? [timeoutPortAdvice(likely)] : []),
    ],
  };
}

function likelyPorts(name: string | null, service: ServiceRef | null): Likely {
  return dedupe(matchAddons({ name, service }).map((a) => ({ addon: a.addon, port: a.port })));
}

function portsOf(ip: string | null, port: number | null, likely: Likely): number[] {
  if (ip !== null && port !== null) return [port];
  return [...new Set(likely.map((l) => l.port))];
}

function timeoutPortAdvice(likely: Likely): string {
  return likely.length > 0
    ? `If it is a timeout, open the backend pod's target port from the cluster security group: by default ${likely.map((l) => `${l.port} (${l.addon})`).join(', ')}; the Message's URL names the exact one.`
    : "If it is a timeout, open the backend pod's target port from the cluster security group: the Message's URL names it.";
}

function portAdvice(ip: string | null, port: number | null, likely: Likely): string[] {
  if (ip !== null && port !== null) {
    return [
      `The API server dialled ${ip}:${port}: the security groups of the network interface that owns ${ip} must admit TCP ${port} from the cluster security group. Run 'eks-sg-advisor analyze' with a network snapshot to get the exact rule.`,
    ];
  }
  const ports = likely.map((l) => `${l.port} (${l.addon})`).join(', ');
  return [
    likely.length > 0
      ? `The text names the service port, not the pod's: the API server dials the pod's target port, by default ${ports}. Open that port, not the service port, from the cluster security group.`
      : 'The text names the service port, not the pod: find the target port with kubectl get endpointslices and open that port from the cluster security group.',
  ];
}

function dedupe<T extends { readonly addon: string; readonly port: number }>(
  items: readonly T[],
): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = `${item.addon}:${item.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
