import { describe, expect, it } from 'vitest';
import { SdkServerTime } from '#adapters/aws/dynamodb-server-time.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';

describe('SdkServerTime', () => {
  it('is the local time corrected by the offset the SDK learnt from the services’ Date headers', () => {
    // Prepare: the local clock is 3 h ahead, so the SDK keeps an offset of −3 h
    const client = { config: { systemClockOffset: -3 * 3_600_000 } };
    const serverTime = new SdkServerTime(client, new FakeClock(1_800_010_800_000));
    // Act
    const now = serverTime.now();
    // Assess
    expect(now).toBe(1_800_000_000_000);
  });

  it.each([-59_999, -999, 0, 59_999])(
    'is the local time for an offset of %i ms (the Date header has whole seconds)',
    (offset) => {
      // Prepare
      const serverTime = new SdkServerTime(
        { config: { systemClockOffset: offset } },
        new FakeClock(42_000),
      );
      // Act
      const now = serverTime.now();
      // Assess
      expect(now).toBe(42_000);
    },
  );

  it('is the local time before the SDK saw any skew', () => {
    // Prepare
    const serverTime = new SdkServerTime({ config: {} }, new FakeClock(42_000));
    // Act
    const now = serverTime.now();
    // Assess
    expect(now).toBe(42_000);
  });
});
