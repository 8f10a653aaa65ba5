import { analyzeGroups } from '#core/analyze.ts';
import type { Finding } from '#core/findings.ts';
import type { AuditCaller, AuditFlow, AuditPlan } from '#core/k8s/audit.ts';
import type { TargetEndpoint } from '#core/k8s/targets.ts';
import type { NetworkModel } from '#core/network/model.ts';
import { matchAddons } from '#core/port-names/addon-match.ts';
import type { FindingGroup } from '#core/recommend/aggregate.ts';
import type { Report, ReportNote } from '#core/report.ts';

/**
 * The audit's verdicts: every flow the control plane opens today (from the Kubernetes API) is
 * judged with the same evaluator and rules as the log analysis, before anything fails. A flow
 * appears once per APIService or webhook that calls it, with `count: 0` (nothing logged) and
 * `target.source: 'kubernetes'`; targets with nothing to check become notes.
 *
 * @example
 * auditReport(auditTargets(controlPlaneTargets(objects)), buildNetworkModel(snapshot)).recommendations;
 */
export function auditReport(plan: AuditPlan, model: NetworkModel): Report {
  const groups = plan.flows.flatMap((flow) => flow.callers.map((caller) => groupOf(flow, caller)));
  const notes: ReportNote[] = plan.unchecked.map((target) => ({
    code: 'audit-unchecked',
    message: `${target.kind} ${target.name}: nothing to check (${target.problems.map((p) => p.message).join('; ') || 'no ready endpoint'})`,
  }));
  return analyzeGroups(groups, model, {}, notes);
}

function groupOf(flow: AuditFlow, caller: AuditCaller): FindingGroup {
  const finding = findingOf(flow, caller);
  return {
    finding,
    target: {
      ip: flow.ip,
      port: flow.port,
      source: 'kubernetes',
      service: null,
      addons: matchAddons({ name: caller.name, service: null }),
    },
    count: 0,
    firstAt: null,
    lastAt: null,
    latencyMs: null,
  };
}

/** What the audit knows of a call, in the shape of a log finding (nothing failed: no error). */
function findingOf(flow: AuditFlow, caller: AuditCaller): Finding {
  const base = {
    name: caller.name,
    host: flow.ip,
    ip: flow.ip,
    port: flow.port,
    error: null,
    latencyMs: null,
    at: null,
    stream: null,
    severity: null,
    detail: `audit: ${endpointText(flow.endpoint)}`,
  };
  const webhook = { service: null, timeoutMs: null, dial: null, traceMs: null, traceOutcome: null };
  switch (caller.kind) {
    case 'apiservice':
      return { ...base, kind: 'apiservice-availability', service: null };
    case 'webhook-admission':
      return {
        ...base,
        ...webhook,
        kind: 'webhook-admission',
        failurePolicy: caller.failurePolicy,
      };
    case 'webhook-conversion':
      return { ...base, ...webhook, kind: 'webhook-conversion', gvk: null };
  }
}

function endpointText(endpoint: TargetEndpoint): string {
  const pod =
    endpoint.podName === null
      ? 'an endpoint'
      : `pod ${endpoint.podNamespace ?? '?'}/${endpoint.podName}`;
  const node = endpoint.nodeName === null ? '' : ` on node ${endpoint.nodeName}`;
  const host = endpoint.hostNetwork ? ' (hostNetwork)' : '';
  const eni = endpoint.podEni ? ` (branch ENI ${endpoint.podEni.eniId})` : '';
  return `${pod}${node}${host}${eni}`;
}
