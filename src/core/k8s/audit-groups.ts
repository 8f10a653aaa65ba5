import type { AuditCaller, AuditFlow, AuditPlan } from '#core/k8s/audit-plan.ts';
import type { TargetEndpoint } from '#core/k8s/targets.ts';
import type { Finding } from '#core/model/finding.ts';
import type { ReportNote } from '#core/model/report.ts';
import { matchAddons } from '#core/port-names/addon-match.ts';
import type { FindingGroup } from '#core/recommend/aggregate.ts';

/**
 * The audit's flows as groups the judge takes: one per flow and caller, `count: 0`,
 * `target.source: 'kubernetes'`.
 *
 * @example
 * auditGroups(plan).map((g) => `${g.target.ip}:${g.target.port}`);
 */
export function auditGroups(plan: AuditPlan): FindingGroup[] {
  return plan.flows.flatMap((flow) => flow.callers.map((caller) => groupOf(flow, caller)));
}

/**
 * Notes for the targets the audit could not check (no ready endpoint, a URL by host name).
 *
 * @example
 * auditNotes(plan)[0]?.code; // 'audit-unchecked'
 */
export function auditNotes(plan: AuditPlan): ReportNote[] {
  return plan.unchecked.map((target) => ({
    code: 'audit-unchecked',
    message: `${target.kind} ${target.name}: nothing to check (${target.problems.map((p) => p.message).join('; ') || 'no ready endpoint'})`,
  }));
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
