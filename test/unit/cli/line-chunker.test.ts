import { describe, expect, it } from 'vitest';
import { LineChunker } from '#cli/line-chunker.ts';
import { MAX_LINE_BYTES } from '#core/logs/read/input-limits.ts';

function lines(chunks: readonly Buffer[]): { lines: string[]; cut: number; largest: number } {
  const out: string[] = [];
  let largest = 0;
  const chunker = new LineChunker((run) => {
    largest = Math.max(largest, run.length);
    out.push(run.toString('latin1'));
  });
  for (const chunk of chunks) chunker.push(chunk);
  chunker.end();
  const all = out.join('');
  const split = (all.endsWith('\n') ? all.slice(0, -1) : all).split('\n');
  return { lines: all === '' ? [] : split, cut: chunker.cutLines, largest };
}

describe('LineChunker', () => {
  it('gives whole lines whatever the chunk boundaries, the last one without a newline', () => {
    // Act
    const result = lines([Buffer.from('ab'), Buffer.from('c\nde'), Buffer.from('\n\nf')]);

    // Assess
    expect(result).toEqual({ lines: ['abc', 'de', '', 'f'], cut: 0, largest: 4 });
  });

  it('cuts a line over 1 MiB to 1 MiB, counts it, and never holds more', () => {
    // Prepare: 3 MiB without a newline, then a short line.
    const piece = Buffer.alloc(64 * 1024, 0x61);
    const chunks = [...Array.from({ length: 48 }, () => piece), Buffer.from('\nnext\n')];

    // Act
    const result = lines(chunks);

    // Assess
    expect(result.cut).toBe(1);
    expect(result.lines.map((l) => l.length)).toEqual([MAX_LINE_BYTES, 4]);
    expect(result.largest).toBeLessThanOrEqual(MAX_LINE_BYTES + 1);
  });

  it('cuts long lines inside one large chunk too', () => {
    // Prepare
    const chunk = Buffer.from(`short\n${'b'.repeat(MAX_LINE_BYTES + 10)}\nend`);

    // Act
    const result = lines([chunk]);

    // Assess
    expect(result.cut).toBe(1);
    expect(result.lines.map((l) => l.length)).toEqual([5, MAX_LINE_BYTES, 3]);
  });

  it('cuts endless input without a newline and ends with what it kept', () => {
    // Prepare
    const piece = Buffer.alloc(1 << 20, 0x62);

    // Act
    const result = lines(Array.from({ length: 5 }, () => piece));

    // Assess
    expect(result).toMatchObject({ cut: 1, lines: ['b'.repeat(MAX_LINE_BYTES)] });
  });
});
