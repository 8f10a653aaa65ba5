import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '#core/errors.ts';
import { newScan, valueEnd } from '#core/logs/json-extent.ts';
import { type LogInput, parseLogInput } from '#core/logs/log-file.ts';
import { LogInputReader } from '#core/logs/log-input-reader.ts';

const LINE = 'E1128 09:00:04.512345      10 remote_available_controller.go:448] x';
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** What the reader gives for `bytes` cut at `cuts`, read again as text when it is not JSON. */
function read(bytes: Uint8Array, cuts: readonly number[] = []): LogInput | InputError {
  const reader = new LogInputReader('in.json');
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    reader.push(bytes.subarray(from, Math.max(from, cut)));
    from = Math.max(from, cut);
  }
  reader.push(bytes.subarray(from));
  try {
    const input = reader.finish();
    return input === 'not-json' ? whole(bytes) : input;
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
}

/** What {@link parseLogInput} gives for the whole text. */
function whole(bytes: Uint8Array): LogInput | InputError {
  try {
    return parseLogInput(Buffer.from(bytes).toString('utf8'), 'in.json');
  } catch (error) {
    if (error instanceof InputError) return error;
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

describe('LogInputReader', () => {
  it('reads get-query-results output cut anywhere, escapes and multi-byte characters included', () => {
    // Prepare
    const text = JSON.stringify({
      results: [
        row(`${LINE} "quoted" \\ back\\slash ünïcødé 日本 \u2028`),
        row('b', '1795877688778'),
      ],
      status: 'Complete',
      statistics: { recordsMatched: 2, recordsScanned: 9, bytesScanned: 1e3 },
    });
    const bytes = encode(text);

    // Act
    const results = Array.from({ length: bytes.length }, (_, cut) => read(bytes, [cut]));

    // Assess
    for (const result of results) expect(result).toEqual(whole(bytes));
    expect((results[0] as LogInput).format).toBe('get-query-results');
  });

  it('reads filter-log-events output', () => {
    // Prepare
    const bytes = encode(
      JSON.stringify({ events: [{ logStreamName: 's', timestamp: 5, message: LINE }] }),
    );

    // Act
    const result = read(bytes, [3, 40]);

    // Assess
    expect(result).toEqual({
      format: 'filter-log-events',
      events: [{ message: LINE, stream: 's', timestamp: 5 }],
      clusters: [],
    });
  });

  it.each([
    ['JSON lines', '{"kind":"Event"}\n{"kind":"Event"}\n'],
    ['a truncated results file', JSON.stringify({ results: [row('a'), row('b')] }).slice(0, -9)],
    ['a line that merely starts with {', '{"level":"info"} not json at all\n'],
    ['a byte order mark', '\ufeff{"results": []}'],
    ['a vertical tab before the object', '\u000b{"results": []}'],
    ['plain text', `${LINE}\r\nsecond line\n`],
    ['nothing', ''],
  ])('reads %s exactly as parseLogInput does', (_, text) => {
    // Prepare
    const bytes = encode(text);

    // Act
    const result = read(bytes, [1, 7]);

    // Assess
    expect(result).toEqual(whole(bytes));
  });

  it('says when an input that starts like JSON is not JSON', () => {
    // Prepare
    const reader = new LogInputReader('x.json');

    // Act
    reader.push(encode('{"kind":"Event"}\n{"kind"'));

    // Assess
    expect(reader.finish()).toBe('not-json');
  });

  it.each([
    ['a row that is not a list', '{"results": [5]}'],
    ['a bad @timestamp', JSON.stringify({ results: [row('a', 'yesterday')] })],
    ['an event without a message', '{"events": [{"message": 1}]}'],
    ['neither shape', '{"status": "Complete"}'],
    ['results that are not a list', '{"results": {"a": 1}}'],
  ])('raises the same InputError for %s', (_, text) => {
    // Act
    const result = read(encode(text), [2]);

    // Assess
    expect(result).toBeInstanceOf(InputError);
    expect(result).toEqual(whole(encode(text)));
  });

  it('keeps the last of duplicate keys and prefers "events", as JSON.parse and parseLogInput do', () => {
    // Prepare
    const text = `{"results": [5], "events": [{"message": "a"}], "results": [], "events": [{"message": "b"}]}`;

    // Act
    const result = read(encode(text), [10, 30]);

    // Assess
    expect(result).toEqual(whole(encode(text)));
    expect((result as LogInput).events).toEqual([{ message: 'b', stream: null, timestamp: null }]);
  });

  it('is JSON.parse-strict: a malformed element after a bad row falls back to text', () => {
    // Prepare
    const text = '{"results": [5, [tru]]}';

    // Act
    const result = read(encode(text));

    // Assess
    expect(result).toEqual(whole(encode(text)));
    expect((result as LogInput).format).toBe('text');
  });

  it('decodes invalid UTF-8 as the whole-text decoder does', () => {
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
    const result = read(bytes, [50, 51]);

    // Assess
    expect(result).toEqual(whole(bytes));
  });

  it('gives parseLogInput’s answer for generated inputs cut at random places', () => {
    // Prepare
    const message = fc.oneof(
      fc.constantFrom(LINE, '', 'a"b', 'c\\d', '\\"', 'ü日', '\n\t', '}]'),
      fc.string({ maxLength: 20, unit: 'binary' }),
    );
    const cell = fc.oneof(
      fc.record({ field: fc.constantFrom('@message', '@timestamp', '@log', 'x'), value: message }),
      fc.constant(5),
    );
    const document = fc.oneof(
      fc.record({ results: fc.array(fc.array(cell, { maxLength: 4 }), { maxLength: 4 }) }),
      fc.record({ events: fc.array(fc.record({ message }), { maxLength: 4 }), status: message }),
      fc.dictionary(fc.constantFrom('events', 'results', 'other'), fc.jsonValue(), {
        maxKeys: 3,
      }),
    );
    const text = fc.oneof(
      document.map((d) => JSON.stringify(d)),
      document.map((d) => JSON.stringify(d, null, 2)),
      fc
        .tuple(document, fc.nat())
        .map(([d, n]) => JSON.stringify(d).slice(0, n % (JSON.stringify(d).length + 1))),
      fc.string({ maxLength: 40 }),
    );

    // Act / Assess
    fc.assert(
      fc.property(text, fc.array(fc.nat({ max: 400 }), { maxLength: 5 }), (t, cuts) => {
        const bytes = encode(t);
        expect(read(bytes, cuts)).toEqual(whole(bytes));
      }),
      { numRuns: 400 },
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
