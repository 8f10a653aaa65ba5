import { describe, expect, it } from 'vitest';
import { InputError } from '#core/errors.ts';
import { parseLogInput } from '#core/logs/read/log-file.ts';

const LINE = 'E1128 09:00:04.512345      10 remote_available_controller.go:448] x';

describe('parseLogInput', () => {
  it('reads plain text as one event per line', () => {
    // Act
    const input = parseLogInput(`${LINE}\r\nsecond line\n`, 'api.log');

    // Assess
    expect(input).toEqual({
      format: 'text',
      events: [{ message: LINE }, { message: 'second line' }],
      clusters: [],
    });
  });

  it('reads a text line that merely starts with { as text', () => {
    // Act
    const input = parseLogInput('{"level":"info"} not json at all\n', 'api.log');

    // Assess
    expect(input.format).toBe('text');
  });

  it('reads the output of aws logs filter-log-events', () => {
    // Prepare
    const json = JSON.stringify({
      events: [
        {
          logStreamName: 'kube-apiserver-abc',
          timestamp: 1795877688778,
          message: LINE,
          ingestionTime: 1,
          eventId: 'x',
        },
      ],
      searchedLogStreams: [],
    });

    // Act
    const input = parseLogInput(json, 'events.json');

    // Assess
    expect(input).toEqual({
      format: 'filter-log-events',
      events: [{ message: LINE, stream: 'kube-apiserver-abc', timestamp: 1795877688778 }],
      clusters: [],
      accounts: [],
    });
  });

  it('reads the output of aws logs get-query-results with AWS and moto timestamps, and the cluster and account of the log group', () => {
    // Prepare
    const row = (timestamp: string) => [
      { field: '@timestamp', value: timestamp },
      { field: '@logStream', value: 'kube-apiserver-abc' },
      { field: '@log', value: '111122223333:/aws/eks/shop-prod/cluster' },
      { field: '@message', value: LINE },
      { field: '@ptr', value: 'Cm...' },
    ];
    const json = JSON.stringify({
      results: [
        row('2026-11-28 14:54:48.778'),
        row('1795877688778'),
        [{ field: 'count', value: '3' }],
      ],
      status: 'Complete',
    });

    // Act
    const input = parseLogInput(json, 'insights.json');

    // Assess
    expect(input).toEqual({
      format: 'get-query-results',
      events: [
        {
          message: LINE,
          stream: 'kube-apiserver-abc',
          timestamp: Date.UTC(2026, 10, 28, 14, 54, 48, 778),
        },
        { message: LINE, stream: 'kube-apiserver-abc', timestamp: 1795877688778 },
      ],
      clusters: ['shop-prod'],
      accounts: ['111122223333'],
    });
  });

  it.each([
    [
      'JSON of neither shape',
      '{"foo": []}',
      'logs x.json: JSON with neither "events" (aws logs filter-log-events) nor "results" (aws logs get-query-results)',
    ],
    [
      'an event without a message',
      '{"events": [{"timestamp": 1}]}',
      'logs x.json: events[0] has no "message" string',
    ],
    [
      'a result row that is not a list of cells',
      '{"results": [{"field": "@message"}]}',
      'logs x.json: results[0] is not a list of {field, value}',
    ],
    [
      'an unreadable @timestamp',
      '{"results": [[{"field": "@message", "value": "x"}, {"field": "@timestamp", "value": "yesterday"}]]}',
      'logs x.json: results[0]: unrecognised @timestamp "yesterday"',
    ],
  ])('rejects %s with a one-line message', (_what, text, message) => {
    // Act / Assess
    expect(() => parseLogInput(text, 'x.json')).toThrow(new InputError(message));
  });
});
