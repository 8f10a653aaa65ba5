import type { ControlPlaneTarget, TargetEndpoint, TargetProblem } from '#core/k8s/targets.ts';
import type { Finding, ServiceRef } from '#core/model/finding.ts';

/** A ready endpoint of a finding's target, as read from the cluster. */
export interface ResolvedEndpoint extends TargetEndpoint {
  readonly source: 'kubernetes';
}

/**
 * What the cluster says about one finding whose log line named no pod IP:
 * - `resolved`: the ready endpoints the API server dials for that APIService or webhook;
 * - `no-ready-endpoint`: the target exists but nothing can be dialled (see `problems`);
 * - `not-in-cluster`: no APIService, webhook or CRD of that name (and service) exists now.
 */
export interface FindingEndpoints {
  /** Index of the finding in the array given to {@link resolveFindingEndpoints}. */
  readonly finding: number;
  readonly status: 'resolved' | 'no-ready-endpoint' | 'not-in-cluster';
  /** The matching targets (two when a webhook name is in a validating and a mutating config). */
  readonly targets: readonly ControlPlaneTarget[];
  /** Ready endpoints of all matching targets, without duplicates. */
  readonly endpoints: readonly ResolvedEndpoint[];
  readonly problems: readonly TargetProblem[];
}

/**
 * For every finding that has no IP (a webhook failure showing only the service URL, a discovery
 * or OpenAPI symptom, an availability error without a dialled address), returns the exact
 * endpoints read from the cluster, matched by kind and name (APIService name, webhook name, CRD
 * name) and, when the finding names one, by service. Findings that carry an IP, and kinds with no
 * control-plane target (dialer and kubelet lines), are left out. Pure; never throws.
 *
 * @example
 * resolveFindingEndpoints(findings, targets)[0];
 * // { finding: 1, status: 'resolved', endpoints: [{ ip: '10.0.2.77', port: 9443, source: 'kubernetes', ... }] }
 */
export function resolveFindingEndpoints(
  findings: readonly Finding[],
  targets: readonly ControlPlaneTarget[],
): FindingEndpoints[] {
  const resolutions: FindingEndpoints[] = [];
  findings.forEach((finding, index) => {
    if (finding.ip !== null) return;
    const matching = targetsOf(finding, targets);
    if (matching === null) return;
    const endpoints = new Map<string, ResolvedEndpoint>();
    for (const target of matching) {
      for (const endpoint of target.endpoints) {
        if (endpoint.ready)
          endpoints.set(`${endpoint.ip}:${endpoint.port}`, { ...endpoint, source: 'kubernetes' });
      }
    }
    const status =
      matching.length === 0
        ? 'not-in-cluster'
        : endpoints.size > 0
          ? 'resolved'
          : 'no-ready-endpoint';
    resolutions.push({
      finding: index,
      status,
      targets: matching,
      endpoints: [...endpoints.values()],
      problems: matching.flatMap((t) => t.problems),
    });
  });
  return resolutions;
}

/** The targets a finding names, or null when the finding's kind has no control-plane target. */
function targetsOf(
  finding: Finding,
  targets: readonly ControlPlaneTarget[],
): ControlPlaneTarget[] | null {
  switch (finding.kind) {
    case 'apiservice-availability':
    case 'openapi':
    case 'discovery':
      if (finding.name === null) return null;
      return targets.filter((t) => t.kind === 'apiservice' && t.name === finding.name);
    case 'webhook-admission':
    case 'webhook-conversion':
      if (finding.name === null && finding.service === null) return null;
      return targets.filter(
        (t) =>
          t.kind === finding.kind &&
          (finding.name === null || t.name === finding.name) &&
          sameService(finding.service, t),
      );
    default:
      return null;
  }
}

function sameService(service: ServiceRef | null, target: ControlPlaneTarget): boolean {
  if (service === null) return true;
  if (target.service === null) return false;
  return (
    target.service.namespace === service.namespace &&
    target.service.name === service.name &&
    (service.port === null || target.service.port === service.port)
  );
}
