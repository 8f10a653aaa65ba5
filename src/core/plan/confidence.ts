import type { FlowSummary } from '#core/plan/connections.ts';
import type { ConfidenceFlag, PlanFlow } from '#core/plan/plan-types.ts';

/**
 * The flags that lower confidence in the whole plan: no flow logs, a window shorter than the
 * minimum, NODATA/SKIPDATA records, IPv6 and ICMP flows, openers told by ports only.
 *
 * @example
 * planConfidence(summary, flows, 7 * 86_400_000, covered).map((f) => f.code); // ['short-window']
 */
export function planConfidence(
  summary: FlowSummary,
  flows: readonly PlanFlow[],
  minWindowMs: number,
  covered: ReadonlySet<string>,
): ConfidenceFlag[] {
  const flags: ConfidenceFlag[] = [];
  if (summary.start === null || summary.end === null) {
    flags.push({
      code: 'no-flow-logs',
      message:
        'no flow-log records: nothing is known to be used, so no rule is narrowed or revoked',
    });
  } else {
    const ms = (summary.end - summary.start) * 1000;
    if (ms < minWindowMs) {
      flags.push({
        code: 'short-window',
        message: `the flow logs cover ${(ms / 86_400_000).toFixed(1)} days, less than the minimum of ${(minWindowMs / 86_400_000).toFixed(1)} (--min-window): rare calls (monthly jobs, certificate rotation, upgrade-time conversions) may be missing`,
      });
    }
  }
  if (summary.noData > 0 || summary.skipData > 0) {
    flags.push({
      code: 'flow-log-gaps',
      message: `${summary.skipData} SKIPDATA record(s) (records dropped: one may stand for many flows) and ${summary.noData} NODATA record(s) in the window`,
    });
  }
  if (flows.some((f) => f.family === 6)) {
    flags.push({
      code: 'ipv6',
      message:
        'IPv6 flows: IPv6 rules are separate rules with their own quota; check both families',
    });
  }
  if (flows.some((f) => f.protocol === 'icmp' || f.protocol === 'icmpv6')) {
    flags.push({
      code: 'icmp',
      message: 'ICMP observed: rules that admit it are kept (path MTU discovery)',
    });
  }
  const byPorts = flows.filter(
    (f) => f.protocol === 'tcp' && f.observed?.initiatorBy === 'ports',
  ).length;
  if (byPorts > 0) {
    flags.push({
      code: 'initiator-by-ports',
      message: `${byPorts} observed flow(s) without TCP flags: who opened them was told from the port numbers (enable-flow-logs writes tcp-flags)`,
    });
  }
  if (covered.size === 0 && summary.start !== null) {
    flags.push({ code: 'no-flow-logs', message: 'the records name no interface' });
  }
  return flags;
}
