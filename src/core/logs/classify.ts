import type { Finding } from '#core/findings.ts';
import { assembleFindings } from '#core/logs/assemble-findings.ts';
import type { CorrelationSettings, Observation } from '#core/logs/correlate.ts';
import { parseTrace } from '#core/logs/families/trace.ts';
import { mayHoldFinding } from '#core/logs/markers.ts';
import { parseMessage } from '#core/logs/parse-message.ts';
import { type LogEvent, type LogRecord, RecordAssembler } from '#core/logs/records.ts';

/** Options of {@link Classifier}. */
export interface ClassifyOptions {
  /** Epoch ms used for the year of klog headers when no line or event carries a full date. */
  readonly referenceTime: number;
  /** Timeout assumed for calls whose timeout no line states (default 10 000, the webhook default). */
  readonly defaultTimeoutMs?: number;
  /** Dials at least this long are reported as slow (default 1 000 ms). */
  readonly slowDialMs?: number;
}

/**
 * Turns kube-apiserver log events into findings: reassembles multi-line records, recognises
 * each family, pairs EKS dialer lines, joins webhook traces with their failures and ties
 * webhook timeouts that name no pod to the dial that carried them. Feed it with {@link push},
 * then call {@link finish} once.
 *
 * @example
 * const classifier = new Classifier({ referenceTime: clock.now() });
 * for (const line of lines) classifier.push({ message: line });
 * const findings = classifier.finish();
 */
export class Classifier {
  private readonly assembler: RecordAssembler;
  private readonly observations: Observation[] = [];
  private readonly streamEnds = new Map<string | null, number>();
  private readonly settings: CorrelationSettings;
  private readonly emit = (record: LogRecord): void => this.observe(record);

  constructor(options: ClassifyOptions) {
    this.assembler = new RecordAssembler(options.referenceTime);
    this.settings = {
      defaultTimeoutMs: options.defaultTimeoutMs ?? 10_000,
      slowDialMs: options.slowDialMs ?? 1_000,
    };
  }

  /** Adds one event (a CloudWatch event or a text line). */
  push(event: LogEvent): void {
    this.assembler.push(event, this.emit);
  }

  /** Closes the records open in every stream (the next line starts a new record). */
  closeRecords(): void {
    this.assembler.flush(this.emit);
  }

  /** Notes the time of a line that was skipped, so a stream's end in time is known. */
  noteLine(line: string, stream: string | null = null): void {
    const at = this.assembler.timeOfLine(line);
    if (at === null) return;
    const end = this.streamEnds.get(stream);
    if (end === undefined || at > end) this.streamEnds.set(stream, at);
  }

  /** Completes the input and returns the findings in the order their records were written. */
  finish(): Finding[] {
    this.assembler.flush(this.emit);
    this.observations.sort((a, b) => a.seq - b.seq);
    return assembleFindings(this.observations, this.streamEnds, this.settings);
  }

  private observe(record: LogRecord): void {
    if (record.at !== null) {
      const end = this.streamEnds.get(record.stream);
      if (end === undefined || record.at > end) this.streamEnds.set(record.stream, record.at);
    }
    if (!mayHoldFinding(record.text)) return;
    const match =
      record.traceId !== null
        ? (parseTrace(record.head) ?? parseMessage(record.text))
        : parseMessage(record.text);
    if (match.kind === 'none' && !match.trace?.end) return;
    this.observations.push({
      seq: record.seq,
      stream: record.stream,
      at: record.at,
      severity: record.severity,
      match,
      traceEndMs: record.traceEndMs,
    });
  }
}

/**
 * Classifies a whole input at once.
 *
 * @example
 * classifyEvents([{ message: line }], { referenceTime: Date.UTC(2026, 10, 28) });
 */
export function classifyEvents(events: Iterable<LogEvent>, options: ClassifyOptions): Finding[] {
  const classifier = new Classifier(options);
  for (const event of events) classifier.push(event);
  return classifier.finish();
}
