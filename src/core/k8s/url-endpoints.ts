import { isIP } from 'node:net';
import type { TargetEndpoint, TargetProblem, UrlTarget } from '#core/k8s/targets.ts';

/** A webhook URL, and the endpoint it names when its host is an IP address. */
export interface UrlEndpoints {
  readonly url: UrlTarget | null;
  readonly endpoints: readonly TargetEndpoint[];
  readonly problems: readonly TargetProblem[];
}

/**
 * Reads a webhook's `clientConfig.url`. An IP host is the endpoint itself (port 443 unless the URL
 * says otherwise); a loopback IP is the API server calling itself (no VPC path); a DNS name is
 * reported with its host and port, since Kubernetes does not know which address it resolves to.
 * Never throws.
 *
 * @example
 * urlEndpoints('https://10.0.9.4:8443/validate', 'x').endpoints[0]?.port; // 8443
 */
export function urlEndpoints(url: string, owner: string): UrlEndpoints {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return {
      url: null,
      endpoints: [],
      problems: [{ code: 'url-invalid', message: `${owner} has a URL that does not parse` }],
    };
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = parsed.port === '' ? 443 : Number(parsed.port);
  const target: UrlTarget = { host, port, path: parsed.pathname };
  if (isIP(host) === 0) {
    return {
      url: target,
      endpoints: [],
      problems: [
        {
          code: 'url-hostname',
          message: `${owner} calls https://${host}:${port} by name: Kubernetes does not know its address`,
        },
      ],
    };
  }
  if (isLoopback(host)) {
    return {
      url: target,
      endpoints: [],
      problems: [
        {
          code: 'url-loopback',
          message: `${owner} calls a loopback address (${host}:${port}): no path through the VPC to check`,
        },
      ],
    };
  }
  return {
    url: target,
    endpoints: [
      {
        ip: host,
        port,
        ready: true,
        podNamespace: null,
        podName: null,
        nodeName: null,
        hostNetwork: null,
        podEni: null,
        securityGroupPolicies: [],
      },
    ],
    problems: [],
  };
}

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}
