import type { Finding, ServiceRef } from '#core/model/finding.ts';
import type { TargetSource } from '#core/model/report.ts';
import type { AddonPort } from '#core/port-names/addon-catalogue.ts';
import { matchAddons } from '#core/port-names/addon-match.ts';

/** Where the control plane dialled for a finding, as far as the logs (or the catalogue) say. */
export interface FindingTarget {
  /** The pod or node IP, when a line names it. */
  readonly ip: string | null;
  /** The pod port (or, for a catalogue guess, the add-on's default port); null when unknown. */
  readonly port: number | null;
  readonly source: TargetSource | null;
  /** The webhook's service, when its URL names one. */
  readonly service: ServiceRef | null;
  /** Catalogue entries for the add-on behind the finding. */
  readonly addons: readonly AddonPort[];
}

/**
 * The destination of a finding:
 * - availability, OpenAPI, kubelet: the IP and port of the URL or of the `dial tcp` tail;
 * - discovery: none, except the aggregator proxy's own dial in a DiscoveryManager line;
 * - dial: the dialer line's IP and port;
 * - webhooks: their own IP and port when a `dial tcp` tail names the pod, else the correlated EKS
 *   dialer line, else only the service is known and the port is the catalogue's guess
 *   (`source: 'catalogue'`, no IP);
 * - trace findings name no endpoint.
 *
 * @example
 * targetOf(webhookWithDial).source; // 'dialer'
 */
export function targetOf(finding: Finding): FindingTarget {
  const service = 'service' in finding ? finding.service : null;
  const addons = matchAddons({ name: finding.name, service });
  const none: FindingTarget = { ip: null, port: null, source: null, service, addons };
  switch (finding.kind) {
    case 'dial':
      return { ip: finding.ip, port: finding.port, source: 'dialer', service, addons };
    case 'webhook-admission':
    case 'webhook-conversion': {
      if (finding.ip !== null && finding.port !== null) return direct(finding, service, addons);
      if (finding.dial) {
        const { ip, port } = finding.dial;
        return { ip, port, source: 'dialer', service, addons };
      }
      const guess = addons[0];
      if (service && guess)
        return { ip: null, port: guess.port, source: 'catalogue', service, addons };
      return none;
    }
    default:
      return finding.ip !== null && finding.port !== null ? direct(finding, service, addons) : none;
  }
}

function direct(
  finding: Finding,
  service: ServiceRef | null,
  addons: readonly AddonPort[],
): FindingTarget {
  const host = finding.host?.replace(/^\[(.*)\]$/, '$1') ?? null;
  const source: TargetSource = host === finding.ip ? 'url' : 'dial-tail';
  return { ip: finding.ip, port: finding.port, source, service, addons };
}
