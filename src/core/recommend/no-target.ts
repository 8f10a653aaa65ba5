import { explainErrorClass } from '#core/model/error-class.ts';
import type { ServiceRef } from '#core/model/finding.ts';
import type { FindingGroup } from '#core/recommend/aggregate.ts';
import { subjectOf } from '#core/recommend/wording.ts';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Why a group names no endpoint the network could be checked against: a trace with no failure
 * line, a discovery symptom, or a webhook whose log gives only the service (then the catalogue's
 * likely port, marked as inferred, and the command that finds the pods).
 *
 * @example
 * noTargetReason(group, 'sg-0c1a55e7c1a55e7c1'); // 'The log names only the service ...'
 */
export function noTargetReason(group: FindingGroup, peerGroupId: string | null): string {
  const { finding, target } = group;
  if (
    (finding.kind === 'webhook-admission' || finding.kind === 'webhook-conversion') &&
    finding.error === null &&
    finding.traceOutcome !== null
  ) {
    return `A call to ${subjectOf(finding)} took ${finding.latencyMs ?? '?'} ms (${finding.traceOutcome}) and no failure or dialer line names its endpoint, so there is nothing to check against the security groups.`;
  }
  if (finding.kind === 'discovery') {
    const error = finding.error ? ` (${finding.error})` : '';
    return `Discovery of ${finding.name ?? 'an aggregated API'} failed${error}: a symptom of an unavailable APIService. The APIService's own finding, if any, names its endpoint.`;
  }
  const service = target.service;
  if (service && target.port !== null) {
    const guess = target.addons[0];
    const others = [...new Set(target.addons.slice(1).map((a) => a.port))].filter(
      (p) => p !== target.port,
    );
    const addon = guess ? `${guess.addon} pods listen on ${guess.port} by default` : '';
    const more = others.length > 0 ? ` (other releases: ${others.join(', ')})` : '';
    const errorNote =
      finding.error === 'timeout' ? '' : ` ${explainErrorClass(finding.error ?? 'other')}`;
    return `The log names only the service ${serviceText(service)}, not the pod. ${addon}${more} (inferred from the add-on catalogue). ${findPodsHint(service, target.port, peerGroupId)}${errorNote}`;
  }
  return `The log names no endpoint IP and port for this ${subjectOf(finding)} failure, so the security groups cannot be checked.`;
}

function serviceText(service: ServiceRef): string {
  const port = service.port === null ? '' : `:${service.port}`;
  return `${service.namespace}/${service.name}${port}`;
}

function findPodsHint(service: ServiceRef, port: number, peerGroupId: string | null): string {
  const from = peerGroupId ? ` from ${peerGroupId}` : ' from the cluster security group';
  const check = `check that a security group on each pod's network interface admits TCP ${port}${from}`;
  if (!DNS_LABEL.test(service.namespace) || !DNS_LABEL.test(service.name)) {
    return `Find the pods behind the service, then ${check}.`;
  }
  return `Find the pod IPs with: kubectl get endpointslices -n ${service.namespace} -l kubernetes.io/service-name=${service.name}, then ${check} (or run the analysis on logs with the EKS dialer lines).`;
}
