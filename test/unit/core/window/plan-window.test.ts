import { describe, expect, it } from 'vitest';
import { ConfigError } from '#core/errors.ts';
import { DEFAULT_WINDOW_PLAN, planWindow } from '#core/window/plan-window.ts';

const NOW = 1_800_000_000_000; // epoch ms, a whole second
const LAG_SEC = 300;
const END = NOW / 1000 - LAG_SEC;

describe('planWindow', () => {
  it('resumes at the last committed end and stops the ingestion lag before now', () => {
    // Act
    const plan = planWindow(END - 600, NOW);
    // Assess
    expect(plan).toEqual({
      kind: 'query',
      window: { startSec: END - 600, endSec: END },
      reason: 'resume',
      skipped: null,
      catchingUp: false,
    });
  });

  it('rounds the end down to a whole second', () => {
    // Act
    const plan = planWindow(END - 600, NOW + 999);
    // Assess
    expect(plan).toMatchObject({ window: { endSec: END } });
  });

  it('looks back the initial look-back on the first run', () => {
    // Act
    const plan = planWindow(null, NOW);
    // Assess
    expect(plan).toMatchObject({
      window: { startSec: END - 3600, endSec: END },
      reason: 'first-run',
      skipped: null,
    });
  });

  it('still resumes state exactly as old as the cap', () => {
    // Act
    const plan = planWindow(END - 86_400, NOW, { ...DEFAULT_WINDOW_PLAN, maxWindowMs: 86_400_000 });
    // Assess
    expect(plan).toMatchObject({ reason: 'resume', window: { startSec: END - 86_400 } });
  });

  it('starts over, and says which seconds it skips, when state is older than the cap', () => {
    // Act
    const plan = planWindow(END - 86_401, NOW);
    // Assess
    expect(plan).toEqual({
      kind: 'query',
      window: { startSec: END - 3600, endSec: END },
      reason: 'stale',
      skipped: { startSec: END - 86_401, endSec: END - 3600 },
      catchingUp: false,
    });
  });

  it('has nothing to do when the committed end already reaches now minus the lag', () => {
    // Act
    const plan = planWindow(END, NOW);
    // Assess
    expect(plan).toEqual({ kind: 'up-to-date', lastEndSec: END, endSec: END });
  });

  it('has nothing to do when the clock went back behind the committed end', () => {
    // Act
    const plan = planWindow(END + 50, NOW);
    // Assess
    expect(plan.kind).toBe('up-to-date');
  });

  it('reads a one-second window when only one second is new', () => {
    // Act
    const plan = planWindow(END - 1, NOW);
    // Assess
    expect(plan).toMatchObject({ window: { startSec: END - 1, endSec: END } });
  });

  it('cuts a long backlog at the maximum window and catches up on later runs', () => {
    // Act
    const plan = planWindow(END - 10 * 3600, NOW);
    // Assess
    expect(plan).toMatchObject({
      window: { startSec: END - 10 * 3600, endSec: END - 4 * 3600 },
      reason: 'resume',
      catchingUp: true,
    });
  });

  describe('when the clock was or is wrong', () => {
    it.each([
      ['exactly now', NOW / 1000, 'up-to-date'],
      ['one second after now', NOW / 1000 + 1, 'query'],
      ['three hours after now', NOW / 1000 + 3 * 3600, 'query'],
    ])('treats a stored end %s as %s', (_label, stored, kind) => {
      // Act
      const plan = planWindow(stored, NOW);
      // Assess
      expect(plan.kind).toBe(kind);
    });

    it('reports a stored end in the future and reads the look-back again instead of waiting for it', () => {
      // Act
      const plan = planWindow(NOW / 1000 + 3 * 3600, NOW);
      // Assess
      expect(plan).toEqual({
        kind: 'query',
        window: { startSec: END - 3600, endSec: END },
        reason: 'future-state',
        skipped: null,
        catchingUp: false,
        futureEndSec: NOW / 1000 + 3 * 3600,
      });
    });

    it('never ends a window after the horizon the log service vouches for', () => {
      // Prepare: this run's clock is three hours ahead of the service's
      const skewedNow = NOW + 3 * 3_600_000;
      // Act
      const plan = planWindow(END - 600, skewedNow, DEFAULT_WINDOW_PLAN, NOW);
      // Assess
      expect(plan).toMatchObject({ kind: 'query', window: { startSec: END - 600, endSec: END } });
    });

    it.each([
      ['a horizon one second before now', NOW - 1000, END - 1],
      ['a horizon at now', NOW, END],
      ['a horizon after now', NOW + 60_000, END],
    ])('ends the window the lag before the earlier of now and %s', (_label, horizon, endSec) => {
      // Act
      const plan = planWindow(END - 600, NOW, DEFAULT_WINDOW_PLAN, horizon);
      // Assess
      expect(plan).toMatchObject({ window: { endSec } });
    });

    it('is up to date when the horizon has not passed the stored end', () => {
      // Act
      const plan = planWindow(
        END - 600,
        NOW + 3 * 3_600_000,
        DEFAULT_WINDOW_PLAN,
        (END - 300) * 1000,
      );
      // Assess
      expect(plan.kind).toBe('up-to-date');
    });
  });

  it.each([
    [{ ingestionLagMs: -1 }, /ingestionLagMs must be a non-negative number/],
    [{ initialLookbackMs: 500 }, /initialLookbackMs must be at least 1000 ms/],
    [{ maxWindowMs: Number.NaN }, /maxWindowMs/],
  ])('rejects the setting %j', (override, message) => {
    // Act
    const act = (): unknown => planWindow(null, NOW, { ...DEFAULT_WINDOW_PLAN, ...override });
    // Assess
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(message);
  });
});
