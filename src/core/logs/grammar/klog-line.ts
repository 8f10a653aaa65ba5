/**
 * One physical log line split into what came before the klog header (CRI, syslog, RFC 3339,
 * fluent-bit JSON), the header itself (`Lmmdd hh:mm:ss.uuuuuu PID file.go:N] `) and the message.
 * The header is matched unanchored with any padding and any PID; line numbers are never used.
 */

export type Severity = 'I' | 'W' | 'E' | 'F';

/** Month, day and time of day from a klog header (klog writes no year). */
export interface KlogTime {
  readonly month: number;
  readonly day: number;
  readonly msOfDay: number;
}

/** How a header-less line may continue the record before it. */
export type ContinuationMark = 'block-line' | 'block-end' | 'body' | 'trace' | null;

export interface KlogLine {
  readonly severity: Severity | null;
  readonly time: KlogTime | null;
  /** Epoch ms of a full timestamp found before the header (CRI, RFC 3339, fluent-bit `time`). */
  readonly prefixTime: number | null;
  /** True when a klog header (or a bare `file.go:N] `) was found. */
  readonly hasHeader: boolean;
  /** The text after the header, or the whole line (without wrappers) when there is none. */
  readonly message: string;
  readonly continuation: ContinuationMark;
}

// Month/day/time digits, padding, PID, a Go file name of bounded length, a line number.
// Unanchored and without a left boundary: console copies glue text to it (`...CopyW0902 ...`).
const HEADER =
  /([IWEF])(\d\d)(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{6})\s+(\d{1,10}) [\w.-]{1,128}\.go:\d{1,7}\] ?/;
const BARE_FILE = /^[\w.-]{1,128}\.go:\d{1,7}\] ?/;
const CRI =
  /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)) (?:stdout|stderr) [FP] /;
const RFC3339 = /(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d))/;
const TRACE_CONTINUATION = /^Trace\[\d{1,20}\]: (?!")/;
// Prefixes of collectors that wrap continuation lines too: syslog/journald (`Nov 27 16:37:36 host
// proc[1]: `), RFC 3339 + host + process, and `kubectl logs --prefix` (`[pod/name/container] `).
const LINE_PREFIXES: readonly RegExp[] = [
  /^\S{1,8} {1,2}\d{1,2} \d\d:\d\d:\d\d \S{1,255} [^\s:]{1,255}: /,
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d) \S{1,255} [^\s:]{1,255}: /,
  /^\[[\w./-]{1,253}\] /,
];

/**
 * Splits one physical line. Never throws; a line with no header keeps its text as the message.
 *
 * @example
 * parseKlogLine('E0905 14:48:05.380329       1 available_controller.go:524] x failed with: y').message; // 'x failed with: y'
 */
export function parseKlogLine(raw: string): KlogLine {
  let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  let prefixTime: number | null = null;

  if (text.startsWith('{"') || text.startsWith('{ "')) {
    const unwrapped = unwrapJson(text);
    if (unwrapped) {
      text = unwrapped.log;
      prefixTime = unwrapped.time;
    }
  }
  const cri = CRI.exec(text);
  if (cri) {
    prefixTime = parseTimestamp(cri[1] ?? '');
    text = text.slice(cri[0].length);
  }

  const header = HEADER.exec(text);
  if (header) {
    const before = text.slice(0, header.index);
    if (prefixTime === null && before.length > 0) {
      const stamp = RFC3339.exec(before);
      if (stamp) prefixTime = parseTimestamp(stamp[1] ?? '');
    }
    const message = text.slice(header.index + header[0].length);
    return {
      severity: header[1] as Severity,
      time: {
        month: Number(header[2]),
        day: Number(header[3]),
        msOfDay:
          ((Number(header[4]) * 60 + Number(header[5])) * 60 + Number(header[6])) * 1000 +
          Math.floor(Number(header[7]) / 1000),
      },
      prefixTime,
      hasHeader: true,
      message,
      continuation: null,
    };
  }
  const bare = BARE_FILE.exec(text);
  if (bare) {
    return {
      severity: null,
      time: null,
      prefixTime,
      hasHeader: true,
      message: text.slice(bare[0].length),
      continuation: null,
    };
  }
  const content = stripLinePrefix(text);
  return {
    severity: null,
    time: null,
    prefixTime,
    hasHeader: false,
    message: content,
    continuation: continuationOf(content),
  };
}

function stripLinePrefix(text: string): string {
  for (const prefix of LINE_PREFIXES) {
    const match = prefix.exec(text);
    if (match) return text.slice(match[0].length);
  }
  return text;
}

function continuationOf(text: string): ContinuationMark {
  if (text.startsWith(' >')) return 'block-end';
  // klog indents multi-line values with a TAB; journald and some copies turn it into spaces.
  if (text.startsWith('\t') || text.startsWith('  ')) return 'block-line';
  if (text.startsWith(', Header: ') || text.startsWith('Trying to reach: ')) return 'body';
  if (TRACE_CONTINUATION.test(text)) return 'trace';
  return null;
}

function unwrapJson(text: string): { log: string; time: number | null } | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const record = value as Record<string, unknown>;
    const log = record.log;
    if (typeof log !== 'string') return null;
    const time = typeof record.time === 'string' ? parseTimestamp(record.time) : null;
    return { log: log.endsWith('\n') ? log.slice(0, -1) : log, time };
  } catch {
    return null;
  }
}

/**
 * Epoch ms of an RFC 3339 timestamp (nanoseconds truncated), or null.
 *
 * @example
 * parseTimestamp('2022-01-12T12:30:45.777953255+00:00'); // 1641990645777
 */
export function parseTimestamp(text: string): number | null {
  const trimmed = text.replace(/(\.\d{3})\d+/, '$1').replace(' ', 'T');
  const ms = Date.parse(trimmed);
  return Number.isFinite(ms) ? ms : null;
}
