import { compareText } from '#core/k8s/cluster-index.ts';
import type {
  ControlPlaneTarget,
  ControlPlaneTargetKind,
  TargetEndpoint,
  TargetProblem,
} from '#core/k8s/targets.ts';

/**
 * One TCP flow the control plane opens today: from its cross-account ENIs to a ready endpoint,
 * with every target that sends calls there. This is the unit a security-group check judges.
 */
export interface AuditFlow {
  readonly protocol: 'tcp';
  readonly ip: string;
  readonly port: number;
  /** The endpoint as the cluster describes it (pod, node, hostNetwork, branch ENI, policies). */
  readonly endpoint: TargetEndpoint;
  readonly callers: readonly AuditCaller[];
}

/** A target whose calls go to a flow. */
export interface AuditCaller {
  readonly kind: ControlPlaneTargetKind;
  readonly name: string;
  readonly failurePolicy: 'Fail' | 'Ignore' | null;
}

/** A target with no flow to check, and why. */
export interface UncheckedTarget {
  readonly kind: ControlPlaneTargetKind;
  readonly name: string;
  readonly problems: readonly TargetProblem[];
}

/**
 * What an audit has to check. `evaluated` stays false until the security-group evaluator is wired
 * in: this step lists flows, it judges none of them.
 */
export interface AuditPlan {
  readonly evaluated: false;
  readonly flows: readonly AuditFlow[];
  readonly unchecked: readonly UncheckedTarget[];
}

/**
 * The audit seam. Turns control-plane targets into the distinct flows (ready endpoint IP and port)
 * to check, each with the targets that call it, plus the targets with nothing to check (no ready
 * endpoint, a URL by host name). It does not evaluate security groups: the evaluator is to be
 * applied to each `flows[i]` (control plane to `ip:port`/tcp) by the caller. Pure; never throws.
 *
 * @example
 * const plan = auditTargets(controlPlaneTargets(objects));
 * plan.flows.map((f) => `${f.ip}:${f.port}`); // ['10.0.1.145:10251', '10.0.2.77:9443', ...]
 */
export function auditTargets(targets: readonly ControlPlaneTarget[]): AuditPlan {
  const flows = new Map<string, { endpoint: TargetEndpoint; callers: AuditCaller[] }>();
  const unchecked: UncheckedTarget[] = [];
  for (const target of targets) {
    const ready = target.endpoints.filter((e) => e.ready);
    if (ready.length === 0) {
      unchecked.push({ kind: target.kind, name: target.name, problems: target.problems });
      continue;
    }
    const caller = { kind: target.kind, name: target.name, failurePolicy: target.failurePolicy };
    for (const endpoint of ready) {
      const key = `${endpoint.ip}:${endpoint.port}`;
      const flow = flows.get(key);
      if (!flow) flows.set(key, { endpoint, callers: [caller] });
      else if (!flow.callers.some((c) => c.kind === caller.kind && c.name === caller.name)) {
        flow.callers.push(caller);
      }
    }
  }
  return {
    evaluated: false,
    flows: [...flows.values()].map(({ endpoint, callers }) => ({
      protocol: 'tcp',
      ip: endpoint.ip,
      port: endpoint.port,
      endpoint,
      callers,
    })),
    unchecked: unchecked.sort((a, b) => compareText(a.name, b.name)),
  };
}
