import type { Writable } from 'node:stream';
import type { QueryProgress } from '#app/pipeline/run-query.ts';

/**
 * One progress line for a running query: window, status, records scanned and matched, bytes.
 *
 * @example
 * progressLine(progress);
 * // 'query 2026-11-28 14:00:00–14:05:00 Running: 120,000 scanned, 42 matched, 35.2 MB'
 */
export function progressLine(progress: QueryProgress): string {
  const from = clock(progress.request.startTime);
  const to = clock(progress.request.endTime);
  const stats = progress.statistics;
  const counts = stats
    ? `: ${count(stats.recordsScanned)} scanned, ${count(stats.recordsMatched)} matched, ${bytes(stats.bytesScanned)}`
    : '';
  return `query ${from}–${to.slice(11)} ${progress.status}${counts}`;
}

/**
 * Writes progress lines to a stream: on a terminal one line rewritten in place, elsewhere a new
 * line only when the text changes.
 *
 * @example
 * const progress = new ProgressWriter(io.stderr);
 * await fetchClusterEvents(deps, request, { onProgress: (p) => progress.update(p) });
 * progress.done();
 */
export class ProgressWriter {
  private last = '';
  private readonly tty: boolean;

  constructor(private readonly stream: Writable) {
    this.tty = (stream as Writable & { isTTY?: boolean }).isTTY === true;
  }

  update(progress: QueryProgress): void {
    const line = progressLine(progress);
    if (line === this.last) return;
    this.last = line;
    this.stream.write(this.tty ? `\r\u001b[2K${line}` : `${line}\n`);
  }

  /** Ends the in-place line on a terminal. */
  done(): void {
    if (this.tty && this.last !== '') this.stream.write('\n');
    this.last = '';
  }
}

function clock(epochSec: number): string {
  return new Date(epochSec * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function bytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
