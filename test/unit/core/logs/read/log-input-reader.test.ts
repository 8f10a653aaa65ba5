import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '#core/errors.ts';
import { MAX_LINE_BYTES } from '#core/logs/read/input-limits.ts';
import { newScan, valueEnd } from '#core/logs/read/json-extent.ts';
import { LogInputReader } from '#core/logs/read/log-input-reader.ts';
import type { LogEvent } from '#core/logs/read/records.ts';

const LINE = 'E1128 09:00:04.512345      10 remote_available_controller.go:448] x';
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

interface Read {
  readonly result: unknown;
  readonly events: LogEvent[];
}

/** What the reader gives for `bytes` cut at `cuts`: its summary, 'not-json', or the InputError. */
function read(bytes: Uint8Array, cuts: readonly number[] = []): Read {
  const events: LogEvent[] = [];
  const reader = new LogInputReader('in.json', (event) => events.push(event));
  let from = 0;
  try {
    for (const cut of [...cuts, bytes.length].sort((a, b) => a - b)) {
      reader.push(bytes.subarray(from, Math.max(from, cut)));
      from = Math.max(from, cut);
    }
    return { result: reader.finish(), events };
  } catch (error) {
    if (error instanceof InputError) return { result: error, events };
    throw error;
  }
}

function row(message: string, timestamp = '2026-11-28 14:54:48.778') {
  return [
    { field: '@timestamp', value: timestamp },
    { field: '@logStream', value: 'kube-apiserver-abc' },
    { field: '@log', value: '111122223333:/aws/eks/shop-prod/cluster' },
    { field: '@message', value: message },
  ];
}

const TRUNCATED = JSON.stringify({ results: [row('a'), row('b')] }).slice(0, -9);

describe('LogInputReader', () => {
  it('reads get-query-results output cut anywhere, escapes and multi-byte characters included', () => {
    // Prepare
    const message = `${LINE} "quoted" \\ back\\slash ünïcødé 日本 \u2028`;
    const bytes = encode(
      JSON.stringify({
        results: [row(message), row('b', '1795877688778')],
        status: 'Complete',
        statistics: { recordsMatched: 2, recordsScanned: 9, bytesScanned: 1e3 },
      }),
    );

    // Act
    const results = Array.from({ length: bytes.length }, (_, cut) => read(bytes, [cut]));

    // Assess
    for (const { result, events } of results) {
      expect(result).toEqual({
        format: 'get-query-results',
        clusters: ['shop-prod'],
        accounts: ['111122223333'],
        cutMessages: 0,
      });
      expect(events.map((e) => e.message)).toEqual([message, 'b']);
    }
  });

  it('hands each event on as soon as its element is complete', () => {
    // Prepare
    const events: LogEvent[] = [];
    const reader = new LogInputReader('e.json', (event) => events.push(event));
    const first = JSON.stringify({ logStreamName: 's', timestamp: 5, message: LINE });

    // Act
    reader.push(encode(`{"events": [${first},`));

    // Assess
    expect(events).toEqual([{ message: LINE, stream: 's', timestamp: 5 }]);
  });

  it.each([
    ['JSON lines', '{"kind":"Event"}\n{"kind":"Event"}\n'],
    ['a line that merely starts with {', '{"level":"info"} not json at all\n'],
    ['plain text', `${LINE}\r\nsecond line\n`],
  ])('says %s is not JSON (to be read as text)', (_, text) => {
    // Act
    const { result, events } = read(encode(text), [1, 7]);

    // Assess
    expect(result).toBe('not-json');
    expect(events).toEqual([]);
  });

  it.each([
    [
      'a results list cut mid-array',
      TRUNCATED,
      new RegExp(
        `^logs in\\.json: truncated JSON export: the input ends at byte ${TRUNCATED.length} inside "results" after 1 complete elements$`,
      ),
    ],
    [
      'an events list cut after a comma',
      '{"events": [{"message": "a"},',
      /^logs in\.json: truncated JSON export: the input ends at byte 29 inside "events" after 1 complete elements$/,
    ],
    [
      'an object cut before its list',
      '{"status": "Complete", "resu',
      /^logs in\.json: truncated JSON export: the input ends at byte 28$/,
    ],
    [
      'an export with garbage in its list',
      '{"events": [{"message": "a"}, nope]}',
      /^logs in\.json: malformed JSON export at byte 30 \(inside "events" after 1 complete elements\)$/,
    ],
    [
      'two concatenated exports',
      '{"events": []}\n{"events": []}',
      /^logs in\.json: malformed JSON export at byte 15/,
    ],
    ['a row that is not a list', '{"results": [5]}', /results\[0\] is not a list/],
    ['a bad @timestamp', JSON.stringify({ results: [row('a', 'yesterday')] }), /@timestamp/],
    ['an event without a message', '{"events": [{"message": 1}]}', /events\[0\] has no "message"/],
    ['neither shape', '{"status": "Complete"}', /neither "events"/],
    ['results that are not a list', '{"results": {"a": 1}}', /neither "events"/],
    [
      'two record lists',
      '{"results": [], "events": []}',
      /second record list \("events" after "results"\)/,
    ],
    ['a repeated record list', '{"events": [], "events": []}', /second record list/],
    [
      'an unfinished query',
      '{"results": [], "status": "Running"}',
      /status is "Running".*incomplete/,
    ],
  ])('refuses %s with one line naming the problem', (_, text, message) => {
    // Act
    const { result } = read(encode(text), [2, 13]);

    // Assess
    expect(result).toBeInstanceOf(InputError);
    expect((result as InputError).message).toMatch(message);
  });

  it('refuses a JSON value over 8 MiB without holding more of it', () => {
    // Prepare
    const reader = new LogInputReader('big.json', () => undefined);
    reader.push(encode('{"events": [{"message": "'));
    const piece = new Uint8Array(1 << 20).fill(0x61);

    // Act
    const pushAll = (): void => {
      for (let i = 0; i < 9; i++) reader.push(piece);
    };

    // Assess
    expect(pushAll).toThrow(/a JSON value at byte 12 is over 8 MiB/);
  });

  it('cuts a message over 1 MiB to 1 MiB and counts it', () => {
    // Prepare
    const long = `${LINE} ${'y'.repeat(MAX_LINE_BYTES)}`;
    const bytes = encode(JSON.stringify({ events: [{ message: long }, { message: LINE }] }));

    // Act
    const { result, events } = read(bytes, [100_000]);

    // Assess
    expect(result).toMatchObject({ format: 'filter-log-events', cutMessages: 1 });
    expect(events.map((e) => e.message.length)).toEqual([MAX_LINE_BYTES, LINE.length]);
  });

  it('decodes invalid UTF-8 in a message with replacement characters', () => {
    // Prepare
    const bytes = Uint8Array.from([
      ...encode('{"results": [[{"field": "@message", "value": "a'),
      0xe2,
      0x82,
      ...encode('b'),
      0xff,
      ...encode('"}]]}'),
    ]);

    // Act
    const { events } = read(bytes, [50, 51]);

    // Assess
    expect(events.map((e) => e.message)).toEqual(['a\ufffdb\ufffd']);
  });

  it('reads any export cut anywhere exactly as JSON.parse reads it whole', () => {
    // Prepare
    const message = fc.oneof(
      fc.constantFrom(LINE, '', 'a"b', 'c\\d', '\\"', 'ü日', '\n\t', '}]'),
      fc.string({ maxLength: 20 }),
    );
    const document = fc.oneof(
      fc.record({
        results: fc.array(
          fc.array(fc.record({ field: fc.constant('@message'), value: message }), {
            minLength: 1,
            maxLength: 3,
          }),
          { maxLength: 4 },
        ),
        other: fc.jsonValue(),
      }),
      fc.record({
        events: fc.array(fc.record({ message }), { maxLength: 4 }),
        status: fc.constant('Complete'),
      }),
    );

    // Act / Assess
    fc.assert(
      fc.property(
        document,
        fc.boolean(),
        fc.array(fc.nat({ max: 400 }), { maxLength: 5 }),
        (d, pretty, cuts) => {
          const text = pretty ? JSON.stringify(d, null, 2) : JSON.stringify(d);
          const parsed = JSON.parse(text) as {
            results?: { value: string }[][];
            events?: { message: string }[];
          };
          const expected =
            parsed.events?.map((e) => e.message) ??
            parsed.results?.map((r) => r.find(() => true)?.value ?? '') ??
            [];
          const { result, events } = read(encode(text), cuts);
          expect(result).not.toBeInstanceOf(InputError);
          expect(events.map((e) => e.message)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws anything but an InputError on JSON cut at any place', () => {
    // Act / Assess
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (value, n) => {
        const text = JSON.stringify({ results: [[{ field: '@message', value: 'x' }]], v: value });
        const { result } = read(encode(text.slice(0, n % (text.length + 1))));
        expect(
          result === 'not-json' || result instanceof InputError || typeof result === 'object',
        ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('valueEnd', () => {
  it('finds the end of strings, nested values and bare values, and resumes across chunks', () => {
    // Prepare
    const text = encode('["a\\"]", {"b": [1]}] , "x\\\\" 12.5e3, true');
    const scan = newScan();

    // Act
    const partial = valueEnd(text.subarray(0, 9), 0, scan, false);
    const nested = valueEnd(text, 0, scan, false);
    const string = valueEnd(text, 23, newScan(), false);
    const bare = valueEnd(text, 29, newScan(), false);
    const last = valueEnd(text, 37, newScan(), true);

    // Assess
    expect(partial).toBe(-1);
    expect(nested).toBe(20);
    expect(string).toBe(28);
    expect(bare).toBe(35);
    expect(last).toBe(41);
  });
});

describe('LogInputReader on a record list alone (aws logs ... --query results / events)', () => {
  it.each([
    ['results', JSON.stringify([row('a'), row('b')]), 'get-query-results', ['a', 'b']],
    [
      'events',
      JSON.stringify([{ message: 'a' }, { message: 'b' }]),
      'filter-log-events',
      ['a', 'b'],
    ],
    ['nothing', '[]', 'get-query-results', []],
  ])('reads a list of %s', (_, text, format, messages) => {
    // Act
    const { result, events } = read(encode(text), [1, 5]);

    // Assess
    expect(result).toMatchObject({ format });
    expect(events.map((e) => e.message)).toEqual(messages);
  });

  it.each([
    ['a kubectl --prefix line', '[pod/kube-apiserver/c] E0101 00:00:00.000000 1 x.go:1] a\n'],
    ['a list of numbers', '[1, 2]\n'],
  ])('says %s is not JSON', (_, text) => {
    // Act / Assess
    expect(read(encode(text)).result).toBe('not-json');
  });

  it('refuses a list of results cut mid-array, with its byte offset', () => {
    // Act
    const { result } = read(encode(JSON.stringify([row('a'), row('b')]).slice(0, 300)));

    // Assess
    expect((result as InputError).message).toBe(
      'logs in.json: truncated JSON export: the input ends at byte 300 inside "results" after 1 complete elements',
    );
  });
});
