import type { ServiceRef } from '#core/model/finding.ts';
import { ADDON_PORTS, type AddonPort } from '#core/port-names/addon-catalogue.ts';
import { ianaTcpService } from '#core/port-names/iana-services.ts';

/** What identifies the add-on behind a finding: its webhook/APIService name and its service. */
export interface AddonIdentity {
  readonly name: string | null;
  readonly service: ServiceRef | null;
}

/**
 * The catalogue entries for the add-on behind a finding: by service name first (the most
 * specific), else by webhook or APIService name. Several entries mean several candidate ports
 * (e.g. metrics-server) or several add-ons serving the same API (external metrics).
 *
 * @example
 * matchAddons({ name: 'vingress.elbv2.k8s.aws', service: null })[0]?.port; // 9443
 */
export function matchAddons(identity: AddonIdentity): AddonPort[] {
  const { service, name } = identity;
  if (service) {
    const byService = ADDON_PORTS.filter((entry) =>
      entry.services.some(
        (s) =>
          s.name === service.name &&
          (s.namespace === undefined || s.namespace === service.namespace),
      ),
    );
    if (byService.length > 0) return byService;
  }
  if (name === null) return [];
  return ADDON_PORTS.filter((entry) => entry.names.some((pattern) => nameMatches(pattern, name)));
}

/**
 * The catalogue entries whose default port is `port`.
 *
 * @example
 * addonsOnPort(15017).map((e) => e.addon); // ['istiod']
 */
export function addonsOnPort(port: number): AddonPort[] {
  return ADDON_PORTS.filter((entry) => entry.port === port);
}

/**
 * The IANA service name of a TCP port as /etc/services has it, or null.
 *
 * @example
 * ianaServiceName(443); // 'https'
 */
export function ianaServiceName(port: number): string | null {
  return ianaTcpService(port) ?? null;
}

/**
 * A short human name for a port: the add-on behind the finding when the catalogue has it on this
 * port, else the IANA service name, said to be one (`IANA name: pharos` for 4443: a registration
 * that has nothing to do with metrics-server, which listens there), else null. (Other add-ons
 * that merely default to the same port are not named: that would guess.)
 *
 * @example
 * portName(9443, matchAddons({ name: 'vingress.elbv2.k8s.aws', service: null })); // 'AWS Load Balancer Controller'
 * portName(443, []); // 'IANA name: https'
 */
export function portName(port: number, matched: readonly AddonPort[]): string | null {
  const own = matched.find((entry) => entry.port === port);
  if (own) return own.variant ? `${own.addon}, ${own.variant}` : own.addon;
  const iana = ianaServiceName(port);
  return iana === null ? null : ianaLabel(iana);
}

/**
 * How a report shows an IANA service name, so that nobody reads it as the product on the port.
 *
 * @example
 * ianaLabel('pharos'); // 'IANA name: pharos'
 */
export function ianaLabel(name: string): string {
  return `IANA name: ${name}`;
}

function nameMatches(pattern: string, name: string): boolean {
  const starts = pattern.startsWith('*');
  const ends = pattern.endsWith('*') && pattern.length > 1;
  const core = pattern.slice(starts ? 1 : 0, ends ? -1 : undefined);
  if (starts && ends) return name.includes(core);
  if (starts) return name.endsWith(core);
  if (ends) return name.startsWith(core);
  return name === pattern;
}
