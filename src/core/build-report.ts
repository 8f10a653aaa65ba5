import { auditGroups, auditNotes } from '#core/k8s/audit-groups.ts';
import { auditTargets } from '#core/k8s/audit-plan.ts';
import { resolveFindingEndpoints } from '#core/k8s/resolve-findings.ts';
import type { ControlPlaneTarget } from '#core/k8s/targets.ts';
import { type ClassifyOptions, classifyEvents } from '#core/logs/classify/classifier.ts';
import type { LogEvent } from '#core/logs/read/records.ts';
import type { Finding } from '#core/model/finding.ts';
import type { Report, ReportNote } from '#core/model/report.ts';
import { buildNetworkModel } from '#core/network/build-model.ts';
import { REPLY_PORTS } from '#core/network/evaluate-nacl.ts';
import { controlPlaneSources } from '#core/network/evaluate-path.ts';
import type { NetworkModel, PortRange } from '#core/network/model.ts';
import type { NetworkSnapshot } from '#core/network/snapshot-schema.ts';
import { aggregateFindings, type FindingGroup, type TargetsOf } from '#core/recommend/aggregate.ts';
import { baselineNotes } from '#core/recommend/baseline.ts';
import { chooseControlPlaneGroup } from '#core/recommend/choose-group.ts';
import { judgeGroup } from '#core/recommend/judge.ts';
import type { JudgeContext } from '#core/recommend/judgement.ts';
import { mergeRules } from '#core/recommend/merge-rules.ts';
import { planNaclFixes, reasonWithAcls } from '#core/recommend/nacl-fixes.ts';
import { checkQuotas, DEFAULT_QUOTA_LIMITS, type QuotaLimits } from '#core/recommend/quotas.ts';
import { modelNotes, reportFindingOf } from '#core/recommend/report-parts.ts';
import { DEFAULT_SENSITIVE_PORTS, type SensitivePort } from '#core/recommend/sensitive-ports.ts';
import { targetOf } from '#core/recommend/target.ts';

/** What the analysis may propose: the sensitive ports and the quotas a fix must fit in. */
export interface AnalysisPolicy {
  /**
   * Ports that get a rule only when a registered APIService or webhook targets them (default
   * {@link DEFAULT_SENSITIVE_PORTS}; an empty list turns the check off).
   */
  readonly sensitivePorts?: readonly SensitivePort[];
  /** The quotas fixes are checked against (default {@link DEFAULT_QUOTA_LIMITS}). */
  readonly limits?: QuotaLimits;
  /**
   * The control plane's source ports, which replies go to through stateless network ACLs
   * (default {@link REPLY_PORTS}: 1024-65535).
   */
  readonly replyPorts?: PortRange;
}

/** Options of {@link analyzeFindings}. */
export interface AnalyzeOptions extends AnalysisPolicy {
  /** The log window analysed, reported as is. */
  readonly window?: { readonly start: string; readonly end: string } | null;
  /**
   * The control-plane targets read from the Kubernetes API, when available: a finding whose log
   * names no pod IP is then judged against the exact ready endpoints of its APIService, webhook
   * or CRD (`source: 'kubernetes'`) instead of the add-on catalogue's guess.
   */
  readonly kubernetes?: readonly ControlPlaneTarget[] | null;
  /**
   * Also judge every flow these targets open today (the audit), not only those that failed in
   * the logs: paths that would fail are reported, with their rules, before anything fails.
   * Flows a log finding already names are not repeated.
   */
  readonly audit?: boolean;
  /**
   * The group that stands for the control plane in new rules (`--control-plane-group`); by
   * default the one the existing node rules use (see `chooseControlPlaneGroup`).
   */
  readonly controlPlaneGroup?: string | null;
}

/**
 * The product's judgement: aggregates the classifier's findings, resolves each endpoint to its
 * network interface, evaluates control plane → endpoint with AWS security-group semantics, and
 * proposes the minimal rules (or says why no security-group change will help), plus notes from
 * the baseline audit. Pure: the same inputs give the same report.
 *
 * @param findings what the classifier found (in log order).
 * @param snapshot a validated network snapshot (see `parseNetworkSnapshot`).
 * @throws never for valid inputs.
 * @example
 * const report = analyzeFindings(classifyEvents(events, { referenceTime: now }), snapshot);
 * report.recommendations[0]; // { action: 'authorize-ingress', groupId: 'sg-...', fromPort: 9443, ... }
 */
export function analyzeFindings(
  findings: readonly Finding[],
  snapshot: NetworkSnapshot,
  options: AnalyzeOptions = {},
): Report {
  return analyzeWithModel(findings, buildNetworkModel(snapshot), options);
}

/**
 * {@link analyzeFindings} straight from log events: classifies them first.
 *
 * @example
 * analyzeLogEvents([{ message: line, stream, timestamp }], snapshot, { referenceTime: clock.now() });
 */
export function analyzeLogEvents(
  events: Iterable<LogEvent>,
  snapshot: NetworkSnapshot,
  options: AnalyzeOptions & ClassifyOptions,
): Report {
  return analyzeFindings(classifyEvents(events, options), snapshot, options);
}

/**
 * {@link analyzeFindings} on an already built model (to analyse several inputs against one
 * snapshot without rebuilding it).
 *
 * @example
 * analyzeWithModel(findings, buildNetworkModel(snapshot));
 */
export function analyzeWithModel(
  findings: readonly Finding[],
  model: NetworkModel,
  options: AnalyzeOptions = {},
): Report {
  const kubernetes = options.kubernetes ?? null;
  const groups =
    kubernetes === null
      ? aggregateFindings(findings)
      : aggregateFindings(findings, kubernetesTargets(findings, kubernetes));
  if (kubernetes === null || options.audit !== true) return analyzeGroups(groups, model, options);
  const plan = auditTargets(kubernetes);
  const named = new Set(groups.map((g) => `${g.finding.name}|${g.target.ip}|${g.target.port}`));
  const audited = auditGroups(plan).filter(
    (g) => !named.has(`${g.finding.name}|${g.target.ip}|${g.target.port}`),
  );
  return analyzeGroups([...groups, ...audited], model, options, auditNotes(plan));
}

/**
 * Judges groups of findings (from the logs, or built by the audit from the Kubernetes API) and
 * writes the report: verdicts, merged minimal rules, notes from the snapshot and the baseline.
 *
 * @example
 * analyzeGroups(aggregateFindings(findings), model).recommendations;
 */
export function analyzeGroups(
  groups: readonly FindingGroup[],
  model: NetworkModel,
  options: AnalyzeOptions = {},
  extraNotes: readonly ReportNote[] = [],
): Report {
  const sources = controlPlaneSources(model);
  const context: JudgeContext = {
    model,
    sources,
    ...controlPlaneGroups(model, options.controlPlaneGroup ?? null),
    sensitivePorts: options.sensitivePorts ?? DEFAULT_SENSITIVE_PORTS,
    replyPorts: options.replyPorts ?? REPLY_PORTS,
  };
  const judged = groups.map((group) => ({ group, judgement: judgeGroup(group, context) }));
  const merged = mergeRules(model, judged);
  const acls = planNaclFixes(model.networkAcls, judged);
  const quotas = checkQuotas(
    model,
    merged.recommendations,
    acls.entries,
    options.limits ?? DEFAULT_QUOTA_LIMITS,
  );
  const notes = [
    ...extraNotes,
    ...modelNotes(model, merged.existing),
    ...quotas.notes,
    ...baselineNotes(model, sources),
  ];
  return {
    cluster: model.cluster.name,
    window: options.window ?? null,
    findings: judged.map(({ group, judgement }, i) =>
      reportFindingOf({
        group,
        judgement: {
          ...judgement,
          reason: [
            reasonWithAcls(judgement.verdict, judgement.reason, acls.sentences[i] ?? ''),
            ...(quotas.sentences.get(i) ?? []),
          ].join(' '),
        },
      }),
    ),
    recommendations: quotas.recommendations,
    ...(model.networkAcls ? { networkAclEntries: quotas.networkAclEntries } : {}),
    notes,
  };
}

/**
 * Targets for findings with no pod IP from the cluster's ready endpoints; everything else keeps
 * the target the logs give.
 */
function kubernetesTargets(
  findings: readonly Finding[],
  targets: readonly ControlPlaneTarget[],
): TargetsOf {
  const resolved = new Map(
    resolveFindingEndpoints(findings, targets)
      .filter((r) => r.status === 'resolved')
      .map((r) => [r.finding, r.endpoints] as const),
  );
  return (finding, index) => {
    const fromLogs = targetOf(finding);
    const endpoints = resolved.get(index);
    if (fromLogs.ip !== null || !endpoints) return [fromLogs];
    return endpoints.map((e) => ({
      ...fromLogs,
      ip: e.ip,
      port: e.port,
      source: 'kubernetes' as const,
    }));
  };
}

/**
 * The group new ingress rules name as their source, and the group that gets new egress rules:
 * the one the user names, else the one the existing rules use (the cluster security group, or
 * the additional group of a private cluster that keeps the cluster group off its nodes).
 */
function controlPlaneGroups(
  model: NetworkModel,
  explicit: string | null,
): {
  peerGroupId: string | null;
  egressGroupId: string | null;
} {
  const { groupId } = chooseControlPlaneGroup(model, explicit);
  return { peerGroupId: groupId, egressGroupId: groupId };
}
