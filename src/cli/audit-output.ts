import type { AuditPlan } from '#core/k8s/audit.ts';
import type { ControlPlaneTarget, TargetEndpoint } from '#core/k8s/targets.ts';
import { jsonText, plainText } from '#core/render/escape.ts';
import type { Report } from '#core/report.ts';

/** What `audit` found in one cluster. */
export interface AuditResult {
  readonly cluster: string;
  readonly region: string;
  readonly endpoint: string;
  readonly targets: readonly ControlPlaneTarget[];
  readonly plan: AuditPlan;
  /** False when the SecurityGroupPolicy CRD is not installed. */
  readonly securityGroupPoliciesInstalled: boolean;
  /** The verdict on every flow, with the minimal rules (the same report as `analyze`). */
  readonly report: Report;
}

const POLICIES_MISSING =
  'The SecurityGroupPolicy CRD is not installed: no pod has its own security groups.';

/**
 * The audit as one JSON document: the report (`cluster`, `findings` with a verdict per flow and
 * caller, `recommendations`, `notes`, as `analyze --format json` prints them) plus `audit`: the
 * targets with their endpoints, the flows checked and the targets with nothing to check.
 *
 * @example
 * JSON.parse(auditToJson(result)).audit.flows[0]; // { protocol: 'tcp', ip: '10.0.1.145', port: 10251, ... }
 */
export function auditToJson(result: AuditResult): string {
  const notes = result.securityGroupPoliciesInstalled
    ? result.report.notes
    : [
        ...result.report.notes,
        { code: 'security-group-policies-not-installed', message: POLICIES_MISSING },
      ];
  return `${jsonText(
    {
      ...result.report,
      notes,
      audit: {
        region: result.region,
        endpoint: result.endpoint,
        targets: result.targets,
        flows: result.plan.flows,
        unchecked: result.plan.unchecked,
      },
    },
    2,
  )}\n`;
}

const COLUMNS = [
  'KIND',
  'NAME',
  'SERVICE',
  'ENDPOINT',
  'READY',
  'POD',
  'NODE',
  'HOSTNET',
  'POD ENI',
] as const;
type Column = (typeof COLUMNS)[number];
const WIDTH_CAP: Readonly<Record<Column, number>> = {
  KIND: 10,
  NAME: 44,
  SERVICE: 56,
  ENDPOINT: 40,
  READY: 5,
  POD: 56,
  NODE: 44,
  HOSTNET: 7,
  'POD ENI': 22,
};

/**
 * The audit as text for a terminal: a summary line, one row per target endpoint (a target without
 * endpoints gets one row; KIND is `apiservice`, `validating`, `mutating` or `conversion`), then the
 * problems. Text read from the cluster has its control
 * characters replaced.
 *
 * @example
 * auditTable(result); // 'Cluster prod (eu-west-1): 12 targets, 9 flows checked (2 blocked calls), 1 with nothing to check.'
 */
export function auditTable(result: AuditResult): string {
  const { targets, plan } = result;
  const rows = targets.flatMap((target) =>
    target.endpoints.length === 0
      ? [rowOf(target, null)]
      : target.endpoints.map((e) => rowOf(target, e)),
  );
  const widths = COLUMNS.map((c) =>
    Math.min(WIDTH_CAP[c], Math.max(c.length, ...rows.map((r) => plainText(r[c]).length))),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => fitCell(plainText(cell), widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const problems = targets.flatMap((t) =>
    t.problems.map((p) => `  ${t.name} (${kindLabel(t)}): ${p.code}: ${p.message}`),
  );
  const blocked = result.report.findings.filter(
    (f) => f.verdict === 'blocked' || f.verdict === 'nacl-blocked',
  ).length;
  const header = `Cluster ${result.cluster} (${result.region}): ${targets.length} targets, ${plan.flows.length} flows checked (${blocked} blocked calls), ${plan.unchecked.length} with nothing to check.`;
  const table =
    rows.length === 0
      ? ['No APIService, webhook or conversion webhook calls a service or URL.']
      : [
          line(COLUMNS),
          line(widths.map((w) => '-'.repeat(w))),
          ...rows.map((r) => line(COLUMNS.map((c) => r[c]))),
        ];
  const policyNote = result.securityGroupPoliciesInstalled ? [] : ['', POLICIES_MISSING];
  const problemLines =
    problems.length === 0 ? [] : ['', 'Problems:', ...problems.map((p) => plainText(p))];
  return `${[plainText(header), '', ...table, ...policyNote, ...problemLines].join('\n')}\n`;
}

function rowOf(
  target: ControlPlaneTarget,
  endpoint: TargetEndpoint | null,
): Record<Column, string> {
  const service = target.service
    ? `${target.service.namespace}/${target.service.name}:${target.service.port}`
    : target.url
      ? `url ${target.url.host}:${target.url.port}`
      : '-';
  const podName =
    endpoint?.podName == null ? '-' : `${endpoint.podNamespace ?? '?'}/${endpoint.podName}`;
  return {
    KIND: kindLabel(target),
    NAME: target.name,
    SERVICE: service,
    ENDPOINT: endpoint ? `${endpoint.ip}:${endpoint.port}` : '-',
    READY: endpoint ? (endpoint.ready ? 'yes' : 'no') : '-',
    POD: podName,
    NODE: endpoint?.nodeName ?? '-',
    HOSTNET: endpoint?.hostNetwork == null ? '-' : endpoint.hostNetwork ? 'yes' : 'no',
    'POD ENI': endpoint?.podEni?.eniId ?? '-',
  };
}

/** `apiservice`, `validating`, `mutating` or `conversion`: the kind of call, as a person reads it. */
function kindLabel(target: ControlPlaneTarget): string {
  if (target.kind === 'webhook-conversion') return 'conversion';
  return target.configuration?.kind ?? target.kind;
}

function fitCell(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text.padEnd(width);
}
