import {
  type CorrelationSettings,
  correlateDial,
  correlateTrace,
  type Dial,
  dialOutcome,
  type Observation,
  pairDials,
  type Trace,
  traceOutcome,
} from '#core/logs/classify/correlate.ts';
import { toFinding } from '#core/logs/classify/finding-of.ts';
import type {
  DialFinding,
  Finding,
  TraceOutcome,
  WebhookAdmissionFinding,
  WebhookConversionFinding,
} from '#core/model/finding.ts';

const CONVERSION_TIMEOUT_MS = 30_000;

/**
 * Turns the recognised records of an input into findings, in record order: pairs EKS dial lines,
 * joins webhook traces with their failure lines (or makes them findings of their own), ties
 * webhook timeouts that name no pod to the dial that carried them, and drops the companion line
 * of each failing-open call.
 */
export function assembleFindings(
  observations: readonly Observation[],
  streamEnds: ReadonlyMap<string | null, number>,
  settings: CorrelationSettings,
): Finding[] {
  const traces = collectTraces(observations);
  const dials = pairDials(observations);
  const dialsByStream = groupSorted(dials);
  const timeouts = timeoutsByName(observations);
  const outcomeOf = (dial: Dial, timeoutMs = settings.defaultTimeoutMs) =>
    dialOutcome(dial, timeoutMs, streamEnds.get(dial.stream) ?? null, settings);

  const takenTraces = new Set<Trace>();
  const takenDials = new Set<string>();
  const ordered: { seq: number; finding: Finding }[] = [];

  const companions = companionLines(observations);
  for (const obs of observations) {
    const kind = obs.match.kind;
    if (kind === 'dial' || kind === 'trace' || kind === 'none' || companions.has(obs.seq)) continue;
    const finding = toFinding(obs);
    if (finding.kind === 'webhook-admission' || finding.kind === 'webhook-conversion') {
      ordered.push({ seq: obs.seq, finding: enrichWebhook(finding, obs) });
    } else {
      ordered.push({ seq: obs.seq, finding });
    }
  }

  function enrichWebhook<F extends WebhookAdmissionFinding | WebhookConversionFinding>(
    finding: F,
    obs: Observation,
  ): F {
    const byName = traces.get(traceKey(obs.stream, finding.name)) ?? [];
    const trace = correlateTrace(obs.at, byName, takenTraces);
    if (trace) takenTraces.add(trace);
    const timeoutMs =
      finding.timeoutMs ??
      (finding.kind === 'webhook-conversion' ? CONVERSION_TIMEOUT_MS : settings.defaultTimeoutMs);
    const needsDial =
      finding.ip === null && (finding.error === 'timeout' || finding.error === null);
    const dial = needsDial
      ? correlateDial({ at: obs.at, timeoutMs }, dialsByStream.get(obs.stream) ?? [], (d) =>
          outcomeOf(d, timeoutMs),
        )
      : null;
    if (dial) takenDials.add(`${obs.stream ?? ''}\u0000${dial.dialId}`);
    const traceMs = trace?.totalMs ?? null;
    return { ...finding, dial, traceMs, latencyMs: traceMs ?? finding.latencyMs };
  }

  for (const dial of dials) {
    if (takenDials.has(`${dial.stream ?? ''}\u0000${dial.id}`)) continue;
    const outcome = outcomeOf(dial);
    if (outcome === 'ok' || outcome === 'pending') continue;
    const finding: DialFinding = {
      kind: 'dial',
      name: null,
      host: dial.ip,
      ip: dial.ip,
      port: dial.port,
      error: outcome === 'slow' ? null : 'timeout',
      latencyMs: dial.latencyMs,
      at: dial.at,
      stream: dial.stream,
      severity: 'I',
      detail: `[${dial.id}: ${dial.ip}:${dial.port}] ${dial.latencyMs === null ? 'Dialing... (no Dialed in)' : `Dialed in ${dial.latencyMs}ms`}`,
      dialId: dial.id,
      outcome,
    };
    ordered.push({ seq: dial.seq, finding });
  }

  for (const list of traces.values()) {
    for (const trace of list) {
      if (takenTraces.has(trace) || trace.totalMs === null) continue;
      const known = trace.name !== null ? (timeouts.get(trace.name) ?? null) : null;
      const fallback =
        trace.call === 'conversion' ? CONVERSION_TIMEOUT_MS : settings.defaultTimeoutMs;
      const outcome = traceOutcome(trace.totalMs, known, fallback);
      ordered.push({ seq: trace.seq, finding: slowCallOf(trace, trace.totalMs, outcome) });
    }
  }
  return ordered.sort((a, b) => a.seq - b.seq).map((entry) => entry.finding);
}

/**
 * Sequence numbers of the `failed calling webhook "X": ...` lines that only repeat the
 * `Failed calling webhook, failing open X: ...` warning just before them (the apiserver logs a
 * failing-open call twice: a warning, then `HandleError`). One call is one finding.
 */
function companionLines(observations: readonly Observation[]): Set<number> {
  const lastOpen = new Map<string, Observation>();
  const companions = new Set<number>();
  for (const obs of observations) {
    const m = obs.match;
    if (m.kind !== 'webhook-admission') continue;
    const key = traceKey(obs.stream, m.name);
    if (m.failurePolicy === 'Ignore') {
      lastOpen.set(key, obs);
      continue;
    }
    const warning = lastOpen.get(key);
    if (
      m.failurePolicy === null &&
      warning &&
      warning.match.detail === m.detail &&
      (warning.at === null || obs.at === null || Math.abs(obs.at - warning.at) <= 1000)
    ) {
      companions.add(obs.seq);
      lastOpen.delete(key);
    }
  }
  return companions;
}

/** A webhook call known only from its trace (no failure line): slow, or timed out but failing open. */
function slowCallOf(trace: Trace, totalMs: number, outcome: TraceOutcome): Finding {
  const base = {
    name: trace.name,
    host: null,
    ip: null,
    port: null,
    error: null,
    latencyMs: totalMs,
    at: trace.at,
    stream: trace.stream,
    severity: trace.severity,
    detail: trace.detail,
    service: null,
    timeoutMs: null,
    dial: null,
    traceMs: totalMs,
    traceOutcome: outcome,
  };
  return trace.call === 'conversion'
    ? { ...base, kind: 'webhook-conversion', gvk: null }
    : { ...base, kind: 'webhook-admission', failurePolicy: null };
}

function traceKey(stream: string | null, name: string | null): string {
  return `${stream ?? ''}\u0000${name ?? ''}`;
}

/** Webhook traces by stream and name, each with its END total when that came separately. */
function collectTraces(observations: readonly Observation[]): Map<string, Trace[]> {
  const ends = new Map<string, number>();
  for (const obs of observations) {
    const trace = obs.match.trace;
    if (trace?.end && obs.match.latencyMs !== null) {
      ends.set(`${obs.stream ?? ''}\u0000${trace.id}`, obs.match.latencyMs);
    }
  }
  const traces = new Map<string, Trace[]>();
  for (const obs of observations) {
    const trace = obs.match.trace;
    if (!trace || trace.end || trace.call === null || obs.match.kind !== 'trace') continue;
    const totalMs =
      obs.match.latencyMs ??
      obs.traceEndMs ??
      ends.get(`${obs.stream ?? ''}\u0000${trace.id}`) ??
      null;
    const key = traceKey(obs.stream, obs.match.name);
    const list = traces.get(key) ?? [];
    list.push({
      seq: obs.seq,
      stream: obs.stream,
      id: trace.id,
      at: obs.at,
      name: obs.match.name,
      call: trace.call,
      totalMs,
      severity: obs.severity,
      detail: obs.match.detail,
    });
    traces.set(key, list);
  }
  return traces;
}

/** Dials of each stream that carry a time, sorted by start. */
function groupSorted(dials: readonly Dial[]): Map<string | null, Dial[]> {
  const byStream = new Map<string | null, Dial[]>();
  for (const dial of dials) {
    if (dial.at === null) continue;
    const list = byStream.get(dial.stream) ?? [];
    list.push(dial);
    byStream.set(dial.stream, list);
  }
  for (const list of byStream.values()) list.sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
  return byStream;
}

/** The `?timeout=` each webhook name was called with, as seen on its failure lines. */
function timeoutsByName(observations: readonly Observation[]): Map<string, number> {
  const timeouts = new Map<string, number>();
  for (const obs of observations) {
    if (obs.match.name !== null && obs.match.timeoutMs !== null) {
      timeouts.set(obs.match.name, obs.match.timeoutMs);
    }
  }
  return timeouts;
}
