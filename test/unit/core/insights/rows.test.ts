import { describe, expect, it } from 'vitest';
import { parseInsightsTimestamp, rowToEvent } from '#core/insights/rows.ts';

describe('parseInsightsTimestamp', () => {
  it.each([
    ['2026-11-28 14:54:48.778', Date.UTC(2026, 10, 28, 14, 54, 48, 778)],
    ['2026-11-28 14:54:48', Date.UTC(2026, 10, 28, 14, 54, 48)],
    ['2026-11-28 14:54:48.7', Date.UTC(2026, 10, 28, 14, 54, 48, 700)],
    ['2026-11-28T14:54:48.778Z', Date.UTC(2026, 10, 28, 14, 54, 48, 778)],
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
  ])('gives null for %j', (value) => {
    // Act
    const at = parseInsightsTimestamp(value);
    // Assess
    expect(at).toBeNull();
  });
});

describe('rowToEvent', () => {
  it('takes the message, stream and time of a result row and ignores @ptr', () => {
    // Prepare
    const row = [
      { field: '@timestamp', value: '2026-01-01 00:00:01.500' },
      { field: '@logStream', value: 'kube-apiserver-abc' },
      { field: '@message', value: 'E0101 00:00:01.500000 1 x.go:1] boom' },
      { field: '@ptr', value: 'CmAK' },
    ];
    // Act
    const event = rowToEvent(row);
    // Assess
    expect(event).toEqual({
      message: 'E0101 00:00:01.500000 1 x.go:1] boom',
      stream: 'kube-apiserver-abc',
      timestamp: Date.UTC(2026, 0, 1, 0, 0, 1, 500),
    });
  });

  it('keeps a row without time or stream with nulls', () => {
    // Act
    const event = rowToEvent([{ field: '@message', value: 'x' }]);
    // Assess
    expect(event).toEqual({ message: 'x', stream: null, timestamp: null });
  });
});
