import type { Classifier } from '#core/logs/classify/classifier.ts';
import { parseKlogLine } from '#core/logs/grammar/klog-line.ts';
import { scanPattern } from '#core/logs/grammar/markers.ts';

const MAX_CONTINUATION_LINES = 256;

/** Receives what a {@link TextScanner} keeps: groups of lines that may form findings. */
export interface GroupSink {
  /** One line that hit a scan literal and the header-less lines that follow it, in order. */
  group(lines: readonly string[]): void;
  /** The input ended; `lastLine` is its last non-empty line (its time ends the stream). */
  end(lastLine: string): void;
}

/**
 * A sink that feeds groups straight into a classifier: each group's lines are pushed and its
 * record closed, and the last line dates the end of the stream.
 */
export function classifierSink(classifier: Classifier): GroupSink {
  return {
    group(lines) {
      for (const message of lines) classifier.push({ message });
      classifier.closeRecords();
    },
    end(lastLine) {
      classifier.closeRecords();
      if (lastLine) classifier.noteLine(lastLine);
    },
  };
}

/** A piece of whole lines: `scan` is searched, `line(start, end)` gives the real line text. */
interface Piece {
  readonly scan: string;
  line(start: number, end: number): string;
}

/**
 * The fast path of the classifier for large plain-text logs (one stream). Instead of parsing
 * every line, it scans whole pieces for the family literals and keeps only the lines that hit
 * plus the header-less lines that follow them (the rest of their records); everything else is
 * skipped unparsed. Fed to a classifier, the findings are the same as pushing every line (a test
 * checks this on a generated log); only the work differs.
 *
 * Bytes are scanned as Latin-1 (one character per byte, so offsets are byte offsets and the
 * ASCII literals cannot appear inside a UTF-8 sequence); only the lines kept are decoded as UTF-8.
 *
 * @example
 * const scanner = new TextScanner(classifierSink(classifier));
 * scanner.pushBytes(bufferOfWholeLines);
 * scanner.end();
 * const findings = classifier.finish();
 */
export class TextScanner {
  private readonly pattern = scanPattern();
  /** The group still open at the end of the last piece (its record may go on in the next). */
  private open: string[] | null = null;
  private lastLine = '';

  constructor(private readonly sink: GroupSink) {}

  /** Scans `text`, which must hold whole lines (split on `\n`; a trailing `\n` is optional). */
  push(text: string): void {
    this.scanPiece({ scan: text, line: (start, end) => text.slice(start, end) });
  }

  /** Scans UTF-8 `bytes` holding whole lines (as {@link push}). */
  pushBytes(bytes: Buffer): void {
    const scan = bytes.toString('latin1');
    this.scanPiece({ scan, line: (start, end) => bytes.toString('utf8', start, end) });
  }

  /** Completes the input. */
  end(): void {
    if (this.open) this.sink.group(this.open);
    this.open = null;
    this.sink.end(this.lastLine);
  }

  private scanPiece(piece: Piece): void {
    const text = piece.scan;
    if (text.length === 0) return;
    let consumed = 0;
    if (this.open) consumed = this.follow(piece, 0, this.open);
    for (const start of this.hitLineStarts(text)) {
      if (start < consumed) continue;
      const end = lineEnd(text, start);
      consumed = this.follow(piece, end + 1, [piece.line(start, end)]);
    }
    const lastEnd = text.endsWith('\n') ? text.length - 1 : text.length;
    const lastStart = text.lastIndexOf('\n', lastEnd - 1) + 1;
    if (lastEnd > lastStart) this.lastLine = piece.line(lastStart, lastEnd);
  }

  /** Adds the header-less lines from `from` on to `group`; returns the offset after them. */
  private follow(piece: Piece, from: number, group: string[]): number {
    const text = piece.scan;
    let next = from;
    while (next < text.length && group.length <= MAX_CONTINUATION_LINES) {
      const end = lineEnd(text, next);
      const line = piece.line(next, end);
      if (parseKlogLine(line).hasHeader) break;
      group.push(line);
      next = end + 1;
    }
    if (next >= text.length && group.length <= MAX_CONTINUATION_LINES) {
      this.open = group;
    } else {
      this.open = null;
      this.sink.group(group);
    }
    return next;
  }

  /** Starts of the lines where a scan literal occurs, in order, each once. */
  private hitLineStarts(text: string): number[] {
    const starts: number[] = [];
    const pattern = this.pattern;
    pattern.lastIndex = 0;
    for (let hit = pattern.exec(text); hit; hit = pattern.exec(text)) {
      starts.push(text.lastIndexOf('\n', hit.index - 1) + 1);
      // One hit per line is enough: go on after this line.
      const end = text.indexOf('\n', hit.index);
      if (end === -1) break;
      pattern.lastIndex = end + 1;
    }
    return starts;
  }
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline === -1 ? text.length : newline;
}
