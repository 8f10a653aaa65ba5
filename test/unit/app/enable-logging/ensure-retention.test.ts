import { describe, expect, it } from 'vitest';
import { ensureRetention } from '#app/enable-logging/ensure-retention.ts';
import { FakeRetention } from '#test/helpers/fake-eks.ts';

const GROUP = '/aws/eks/demo/cluster';

describe('ensureRetention', () => {
  it.each([
    // existing, force, otherTypes, expected state, expected days stored
    [undefined, false, [], { state: 'set', days: 30, previousDays: null, createdGroup: true }, 30],
    [null, false, [], { state: 'set', days: 30, previousDays: null, createdGroup: false }, 30],
    [90, false, [], { state: 'kept', days: 90 }, 90],
    [90, true, [], { state: 'set', days: 30, previousDays: 90, createdGroup: false }, 30],
    [30, true, [], { state: 'kept', days: 30 }, 30],
    [null, false, ['audit'], { state: 'kept-unbounded', otherTypes: ['audit'] }, null],
    [
      null,
      true,
      ['audit'],
      { state: 'set', days: 30, previousDays: null, createdGroup: false },
      30,
    ],
    [
      undefined,
      false,
      ['audit'],
      { state: 'set', days: 30, previousDays: null, createdGroup: true },
      30,
    ],
  ] as const)(
    'with retention %j, force %s and other types %j: %j',
    async (existing, force, otherTypes, expected, stored) => {
      // Prepare
      const logs = new FakeRetention();
      if (existing !== undefined) logs.groups.set(GROUP, existing);
      // Act
      const outcome = await ensureRetention(logs, {
        logGroupName: GROUP,
        days: 30,
        force,
        otherTypes,
      });
      // Assess
      expect(outcome).toEqual(expected);
      expect(logs.groups.get(GROUP)).toBe(stored);
    },
  );

  it('respects a retention another writer set while the group was being created', async () => {
    // Prepare
    const logs = new FakeRetention();
    logs.createLogGroup = async () => {
      logs.groups.set(GROUP, 7);
      return 'exists';
    };
    // Act
    const outcome = await ensureRetention(logs, {
      logGroupName: GROUP,
      days: 30,
      force: false,
      otherTypes: [],
    });
    // Assess
    expect(outcome).toEqual({ state: 'kept', days: 7 });
  });
});
