import { MAX_LINE_BYTES } from '#core/logs/input-limits.ts';

const NEWLINE = Buffer.from('\n');
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
  private readonly carry = Buffer.allocUnsafe(MAX_LINE_BYTES);
  private carried = 0;
  private over = false;
  /** Lines longer than {@link MAX_LINE_BYTES}, cut to that length. */
  cutLines = 0;

  constructor(private readonly emit: (lines: Buffer) => void) {}

  /** Reads the next bytes; `emit` gets every run of lines they complete (valid during the call). */
  push(chunk: Buffer): void {
    if (chunk.length > PIECE_BYTES) {
      for (let at = 0; at < chunk.length; at += PIECE_BYTES) {
        this.pushPiece(chunk.subarray(at, at + PIECE_BYTES));
      }
      return;
    }
    this.pushPiece(chunk);
  }

  /** Completes the input: the last line, if it had no newline. */
  end(): void {
    if (this.carried > 0) this.emit(Buffer.from(this.carry.subarray(0, this.carried)));
    this.carried = 0;
    this.over = false;
  }

  private pushPiece(chunk: Buffer): void {
    let from = 0;
    if (this.carried > 0 || this.over) {
      const newline = chunk.indexOf(0x0a);
      if (newline === -1) {
        this.hold(chunk);
        return;
      }
      this.hold(chunk.subarray(0, newline));
      this.emit(Buffer.concat([this.carry.subarray(0, this.carried), NEWLINE]));
      this.carried = 0;
      this.over = false;
      from = newline + 1;
    }
    const last = chunk.lastIndexOf(0x0a);
    if (last >= from) {
      this.emit(chunk.subarray(from, last + 1));
      from = last + 1;
    }
    if (from < chunk.length) this.hold(chunk.subarray(from));
  }

  private hold(bytes: Buffer): void {
    const room = MAX_LINE_BYTES - this.carried;
    if (bytes.length > room && !this.over) {
      this.over = true;
      this.cutLines++;
    }
    const kept = Math.min(room, bytes.length);
    bytes.copy(this.carry, this.carried, 0, kept);
    this.carried += kept;
  }
}
