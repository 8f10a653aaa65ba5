import { type MessageMatch, matchOf, NO_MATCH } from '#core/logs/grammar/families/match.ts';
import { parseGoDurationMs } from '#core/logs/grammar/go-duration.ts';

const TRACE_ID = /^Trace\[(\d{1,20})\]: /;
const CALL = /^"Call (validating|mutating|conversion) webhook" /;
const NESTED_CALL = /^\["Call (validating|mutating|conversion) webhook" /;
const END = /^\[([^\]\s]{1,40})\] \[([^\]\s]{1,40})\] END\s*$/;
const TOTAL = /\(total time: ([^)\s]{1,40})\)/;
const NESTED_TOTAL = / (\d[^\s]{0,39}) \([\d:.]{1,20}\)\]\s*$/;
const WEBHOOK_FIELD = /(?:^|[ ,])webhook:([^,\s]{1,253})/;
const CRD_FIELD = /(?:^|[ ,])custom-resource-definition:([^,\s]{1,253})/;

/**
 * utiltrace lines of webhook calls: the header `Trace[id]: "Call mutating webhook" ...
 * (total time: 10000ms):` (≥ 1.19) or `(started: ...) (total time: 9.99s):` (≤ 1.18), the nested
 * step `Trace[id]: ["Call mutating webhook" ... 10001ms (12:00:00.000)]`, and the `END`
 * continuation (kind `none`, with its total time). Other traces are `none`.
 *
 * @example
 * parseTrace('Trace[1]: "Call mutating webhook" configuration:c,webhook:w.x,resource:/v1, Resource=pods (10-Jun-2022 02:47:46.217) (total time: 13010ms):')?.latencyMs; // 13010
 */
export function parseTrace(text: string): MessageMatch | null {
  const id = TRACE_ID.exec(text);
  if (!id) return null;
  const traceId = id[1] ?? '';
  const body = text.slice(id[0].length);
  const end = END.exec(body);
  if (end) {
    return matchOf({
      kind: 'none',
      latencyMs: parseGoDurationMs(end[1] ?? ''),
      trace: { id: traceId, call: null, end: true },
    });
  }
  const call = CALL.exec(body) ?? NESTED_CALL.exec(body);
  if (!call) return { ...NO_MATCH, trace: { id: traceId, call: null, end: false } };
  const total = (call[0].startsWith('[') ? NESTED_TOTAL : TOTAL).exec(body);
  const latencyMs = total ? parseGoDurationMs(total[1] ?? '') : null;
  const kind = call[1] as 'validating' | 'mutating' | 'conversion';
  const field = kind === 'conversion' ? CRD_FIELD.exec(body) : WEBHOOK_FIELD.exec(body);
  return matchOf({
    kind: 'trace',
    name: field?.[1] ?? null,
    latencyMs,
    detail: body.trim().slice(0, 600),
    trace: { id: traceId, call: kind, end: false },
  });
}
