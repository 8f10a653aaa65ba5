import type { Finding } from '#core/model/finding.ts';
import type { FailedCall } from '#core/plan/required-flows.ts';

/**
 * The calls the classifier's findings show failing for want of a path (`timeout`, `no-route`),
 * at the pod address and port they name (the correlated EKS dial when the log names only the
 * service). Findings without a pod address are left out.
 *
 * @example
 * failedCalls(classifyEvents(events, { referenceTime })); // [{ ip: '10.0.3.200', port: 6443, caller: 'apiservice-availability v1beta1.custom.metrics.k8s.io' }]
 */
export function failedCalls(findings: readonly Finding[]): FailedCall[] {
  const calls = new Map<string, FailedCall>();
  for (const finding of findings) {
    if (finding.error !== 'timeout' && finding.error !== 'no-route') continue;
    const dial = 'dial' in finding ? finding.dial : null;
    const ip = dial?.ip ?? finding.ip;
    const port = dial?.port ?? finding.port;
    if (!ip || port === null || port === undefined) continue;
    const caller = `${finding.kind} ${finding.name ?? ''}`.trim();
    calls.set(`${ip}|${port}|${caller}`, { ip, port, caller });
  }
  return [...calls.values()];
}
