import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { QueryProgress } from '#app/pipeline/run-query.ts';
import { ProgressWriter, progressLine } from '#cli/query-progress.ts';

const PROGRESS: QueryProgress = {
  queryId: 'q-1',
  status: 'Running',
  statistics: { recordsScanned: 120_000, recordsMatched: 42, bytesScanned: 36_909_875 },
  request: {
    logGroupName: '/aws/eks/demo/cluster',
    queryString: 'q',
    startTime: Date.UTC(2026, 10, 28, 14) / 1000,
    endTime: Date.UTC(2026, 10, 28, 14, 5) / 1000,
    limit: 10_000,
  },
};

function sink(tty: boolean): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  Object.assign(stream, { isTTY: tty });
  return { stream, text: () => text };
}

describe('progressLine', () => {
  it('shows the window, status, records scanned and matched and bytes', () => {
    // Act
    const line = progressLine(PROGRESS);
    // Assess
    expect(line).toBe(
      'query 2026-11-28 14:00:00–14:05:00 Running: 120,000 scanned, 42 matched, 35.2 MB',
    );
  });

  it('shows the status alone before statistics arrive', () => {
    // Act
    const line = progressLine({ ...PROGRESS, status: 'Scheduled', statistics: null });
    // Assess
    expect(line).toBe('query 2026-11-28 14:00:00–14:05:00 Scheduled');
  });
});

describe('ProgressWriter', () => {
  it('writes a new line only when the progress changes, off a terminal', () => {
    // Prepare
    const out = sink(false);
    const writer = new ProgressWriter(out.stream);
    // Act
    writer.update(PROGRESS);
    writer.update(PROGRESS);
    writer.update({ ...PROGRESS, status: 'Complete' });
    writer.done();
    // Assess
    expect(out.text().split('\n')).toHaveLength(3);
  });

  it('rewrites one line in place on a terminal and ends it when done', () => {
    // Prepare
    const out = sink(true);
    const writer = new ProgressWriter(out.stream);
    // Act
    writer.update(PROGRESS);
    writer.update({ ...PROGRESS, status: 'Complete' });
    writer.done();
    // Assess
    const clear = '\r\u001b[2K';
    const complete = progressLine({ ...PROGRESS, status: 'Complete' });
    expect(out.text()).toBe(`${clear}${progressLine(PROGRESS)}${clear}${complete}\n`);
  });
});
