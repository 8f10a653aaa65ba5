import type { Finding } from '#core/findings.ts';
import { type ClassifyOptions, classifyEvents } from '#core/logs/classify.ts';
import type { LogEvent } from '#core/logs/records.ts';
import { buildNetworkModel } from '#core/network/build-model.ts';
import { controlPlaneSources } from '#core/network/evaluate-path.ts';
import type { NetworkModel } from '#core/network/model.ts';
import type { NetworkSnapshot } from '#core/network/snapshot-schema.ts';
import { aggregateFindings } from '#core/recommend/aggregate.ts';
import { baselineNotes } from '#core/recommend/baseline.ts';
import { type JudgeContext, judgeGroup } from '#core/recommend/judge.ts';
import { mergeRules } from '#core/recommend/merge-rules.ts';
import { modelNotes, reportFindingOf } from '#core/recommend/report-parts.ts';
import type { Report } from '#core/report.ts';

/** Options of {@link analyzeFindings}. */
export interface AnalyzeOptions {
  /** The log window analysed, reported as is. */
  readonly window?: { readonly start: string; readonly end: string } | null;
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
  const sources = controlPlaneSources(model);
  const context: JudgeContext = { model, sources, ...controlPlaneGroups(model) };
  const judged = aggregateFindings(findings).map((group) => ({
    group,
    judgement: judgeGroup(group, context),
  }));
  const { recommendations, existing } = mergeRules(model, judged);
  const notes = [...modelNotes(model, existing), ...baselineNotes(model, sources)];
  return {
    cluster: model.cluster.name,
    window: options.window ?? null,
    findings: judged.map(reportFindingOf),
    recommendations,
    notes,
  };
}

/**
 * The group new ingress rules name as their source, and the group that gets new egress rules:
 * the cluster security group (on every X-ENI), else a group every X-ENI carries, else the first
 * additional group.
 */
function controlPlaneGroups(model: NetworkModel): {
  peerGroupId: string | null;
  egressGroupId: string | null;
} {
  const { clusterSecurityGroupId, additionalGroupIds } = model.cluster;
  const xenis = model.controlPlaneEnis;
  const onAll = (id: string): boolean => xenis.every((eni) => eni.groupIds.includes(id));
  if (clusterSecurityGroupId !== null && onAll(clusterSecurityGroupId)) {
    return { peerGroupId: clusterSecurityGroupId, egressGroupId: clusterSecurityGroupId };
  }
  const common =
    xenis.length > 0
      ? (xenis[0]?.groupIds.find(onAll) ?? null)
      : (clusterSecurityGroupId ?? additionalGroupIds[0] ?? null);
  return { peerGroupId: common, egressGroupId: common };
}
