import { MAX_LINE_BYTES } from '#core/logs/read/input-limits.ts';

/** Chunks larger than this are split first, so a run of whole lines is never longer than the limit. */
const PIECE_BYTES = 256 * 1024;

/**
 * Cuts a byte stream into runs of whole lines for the text scanner, with bounded memory: a line
 * is held across chunks only up to {@link MAX_LINE_BYTES}; the rest of a longer line is dropped
 * unread and the line counted in {@link cutLines}. The last line needs no newline.
 *
 * @example
 * const chunker = new LineChunker((lines) => scanner.pushBytes(lines));
 * for await (const chunk of stream) chunker.push(chunk);
 * chunker.end();
 */
export class LineChunker {
  /** The line being held (at most {@link MAX_LINE_BYTES}), then the next piece read after it. */
  private readonly buffer = Buffer.allocUnsafe(MAX_LINE_BYTES + PIECE_BYTES + 1);
  private filled = 0;
  /** Whether the rest of a cut line is being dropped, up to its newline. */
  private skipping = false;
  /** Lines longer than {@link MAX_LINE_BYTES}, cut to that length. */
  cutLines = 0;

  constructor(private readonly emit: (lines: Buffer) => void) {}

  /** Reads the next bytes; `emit` gets every run of lines they complete (valid during the call). */
  push(chunk: Buffer): void {
    for (let at = 0; at < chunk.length; at += PIECE_BYTES) {
      this.pushPiece(chunk.length > PIECE_BYTES ? chunk.subarray(at, at + PIECE_BYTES) : chunk);
    }
  }

  /** Completes the input: the last line, if it had no newline. */
  end(): void {
    if (this.filled > 0) this.emit(this.buffer.subarray(0, this.filled));
    this.filled = 0;
    this.skipping = false;
  }

  private pushPiece(chunk: Buffer): void {
    let from = 0;
    if (this.skipping || this.filled > 0) {
      // The held line ends at the first newline: cut it if it grows past the limit.
      const newline = chunk.indexOf(0x0a);
      const length = this.filled + (newline === -1 ? chunk.length : newline);
      if (this.skipping || length > MAX_LINE_BYTES) {
        if (!this.skipping) {
          chunk.copy(this.buffer, this.filled, 0, MAX_LINE_BYTES - this.filled);
          this.filled = MAX_LINE_BYTES;
          this.cutLines++;
        }
        this.skipping = newline === -1;
        if (this.skipping) return;
        this.buffer[this.filled] = 0x0a;
        this.emit(this.buffer.subarray(0, this.filled + 1));
        this.filled = 0;
        from = newline + 1;
      }
    }
    chunk.copy(this.buffer, this.filled, from);
    const end = this.filled + chunk.length - from;
    const last = end === 0 ? -1 : this.buffer.lastIndexOf(0x0a, end - 1);
    if (last === -1) {
      this.filled = end;
      return;
    }
    this.emit(this.buffer.subarray(0, last + 1));
    this.buffer.copyWithin(0, last + 1, end);
    this.filled = end - last - 1;
  }
}
