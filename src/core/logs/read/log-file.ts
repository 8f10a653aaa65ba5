import { LogInputReader } from '#core/logs/read/log-input-reader.ts';
import type { ExportFormat } from '#core/logs/read/record-lists.ts';
import type { LogEvent } from '#core/logs/read/records.ts';

/** The events of a log file, its detected format, and the clusters its log groups name. */
export interface LogInput {
  readonly format: 'text' | ExportFormat;
  readonly events: LogEvent[];
  /** Cluster names from `/aws/eks/<cluster>/cluster` log groups the input names (`@log`). */
  readonly clusters: string[];
  /** Accounts of those log groups, when `@log` names one (`<account>:/aws/eks/...`). */
  readonly accounts?: string[];
}

/**
 * Reads a whole log text in any of the three accepted formats: plain text lines, the JSON output
 * of `aws logs filter-log-events` (`{"events": [{logStreamName, timestamp, message}]}`) or of
 * `aws logs get-query-results` (`{"results": [[{field, value}]]}`, `@timestamp` either
 * `YYYY-MM-DD HH:MM:SS.mmm` UTC as AWS writes it or epoch ms as moto does). The JSON is read by
 * the same {@link LogInputReader} as a streamed file, so both accept and refuse the same inputs;
 * a text that stops being JSON before a record list opens (JSON lines, a line that starts with
 * `{`) is read as text lines.
 *
 * @throws InputError naming the file when it is JSON of neither shape, a truncated or malformed
 *   export, or a row is malformed.
 * @example
 * parseLogInput('{"events":[{"message":"E0101 ...","logStreamName":"kube-apiserver-1","timestamp":1}]}', 'x.json').format; // 'filter-log-events'
 */
export function parseLogInput(text: string, label: string): LogInput {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!/^[ \t\r\n]*[{[]/.test(body)) return textInput(body);
  const events: LogEvent[] = [];
  const reader = new LogInputReader(label, (event) => events.push(event));
  reader.push(new TextEncoder().encode(body));
  const summary = reader.finish();
  if (summary === 'not-json') return textInput(body);
  return { format: summary.format, events, clusters: summary.clusters, accounts: summary.accounts };
}

function textInput(text: string): LogInput {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return { format: 'text', events: lines.map((message) => ({ message })), clusters: [] };
}
