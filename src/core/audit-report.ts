import { analyzeGroups } from '#core/build-report.ts';
import { auditGroups, auditNotes } from '#core/k8s/audit-groups.ts';
import type { AuditPlan } from '#core/k8s/audit-plan.ts';
import type { Report } from '#core/model/report.ts';
import type { NetworkModel } from '#core/network/model.ts';

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
  return analyzeGroups(auditGroups(plan), model, {}, auditNotes(plan));
}
