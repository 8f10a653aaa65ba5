import type { Observation } from '#core/logs/classify/correlate.ts';
import type { Finding } from '#core/model/finding.ts';

type DirectFinding = Exclude<Finding, { kind: 'dial' }>;

/**
 * The finding of one recognised failure record (every kind but `dial`, which comes from
 * correlation). Correlation fields start empty. Objects are written out field by field, not
 * spread: this runs once per finding and spreading made it the slowest step of a large run.
 *
 * @throws Error when called with a `dial`, `trace` or `none` observation (a programming error).
 */
export function toFinding(obs: Observation): DirectFinding {
  const m = obs.match;
  switch (m.kind) {
    case 'apiservice-availability':
      return {
        kind: m.kind,
        name: m.name,
        host: m.host,
        ip: m.ip,
        port: m.port,
        error: m.error,
        latencyMs: m.latencyMs,
        at: obs.at,
        stream: obs.stream,
        severity: obs.severity,
        detail: m.detail,
        service: m.service,
      };
    case 'openapi':
    case 'discovery':
    case 'kubelet':
      return {
        kind: m.kind,
        name: m.name,
        host: m.host,
        ip: m.ip,
        port: m.port,
        error: m.error,
        latencyMs: m.latencyMs,
        at: obs.at,
        stream: obs.stream,
        severity: obs.severity,
        detail: m.detail,
      };
    case 'webhook-admission':
      return {
        kind: m.kind,
        name: m.name,
        host: m.host,
        ip: m.ip,
        port: m.port,
        error: m.error,
        latencyMs: m.latencyMs,
        at: obs.at,
        stream: obs.stream,
        severity: obs.severity,
        detail: m.detail,
        service: m.service,
        timeoutMs: m.timeoutMs,
        failurePolicy: m.failurePolicy,
        dial: null,
        traceMs: null,
        traceOutcome: null,
      };
    case 'webhook-conversion':
      return {
        kind: m.kind,
        name: m.name,
        host: m.host,
        ip: m.ip,
        port: m.port,
        error: m.error,
        latencyMs: m.latencyMs,
        at: obs.at,
        stream: obs.stream,
        severity: obs.severity,
        detail: m.detail,
        service: m.service,
        timeoutMs: m.timeoutMs,
        gvk: m.gvk,
        dial: null,
        traceMs: null,
        traceOutcome: null,
      };
    default:
      throw new Error(`toFinding: ${m.kind} records are built by correlation`);
  }
}
