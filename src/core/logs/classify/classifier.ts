import { assembleFindings } from '#core/logs/classify/assemble-findings.ts';
import type { CorrelationSettings, Observation } from '#core/logs/classify/correlate.ts';
import type { MessageMatch } from '#core/logs/grammar/families/match.ts';
import { parseTrace } from '#core/logs/grammar/families/trace.ts';
import { mayHoldFinding } from '#core/logs/grammar/markers.ts';
import { parseMessage } from '#core/logs/grammar/parse-message.ts';
import { type LogEvent, type LogRecord, RecordAssembler } from '#core/logs/read/records.ts';
import type { Finding } from '#core/model/finding.ts';

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
 * Parsed messages kept for reuse: a failing call is logged with the same text again and again
 * (every retry, every few seconds), so most records need no parsing. Bounded in entries and in
 * the length of the texts kept.
 */
const REPEAT_ENTRIES = 1024;
const REPEAT_MAX_CHARS = 2048;

/**
 * What a classifier observed in one part of an input, handed to the classifier that finishes
 * the whole (see {@link Classifier.takePart} and {@link Classifier.absorb}). Plain data: it can
 * cross a worker thread.
 */
export interface ClassifiedPart {
  /** Records the part held (its observations' `seq` count from 0 within the part). */
  readonly records: number;
  readonly observations: readonly Observation[];
  readonly streamEnds: readonly (readonly [string | null, number])[];
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
  private readonly repeats = new Map<string, MessageMatch>();
  /** Records of absorbed parts, which come after this classifier's own. */
  private absorbed = 0;

  /** The options' reference time (a classifier that reads part of the input needs the same). */
  readonly referenceTime: number;

  constructor(options: ClassifyOptions) {
    this.referenceTime = options.referenceTime;
    this.assembler = new RecordAssembler(options.referenceTime);
    this.settings = {
      defaultTimeoutMs: options.defaultTimeoutMs ?? 10_000,
      slowDialMs: options.slowDialMs ?? 1_000,
    };
  }

  /**
   * Adds one event (a CloudWatch event or a text line).
   *
   * @throws Error after {@link absorb}: absorbed parts come after every pushed event.
   */
  push(event: LogEvent): void {
    if (this.absorbed > 0) throw new Error('Classifier.push after absorb: parts come last');
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

  /**
   * Closes the open records and hands over what this classifier observed, for another
   * classifier to {@link absorb}. Used when parts of one input are read in parallel, each part
   * starting at a record boundary; the stream end noted so far goes with it.
   */
  takePart(): ClassifiedPart {
    this.assembler.flush(this.emit);
    return {
      records: this.assembler.records,
      observations: this.observations,
      streamEnds: [...this.streamEnds],
    };
  }

  /**
   * Adds a part read by another classifier from the input that follows everything this one
   * has read (and every part absorbed before). The findings are then those of one classifier
   * that read it all, as long as each part starts at a record boundary.
   */
  absorb(part: ClassifiedPart): void {
    this.assembler.flush(this.emit);
    const base = this.assembler.records + this.absorbed;
    for (const observation of part.observations) {
      this.observations.push({ ...observation, seq: observation.seq + base });
    }
    for (const [stream, at] of part.streamEnds) {
      const end = this.streamEnds.get(stream);
      if (end === undefined || at > end) this.streamEnds.set(stream, at);
    }
    this.absorbed += part.records;
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
        ? (parseTrace(record.head) ?? this.parse(record.text))
        : this.parse(record.text);
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

  /** {@link parseMessage}, reusing the result for a text seen shortly before (it is pure). */
  private parse(text: string): MessageMatch {
    const known = this.repeats.get(text);
    if (known) return known;
    const match = parseMessage(text);
    if (text.length <= REPEAT_MAX_CHARS) {
      if (this.repeats.size >= REPEAT_ENTRIES) this.repeats.clear();
      this.repeats.set(text, match);
    }
    return match;
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
