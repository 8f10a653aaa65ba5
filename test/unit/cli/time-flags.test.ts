import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration, parseTime, windowFromFlags } from '#cli/time-flags.ts';
import { InputError } from '#core/errors.ts';
import { parseDurationText } from '#core/window/duration.ts';

const NOW = Date.UTC(2026, 10, 28, 15, 0, 0, 400);
const NOW_SEC = Math.floor(NOW / 1000);

describe('parseDuration', () => {
  it('reads exactly the duration grammar the configuration reads, zero aside', () => {
    // Prepare
    const texts = fc.stringMatching(/^[0-9smhdw ]{0,8}$/);

    // Act / Assess
    fc.assert(
      fc.property(texts, (text) => {
        const config = parseDurationText(text);
        const cli = (() => {
          try {
            return parseDuration('since', text);
          } catch {
            return null;
          }
        })();
        expect(cli).toBe(config === 0 ? null : config);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
  ])('reads %s as %i ms', (text, ms) => {
    // Act
    const parsed = parseDuration('since', text);
    // Assess
    expect(parsed).toBe(ms);
  });

  it.each(['', '1', 'h', '1w', '1.5h', '-1h', '0m', '1h 30m'])(
    'rejects %j naming the flag',
    (text) => {
      // Act
      const act = (): unknown => parseDuration('since', text);
      // Assess
      expect(act).toThrow(InputError);
      expect(act).toThrow(/--since/);
    },
  );
});

describe('parseTime', () => {
  it.each([
    ['2026-11-28T14:00:00Z', Date.UTC(2026, 10, 28, 14)],
    ['2026-11-28T15:00:00+01:00', Date.UTC(2026, 10, 28, 14)],
    ['1795000000', 1_795_000_000_000],
  ])('reads %s', (text, ms) => {
    // Act
    const parsed = parseTime('start', text);
    // Assess
    expect(parsed).toBe(ms);
  });

  it.each(['yesterday', '28/11/2026', '2026-13-01T00:00:00Z', '17'])('rejects %j', (text) => {
    // Act
    const act = (): unknown => parseTime('start', text);
    // Assess
    expect(act).toThrow(/--start must be an ISO 8601 time/);
  });
});

describe('windowFromFlags', () => {
  it('covers the last hour up to now with --since, in whole seconds (end rounded up)', () => {
    // Act
    const window = windowFromFlags({ since: '1h' }, NOW);
    // Assess
    expect(window).toEqual({ startSec: NOW_SEC - 3600, endSec: NOW_SEC + 1 });
  });

  it('takes --start and --end as given', () => {
    // Act
    const window = windowFromFlags(
      { start: '2026-11-28T14:00:00Z', end: '2026-11-28T14:30:00Z' },
      NOW,
    );
    // Assess
    expect(window).toEqual({
      startSec: Date.UTC(2026, 10, 28, 14) / 1000,
      endSec: Date.UTC(2026, 10, 28, 14, 30) / 1000,
    });
  });

  it('counts --since back from --end', () => {
    // Act
    const window = windowFromFlags({ since: '10m', end: '2026-11-28T14:30:00Z' }, NOW);
    // Assess
    expect(window).toEqual({
      startSec: Date.UTC(2026, 10, 28, 14, 20) / 1000,
      endSec: Date.UTC(2026, 10, 28, 14, 30) / 1000,
    });
  });

  it.each([
    [{}, /give the time window/],
    [{ since: '1h', start: '2026-11-28T14:00:00Z' }, /either --since or --start/],
    [{ start: '2026-11-28T14:30:00Z', end: '2026-11-28T14:00:00Z' }, /is empty/],
    [{ since: '31d' }, /longer than 30 days/],
    [{ start: '2026-11-28T14:00:00Z', end: '2026-11-29T14:00:00Z' }, /in the future/],
  ])('rejects %j', (flags, message) => {
    // Act
    const act = (): unknown => windowFromFlags(flags, NOW);
    // Assess
    expect(act).toThrow(InputError);
    expect(act).toThrow(message);
  });
});
