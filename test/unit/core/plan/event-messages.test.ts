import { describe, expect, it } from 'vitest';
import { eventMessages } from '#core/plan/event-messages.ts';
import { readFlowLogs } from '#core/plan/flow-input.ts';

const LINE =
  '2 123456789012 eni-1 10.0.0.1 10.0.1.5 40000 443 6 3 180 1700000000 1700000060 ACCEPT OK';

/** What JSON.parse makes of the same text: the events' messages. */
function parsedMessages(text: string): string[] {
  return (JSON.parse(text) as { events: { message: string }[] }).events.map((e) => e.message);
}

describe('eventMessages', () => {
  it.each([
    [
      'compact',
      JSON.stringify({
        events: [
          { logStreamName: 'eni-1-all', timestamp: 1700000000000, message: LINE, eventId: '1' },
          { message: `${LINE} `, ingestionTime: -1.5e3, extra: [true, false, null, { a: [] }] },
        ],
        searchedLogStreams: [{ logStreamName: 'eni-1-all', searchedCompletely: true }],
        nextToken: null,
      }),
    ],
    [
      'pretty-printed, as the AWS CLI writes it',
      JSON.stringify(
        { events: [{ message: LINE, timestamp: 0 }], searchedLogStreams: [] },
        null,
        4,
      ),
    ],
    ['with no events', '{"events": []}'],
  ])('reads the messages of a %s export exactly as JSON.parse does', (_shape, text) => {
    expect(eventMessages(text)).toEqual(parsedMessages(text));
  });

  it.each([
    ['an escape in a string', '{"events":[{"message":"a\\"b"}]}'],
    ['an escape in another field', '{"events":[{"message":"a","x":"\\u0041"}]}'],
    ['a raw control character in a string', '{"events":[{"message":"a\tb"}]}'],
    ['a repeated message key', '{"events":[{"message":"a","message":"b"}]}'],
    ['a repeated events key', '{"events":[{"message":"a"}],"events":[]}'],
    ['an event without a message', '{"events":[{"eventId":"1"}]}'],
    ['a message that is not a string', '{"events":[{"message":1}]}'],
    ['an event that is not an object', '{"events":["a"]}'],
    ['no events', '{"results":[]}'],
    ['a top-level array', '[{"message":"a"}]'],
    ['invalid JSON', '{"events":[{"message":"a"},]}'],
    ['a bad number', '{"events":[{"message":"a","t":01}]}'],
    ['trailing text', '{"events":[]} x'],
    ['an unterminated string', '{"events":[{"message":"a'],
  ])('gives up on %s (the caller then uses JSON.parse)', (_case, text) => {
    expect(eventMessages(text)).toBeNull();
  });

  it('gives up on nesting too deep to scan rather than failing', () => {
    const deep = `{"events":[],"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(eventMessages(deep)).toBeNull();
  });
});

describe('readFlowLogs on exports the scanner gives up on', () => {
  it('reads escaped messages through JSON.parse, and reports invalid JSON and missing messages as before', () => {
    // Act
    const escaped = readFlowLogs(
      `{"events":[{"message":"${LINE.replace('eni-1', 'eni\\u002d1')}"}]}`,
    );
    const invalid = () => readFlowLogs('{"events":[', { label: 'flows.json' });
    const missing = () => readFlowLogs('{"events":[{"eventId":"1"}]}', { label: 'flows.json' });

    // Assess
    expect(escaped[0]?.interfaceId).toBe('eni-1');
    expect(invalid).toThrow(/^flows\.json is not valid JSON/);
    expect(missing).toThrow('flows.json: events[0] has no message');
  });
});
