import { auditTargets } from '#core/k8s/audit-plan.ts';
import type { ControlPlaneTarget } from '#core/k8s/targets.ts';
import { parseIp } from '#core/network/ip.ts';
import type { NetworkModel } from '#core/network/model.ts';
import { controlPlaneEnds, endOfEni, flowEnd } from '#core/plan/flow-ends.ts';
import type { FlowEnd, PlanFlow, Provenance } from '#core/plan/plan-types.ts';

/** A call the API-server logs show failing for want of a path (timeout), at `ip:port`. */
export interface FailedCall {
  readonly ip: string;
  readonly port: number;
  /** `webhook vingress.elbv2.k8s.aws`. */
  readonly caller: string;
}

/** What the required flows were built from, for the report's notes. */
export interface RequiredFlows {
  readonly flows: readonly PlanFlow[];
  readonly notes: readonly string[];
}

const KIND_NAMES: Readonly<Record<ControlPlaneTarget['kind'], string>> = {
  apiservice: 'APIService',
  'webhook-admission': 'webhook',
  'webhook-conversion': 'conversion webhook of CRD',
};

/**
 * The flows the cluster needs whatever the flow logs say:
 * - documented: every control-plane interface → every node's kubelet (TCP 10250), and every node
 *   → every control-plane interface on TCP 443;
 * - registered: every control-plane interface → each ready endpoint of every APIService, admission
 *   webhook and conversion webhook, on its *target* port (the pod's interface found by address:
 *   a branch ENI for security groups for pods, else the node's);
 * - failed: every control-plane interface → each endpoint the API-server logs show timing out.
 *
 * @example
 * requiredFlows(model, controlPlaneTargets(objects), []).flows.filter((f) => f.provenance.includes('registered'));
 */
export function requiredFlows(
  model: NetworkModel,
  targets: readonly ControlPlaneTarget[] | null,
  failures: readonly FailedCall[],
): RequiredFlows {
  const sources = controlPlaneEnds(model);
  const flows = new Map<string, PlanFlow>();
  const notes: string[] = [];
  const add = (
    destination: FlowEnd,
    port: number,
    provenance: Provenance,
    caller: string | null,
  ) => {
    for (const cp of sources) {
      // An IPv6 endpoint is called from the X-ENI's IPv6 address.
      const v6 = destination.ip?.family === 6 ? cp.eni?.ipv6[0] : undefined;
      const source = v6 && cp.eni ? endOfEni(cp.eni, v6) : cp;
      const key = `${source.ip?.text ?? source.eni?.id ?? 'cp'}|${destination.ip?.text}|${port}`;
      const seen = flows.get(key);
      if (seen) {
        flows.set(key, {
          ...seen,
          provenance: seen.provenance.includes(provenance)
            ? seen.provenance
            : [...seen.provenance, provenance],
          callers:
            caller && !seen.callers.includes(caller) ? [...seen.callers, caller] : seen.callers,
        });
        continue;
      }
      flows.set(key, {
        source,
        destination,
        protocol: 'tcp',
        port,
        family: destination.ip?.family ?? 4,
        provenance: [provenance],
        callers: caller ? [caller] : [],
        observed: null,
        rejected: null,
      });
    }
  };
  const nodes = model.enis.filter((eni) => eni.role === 'node');
  for (const node of nodes) add(endOfEni(node, null), 10250, 'documented', 'kubelet');
  const documentedIn: PlanFlow[] = [];
  for (const node of nodes) {
    for (const cp of sources) {
      if (!cp.eni) continue;
      documentedIn.push({
        source: endOfEni(node, null),
        destination: cp,
        protocol: 'tcp',
        port: 443,
        family: 4,
        provenance: ['documented'],
        callers: ['nodes → Kubernetes API'],
        observed: null,
        rejected: null,
      });
    }
  }
  if (targets === null) {
    notes.push(
      'no registrations given: only the documented minimum and the flow logs are required',
    );
  } else {
    const audit = auditTargets(targets);
    for (const flow of audit.flows) {
      const ip = parseIp(flow.ip);
      if (!ip) continue;
      const destination = flowEnd(model, ip);
      const callers = flow.callers.map((c) => `${KIND_NAMES[c.kind]} ${c.name}`);
      if (!destination.eni) {
        notes.push(
          `${flow.ip}:${flow.port} (${callers.join(', ')}) is on no interface of the snapshot`,
        );
      }
      for (const caller of callers) add(destination, flow.port, 'registered', caller);
    }
    for (const target of audit.unchecked) {
      notes.push(
        `${KIND_NAMES[target.kind]} ${target.name}: no ready endpoint (${target.problems.map((p) => p.message).join('; ') || 'none listed'})`,
      );
    }
  }
  for (const failure of failures) {
    const ip = parseIp(failure.ip);
    if (ip) add(flowEnd(model, ip), failure.port, 'failed', failure.caller);
  }
  return { flows: [...flows.values(), ...documentedIn], notes };
}
