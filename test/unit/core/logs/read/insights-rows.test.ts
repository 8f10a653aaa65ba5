import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '#core/errors.ts';
import { eventOfInsightsRow, parseInsightsTimestamp } from '#core/logs/read/insights-rows.ts';

describe('parseInsightsTimestamp', () => {
  it.each([
    ['2026-11-28 14:54:48.778', Date.UTC(2026, 10, 28, 14, 54, 48, 778)],
    ['2026-11-28 14:54:48', Date.UTC(2026, 10, 28, 14, 54, 48)],
    ['2026-11-28 14:54:48.7', Date.UTC(2026, 10, 28, 14, 54, 48, 700)],
    ['2026-11-28T14:54:48.778Z', Date.UTC(2026, 10, 28, 14, 54, 48, 778)],
    ['1970-01-01 00:00:01.500', 1500],
    ['1970-01-01 00:00:01.5', 1500],
    ['1795877688778', 1795877688778],
    [' 1795877688778 ', 1795877688778],
  ])('reads %j (AWS text in UTC, or emulator epoch ms)', (value, expected) => {
    // Act
    const at = parseInsightsTimestamp(value);
    // Assess
    expect(at).toBe(expected);
  });

  it.each([
    undefined,
    '',
    'yesterday',
    '2026-11-28',
    '28/11/2026 14:54:48',
    '2026-13-01 00:00:00',
    '2026-01-01 24:00:00',
    '2026-13-01 00:00:00.000',
    '2026-00-10 00:00:00.000',
    '2026-01-01 24:00:00.000',
    '2026-01-01 00:61:00.000',
  ])('gives null for %j', (value) => {
    // Act
    const at = parseInsightsTimestamp(value);
    // Assess
    expect(at).toBeNull();
  });

  it('gives Date.UTC of the fields for any valid YYYY-MM-DD HH:MM:SS.mmm, day changes included', () => {
    // Prepare
    const two = (n: number) => String(n).padStart(2, '0');
    const values = fc.tuple(
      fc.integer({ min: 1000, max: 9999 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 31 }),
      fc.integer({ min: 0, max: 23 }),
      fc.integer({ min: 0, max: 59 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 999 }),
    );

    // Act / Assess
    fc.assert(
      fc.property(values, ([y, mo, d, h, mi, s, ms]) => {
        const text = `${y}-${two(mo)}-${two(d)} ${two(h)}:${two(mi)}:${two(s)}.${String(ms).padStart(3, '0')}`;
        expect(parseInsightsTimestamp(text)).toBe(Date.UTC(y, mo - 1, d, h, mi, s, ms));
      }),
      { numRuns: 500 },
    );
  });
});

describe('eventOfInsightsRow', () => {
  const ROW = [
    { field: '@timestamp', value: '2026-01-01 00:00:01.500' },
    { field: '@logStream', value: 'kube-apiserver-abc' },
    { field: '@message', value: 'E0101 00:00:01.500000 1 x.go:1] boom' },
    { field: '@ptr', value: 'CmAK' },
  ];

  it.each(['strict', 'lenient'] as const)(
    'takes the message, stream and time of a result row and ignores @ptr (%s)',
    (policy) => {
      // Act
      const event = eventOfInsightsRow(ROW, policy);
      // Assess
      expect(event).toEqual({
        message: 'E0101 00:00:01.500000 1 x.go:1] boom',
        stream: 'kube-apiserver-abc',
        timestamp: Date.UTC(2026, 0, 1, 0, 0, 1, 500),
      });
    },
  );

  it.each(['strict', 'lenient'] as const)(
    'keeps a row without time or stream with nulls (%s)',
    (policy) => {
      // Act
      const event = eventOfInsightsRow([{ field: '@message', value: 'x' }], policy);
      // Assess
      expect(event).toEqual({ message: 'x', stream: null, timestamp: null });
    },
  );

  it('under the lenient policy keeps a live row without @message as an empty event', () => {
    // Act
    const event = eventOfInsightsRow([{ field: '@logStream', value: 's' }], 'lenient');
    // Assess
    expect(event).toEqual({ message: '', stream: 's', timestamp: null });
  });

  it('under the lenient policy reads an unreadable live @timestamp as unknown', () => {
    // Prepare
    const row = [
      { field: '@message', value: 'x' },
      { field: '@timestamp', value: 'yesterday' },
    ];
    // Act
    const event = eventOfInsightsRow(row, 'lenient');
    // Assess
    expect(event).toEqual({ message: 'x', stream: null, timestamp: null });
  });

  it('under the strict policy skips a file row without @message', () => {
    // Act
    const event = eventOfInsightsRow([{ field: '@ptr', value: 'p' }], 'strict');
    // Assess
    expect(event).toBeNull();
  });

  it('under the strict policy refuses a file row whose @timestamp is unreadable or out of range', () => {
    // Prepare
    const rows = ['yesterday', '2026-13-01 00:00:00.000'].map((value) => [
      { field: '@message', value: 'x' },
      { field: '@timestamp', value },
    ]);
    // Act / Assess
    expect(() => eventOfInsightsRow(rows[0] ?? [], 'strict')).toThrow(
      new InputError('unrecognised @timestamp "yesterday"'),
    );
    expect(() => eventOfInsightsRow(rows[1] ?? [], 'strict')).toThrow(InputError);
  });
});
