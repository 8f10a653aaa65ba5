import { describe, expect, it } from 'vitest';
import {
  apiServerEventsQuery,
  MAX_QUERY_STREAMS,
  queryStreams,
} from '#core/insights/apiserver-query.ts';
import { selectApiServerStreams } from '#core/insights/stream-selection.ts';

const HOUR = 3_600_000;
const WINDOW = { startSec: 100 * 3600, endSec: 101 * 3600 };
const START = WINDOW.startSec * 1000;
const END = WINDOW.endSec * 1000;

function stream(
  name: string,
  creationTime: number | null = 0,
  lastIngestionTime: number | null = null,
) {
  return { name, creationTime, lastIngestionTime };
}

describe('selectApiServerStreams', () => {
  it('keeps the API-server streams and drops the audit streams', () => {
    // Act
    const names = selectApiServerStreams(
      [stream('kube-apiserver-b'), stream('kube-apiserver-audit-a'), stream('kube-apiserver-a')],
      WINDOW,
    );
    // Assess
    expect(names).toEqual(['kube-apiserver-a', 'kube-apiserver-b']);
  });

  it.each([
    ['created an hour after the window', END + HOUR, null, true],
    ['created an hour and a millisecond after the window', END + HOUR + 1, null, false],
    ['last ingested a day before the window', 0, START - 24 * HOUR, true],
    ['last ingested a day and a millisecond before the window', 0, START - 24 * HOUR - 1, false],
    ['with no times reported', null, null, true],
  ])('keeps a stream %s: %s', (_label, creation, ingestion, kept) => {
    // Act
    const names = selectApiServerStreams([stream('kube-apiserver-a', creation, ingestion)], WINDOW);
    // Assess
    expect(names).toEqual(kept ? ['kube-apiserver-a'] : []);
  });

  it('gives up naming streams (null: the whole group) beyond what one query can name', () => {
    // Prepare
    const many = Array.from({ length: MAX_QUERY_STREAMS + 1 }, (_, i) =>
      stream(`kube-apiserver-${i}`),
    );
    // Act
    const names = selectApiServerStreams(many, WINDOW);
    // Assess
    expect(names).toBeNull();
  });
});

describe('apiServerEventsQuery', () => {
  it('names the streams in a filterIndex command that queryStreams reads back', () => {
    // Act
    const query = apiServerEventsQuery(['kube-apiserver-0a', 'kube-apiserver-1b']);
    // Assess
    expect(query.split('\n')[1]).toBe(
      '| filterIndex @logStream in ["kube-apiserver-0a", "kube-apiserver-1b"]',
    );
    expect(queryStreams(query)).toEqual(['kube-apiserver-0a', 'kube-apiserver-1b']);
  });

  it.each([
    ['no streams', null],
    ['an audit stream', ['kube-apiserver-audit-0a']],
    ['a name that could break out of the string', ['kube-apiserver-0a"] | filter 1=1 | fields x']],
  ])('is the saved query for %s', (_label, streams) => {
    // Act
    const query = apiServerEventsQuery(streams);
    // Assess
    expect(queryStreams(query)).toBeNull();
  });
});
