import type { AuditPlan } from '#core/k8s/audit-plan.ts';
import type { ControlPlaneTarget, TargetEndpoint } from '#core/k8s/targets.ts';
import type { Report, Verdict } from '#core/model/report.ts';
import { jsonText, plainText } from '#render/escape.ts';
import { renderReport } from '#render/report/render-report.ts';

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
  return tableOf(result, result.targets, []);
}

/**
 * Past this many flows, `audit` details only what needs action and counts what is fine: a
 * cluster with 5,000 webhooks would otherwise print one paragraph per allowed flow (80,000 lines).
 */
export const AUDIT_DETAIL_LIMIT = 50;

/**
 * The text of `audit`: {@link auditTable} then the report's verdicts and rules. With more than
 * {@link AUDIT_DETAIL_LIMIT} flows it stays readable at any size: the table lists only the
 * targets that need action (a finding that is not `allowed`, or a problem) and one line counts the
 * others; the report details only the findings that are not `allowed` (with every rule and ACL
 * entry) and one line counts the allowed calls. `--format json` keeps everything.
 *
 * @example
 * auditText(result); // 'Cluster prod (eu-west-1): 5001 targets, ...\n5000 call(s) allowed by the security groups ...'
 */
export function auditText(result: AuditResult): string {
  const { report } = result;
  if (report.findings.length <= AUDIT_DETAIL_LIMIT) {
    return `${auditTable(result)}\n${renderReport(report, 'text', { region: result.region })}`;
  }
  const acting = new Set(
    report.findings.filter((f) => f.verdict !== 'allowed').map((f) => f.name ?? ''),
  );
  const shown = result.targets.filter((t) => acting.has(t.name) || t.problems.length > 0);
  const shownSet = new Set(shown);
  const fine = result.targets.length - shown.length;
  const fineLines =
    fine === 0
      ? []
      : [
          '',
          `${fine} other target(s) are fine (${countsOf(result.targets.filter((t) => !shownSet.has(t)).map(kindLabel))}): not listed; --format json lists every target.`,
        ];
  const allowed = report.findings.filter((f) => f.verdict === 'allowed');
  const detailed = actionReport(report);
  const allowedLine = `${allowed.length} call(s) allowed by the security groups${report.networkAclEntries ? ' and network ACLs' : ''} (${countsOf(allowed.map((f) => f.kind))}): not listed; --format json lists every call.`;
  return `${tableOf(result, shown, fineLines)}\n${allowedLine}\n${detailed.findings.length === 0 ? 'Nothing needs action.\n' : renderReport(detailed, 'text', { region: result.region })}`;
}

// The report with only its findings that need action; rule and ACL entry indices follow them.
function actionReport(report: Report): Report {
  const kept = new Map<number, number>();
  report.findings.forEach((finding, i) => {
    if (finding.verdict !== ('allowed' satisfies Verdict)) kept.set(i, kept.size);
  });
  const remap = (indices: readonly number[]): number[] =>
    indices.flatMap((i) => (kept.has(i) ? [kept.get(i) ?? 0] : []));
  return {
    ...report,
    findings: report.findings.filter((f) => f.verdict !== 'allowed'),
    recommendations: report.recommendations.map((r) => ({ ...r, findings: remap(r.findings) })),
    ...(report.networkAclEntries
      ? {
          networkAclEntries: report.networkAclEntries.map((e) => ({
            ...e,
            findings: remap(e.findings),
          })),
        }
      : {}),
  };
}

// `12 validating, 3 apiservice`: the most frequent first.
function countsOf(labels: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([label, count]) => `${count} ${label}`)
    .join(', ');
}

function tableOf(
  result: AuditResult,
  targets: readonly ControlPlaneTarget[],
  after: readonly string[],
): string {
  const { plan } = result;
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
  const header = `Cluster ${result.cluster} (${result.region}): ${result.targets.length} targets, ${plan.flows.length} flows checked (${blocked} blocked calls), ${plan.unchecked.length} with nothing to check.`;
  const table =
    rows.length === 0
      ? [
          result.targets.length === 0
            ? 'No APIService, webhook or conversion webhook calls a service or URL.'
            : 'No target needs action.',
        ]
      : [
          line(COLUMNS),
          line(widths.map((w) => '-'.repeat(w))),
          ...rows.map((r) => line(COLUMNS.map((c) => r[c]))),
        ];
  const policyNote = result.securityGroupPoliciesInstalled ? [] : ['', POLICIES_MISSING];
  const problemLines =
    problems.length === 0 ? [] : ['', 'Problems:', ...problems.map((p) => plainText(p))];
  return `${[plainText(header), '', ...table, ...after, ...policyNote, ...problemLines].join('\n')}\n`;
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
