import { describe, expect, it } from 'vitest';
import {
  API_SERVER_STREAM_FILTER,
  APISERVER_EVENTS_QUERY,
  insightsRegexLiteral,
  isApiServerStream,
  MARKER_FILTER,
} from '#core/insights/apiserver-query.ts';
import { FAMILY_MARKERS, mayHoldFinding } from '#core/logs/grammar/markers.ts';
import { corpusLines } from '#test/helpers/corpus.ts';

/** The body of the `like /.../` regex in the marker filter, read as a JavaScript regex. */
function markerRegex(): RegExp {
  const body = /^@message like \/(.*)\/$/.exec(MARKER_FILTER)?.[1];
  if (body === undefined) throw new Error(`unexpected marker filter: ${MARKER_FILTER}`);
  return new RegExp(body);
}

describe('the API-server events query', () => {
  it('returns time, stream and message of API-server streams, oldest first', () => {
    // Assess
    expect(APISERVER_EVENTS_QUERY.split('\n')).toEqual([
      'fields @timestamp, @logStream, @message',
      `| filter ${API_SERVER_STREAM_FILTER}`,
      `| filter ${MARKER_FILTER}`,
      '| sort @timestamp asc',
    ]);
    expect(API_SERVER_STREAM_FILTER).toBe(
      '@logStream like /^kube-apiserver-/ and @logStream not like /^kube-apiserver-audit-/',
    );
  });

  it('fits the 10,000-character StartQuery limit with room to spare', () => {
    // Assess
    expect(APISERVER_EVENTS_QUERY.length).toBeLessThan(2_000);
  });

  it('matches every family marker of the classifier', () => {
    // Prepare
    const regex = markerRegex();
    // Act
    const missed = FAMILY_MARKERS.filter((marker) => !regex.test(marker));
    // Assess
    expect(missed).toEqual([]);
  });

  it('keeps every corpus line the classifier would look at (never narrower than the markers)', () => {
    // Prepare
    const regex = markerRegex();
    // Act
    const dropped = corpusLines()
      .map((entry) => entry.line)
      .filter((line) => mayHoldFinding(line) && !regex.test(line));
    // Assess
    expect(dropped).toEqual([]);
  });

  it('has no bare slash or quote inside the regex literal', () => {
    // Prepare
    const body = /^@message like \/(.*)\/$/.exec(MARKER_FILTER)?.[1] ?? '';
    // Assess
    expect(body).not.toMatch(/(^|[^\\])\//);
    expect(body).not.toMatch(/["'`]/);
  });
});

describe('insightsRegexLiteral', () => {
  it.each([
    ['] Dialing...', '\\] Dialing\\.\\.\\.'],
    ['webhook" ', 'webhook. '],
    ["couldn't get resource list for ", 'couldn.t get resource list for '],
    ['a/b (c)|[d]*+?^$\\{e}', 'a\\/b \\(c\\)\\|\\[d\\]\\*\\+\\?\\^\\$\\\\\\{e\\}'],
  ])('escapes %j as %j', (text, expected) => {
    // Act
    const escaped = insightsRegexLiteral(text);
    // Assess
    expect(escaped).toBe(expected);
    expect(new RegExp(escaped).test(text)).toBe(true);
  });
});

describe('isApiServerStream', () => {
  it.each([
    ['kube-apiserver-0123456789abcdef0123456789abcdef', true],
    ['kube-apiserver-audit-0123456789abcdef0123456789abcdef', false],
    ['kube-scheduler-0123', false],
    ['authenticator-0123', false],
    [null, true],
  ])('%s: %s', (stream, expected) => {
    // Act
    const kept = isApiServerStream(stream);
    // Assess
    expect(kept).toBe(expected);
  });
});
