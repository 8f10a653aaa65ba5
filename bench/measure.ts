import { Writable } from 'node:stream';

/**
 * The median of the values (the mean of the two middle ones for an even count; 0 when empty).
 *
 * @example
 * median([3, 1, 2]); // 2
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * The range of the values in whole milliseconds, for the notes: `734–1225`.
 *
 * @example
 * spread([900, 734, 1225]); // '734–1225'
 */
export function spread(values: readonly number[]): string {
  return `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
}

/**
 * A stdout that counts what a command writes and keeps nothing.
 *
 * @example
 * const stdout = discard(); await command.run(args, { ...io, stdout }); stdout.bytes;
 */
export function discard(): Writable & { bytes: number } {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      sink.bytes += chunk.length;
      done();
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}
