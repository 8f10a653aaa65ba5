/**
 * Error classes of the Go error text the kube-apiserver logs after a failed call, and whether a
 * security-group change can fix each. The table order is the match order: first match wins.
 */
export const ERROR_CLASSES = [
  'timeout',
  'refused',
  'no-route',
  'tls',
  'no-endpoints',
  'dns',
  'reset',
  'eof',
  'http-status',
  'other',
] as const;

export type ErrorClass = (typeof ERROR_CLASSES)[number];

/** `yes`: typical of a security group dropping SYNs; `maybe`: routing or NACL; `no`: not the network. */
export type SgFixability = 'yes' | 'maybe' | 'no';

interface ClassRule {
  readonly cls: ErrorClass;
  readonly pattern: RegExp;
}

// `Address is not allowed` comes from the EKS allowlist dialer: the endpoint IP is outside the
// control plane's allowed CIDRs (overlay CNI). It is checked first because no rule can fix it.
// Every pattern is a plain alternation of literals with bounded gaps: linear time on any input.
const RULES: readonly ClassRule[] = [
  { cls: 'other', pattern: /address is not allowed/i },
  {
    cls: 'timeout',
    pattern:
      /i\/o timeout|context deadline exceeded|client\.timeout exceeded|request canceled while waiting for connection|timed out waiting for|tls handshake timeout|timeout awaiting response headers|connection timed out/i,
  },
  { cls: 'refused', pattern: /connection refused/i },
  { cls: 'no-route', pattern: /no route to host|network is unreachable|host is unreachable/i },
  { cls: 'tls', pattern: /x509:|tls:|certificate/i },
  {
    cls: 'no-endpoints',
    pattern:
      /no endpoints available|have no addresses|is not present|no service port|service "[^"\n]{0,253}" not found|cannot find endpoints|cannot find endpointslices|is not listening on port|cannot route to service with clusterip|unsupported service type/i,
  },
  { cls: 'dns', pattern: /no such host|server misbehaving/i },
  { cls: 'reset', pattern: /connection reset by peer|broken pipe/i },
  { cls: 'eof', pattern: /\beof\b/i },
  {
    cls: 'http-status',
    pattern:
      /responsecode: \d{3}|bad status|service unavailable|unable to handle the request|could not find the requested resource|rejected our request|bad gateway|gateway timeout|internal server error|, code \d{3}:/i,
  },
];

const FIXABILITY: Readonly<Record<ErrorClass, SgFixability>> = {
  timeout: 'yes',
  'no-route': 'maybe',
  refused: 'no',
  tls: 'no',
  'no-endpoints': 'no',
  dns: 'no',
  reset: 'no',
  eof: 'no',
  'http-status': 'no',
  other: 'no',
};

const WHY_NOT: Readonly<Record<ErrorClass, string>> = {
  timeout:
    'The call timed out, which is what a security group that drops the SYN looks like from the API server.',
  'no-route':
    'No route to the endpoint: check route tables and network ACLs first; a security group rarely causes this.',
  refused:
    'Connection refused: the packet reached the pod, so the security groups already allow it. Check the service targetPort and that the pod listens on it.',
  tls: 'TLS or certificate error: the connection was made, so no security-group rule is missing. Check the webhook certificate and its CA bundle.',
  'no-endpoints':
    'The service has no ready endpoints (or does not exist), so nothing was dialled. Check the pods behind the service and its selector.',
  dns: 'Name resolution failed before any connection. Check the URL in the webhook or APIService configuration.',
  reset:
    'The connection was reset after it was made, so the security groups allow it. Check MTU, proxies or a mesh sidecar on the pod.',
  eof: 'The connection closed early after it was made, so the security groups allow it. Check a mesh sidecar or the server on the pod.',
  'http-status':
    'The endpoint answered with an HTTP error, so the network path works. Check the pod behind the service.',
  other:
    'This error is not a network timeout, so no security-group rule is proposed. Read the detail for the cause.',
};

/**
 * Classifies the Go error text of a failed call (the text after the URL).
 *
 * Callers should pass the text with URLs and quoted names already removed, so that a path such
 * as `/apis/certificates.example.io` cannot be mistaken for a TLS error.
 *
 * @example
 * classifyError('dial tcp 10.0.1.2:9443: i/o timeout'); // 'timeout'
 */
export function classifyError(text: string): ErrorClass {
  for (const rule of RULES) {
    if (rule.pattern.test(text)) return rule.cls;
  }
  return 'other';
}

/**
 * Whether a security-group change can fix a failure of this class.
 *
 * @example
 * sgFixability('refused'); // 'no'
 */
export function sgFixability(cls: ErrorClass): SgFixability {
  return FIXABILITY[cls];
}

/**
 * One sentence a person can act on: why this class does (or does not) call for a rule.
 *
 * @example
 * explainErrorClass('tls'); // 'TLS or certificate error: ...'
 */
export function explainErrorClass(cls: ErrorClass): string {
  return WHY_NOT[cls];
}
