import { parseKlogLine } from '#core/logs/grammar/klog-line.ts';
import { parseMessage } from '#core/logs/grammar/parse-message.ts';
import { MAX_RECORD_CHARS } from '#core/logs/read/records.ts';
import type { LineVerdict } from '#core/model/finding.ts';

/**
 * Judges one physical line on its own, as `classify --all` prints it: a continuation line of a
 * multi-line record is usually `none` (an `END` trace line keeps its total time). Never throws.
 *
 * @example
 * classifyLine('I0902 21:15:22.665800 1 dialer.go:35] [96df57175088ac5: 10.212.128.231:9443] Dialing...');
 * // { kind: 'dial', name: null, host: '10.212.128.231', ip: '10.212.128.231', port: 9443, error: null, latencyMs: null }
 */
export function classifyLine(line: string): LineVerdict {
  const bounded = line.length > MAX_RECORD_CHARS ? line.slice(0, MAX_RECORD_CHARS) : line;
  const parsed = parseKlogLine(bounded);
  const text = parsed.continuation === 'block-line' ? parsed.message.trimStart() : parsed.message;
  const match = parseMessage(text);
  return {
    kind: match.kind,
    name: match.name,
    host: match.host,
    ip: match.ip,
    port: match.port,
    error: match.error,
    latencyMs: match.latencyMs,
  };
}
