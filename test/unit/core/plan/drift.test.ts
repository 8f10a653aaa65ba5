import { describe, expect, it } from 'vitest';
import { computePlan } from '#core/plan/compute-plan.ts';
import { DRIFT_RETENTION_MS, driftDelta, driftItems, ruleKey } from '#core/plan/drift.ts';
import type { Plan, PlanRuleChange } from '#core/plan/plan-types.ts';
import { DEMO, planDemo } from '#test/helpers/plan-demo.ts';

const WEEK_MS = 7 * 86_400_000;
const NOW = 1_760_000_000_000;

function demoPlan(): Plan {
  const { model, targets, records } = planDemo();
  return computePlan({
    model,
    targets,
    records,
    failures: [],
    controlPlaneGroup: null,
    minWindowMs: WEEK_MS,
  });
}

function change(overrides: Partial<PlanRuleChange>): PlanRuleChange {
  return {
    action: 'authorize-ingress',
    groupId: DEMO.pod,
    protocol: 'tcp',
    fromPort: 6443,
    toPort: 6443,
    peer: { groupId: DEMO.additional },
    ruleId: null,
    change: 'add',
    description: '',
    reason: 'required, missing',
    evidence: [],
    ...overrides,
  };
}

describe('driftItems', () => {
  it('reports every rule the plan adds as a new required port and every revoke as an unused rule, and no narrowing', () => {
    // Prepare
    const plan = demoPlan();

    // Act
    const items = driftItems(plan);

    // Assess
    const adds = plan.changes.filter((c) => c.change === 'add');
    const revokes = plan.changes.filter((c) => c.change === 'revoke');
    expect(adds.length).toBeGreaterThan(0);
    expect(items.filter((i) => i.kind === 'new-required-port').map((i) => i.change)).toEqual(
      expect.arrayContaining(adds),
    );
    expect(items.filter((i) => i.kind === 'unused-rule')).toHaveLength(revokes.length);
    expect(items).toHaveLength(adds.length + revokes.length);
  });

  it('keys an item by its rule so the same plan gives the same keys, sorted', () => {
    // Prepare
    const plan = demoPlan();

    // Act
    const first = driftItems(plan).map((i) => i.key);
    const second = driftItems(demoPlan()).map((i) => i.key);

    // Assess
    expect(first).toEqual(second);
    expect(first).toEqual([...first].sort());
  });
});

describe('ruleKey', () => {
  it('names direction, group, protocol, ports and peer', () => {
    expect(ruleKey(change({}))).toBe(`ingress ${DEMO.pod} tcp/6443 from ${DEMO.additional}`);
    expect(
      ruleKey(
        change({
          action: 'revoke-egress',
          fromPort: 1025,
          toPort: 65535,
          peer: { cidr: '10.0.0.0/16' },
        }),
      ),
    ).toBe(`egress ${DEMO.pod} tcp/1025-65535 to 10.0.0.0/16`);
  });
});

describe('driftDelta', () => {
  const add = { kind: 'new-required-port' as const, key: 'add a', change: change({}) };
  const unused = {
    kind: 'unused-rule' as const,
    key: 'unused b',
    change: change({ action: 'revoke-ingress', change: 'revoke', ruleId: 'sgr-1' }),
  };

  it('notifies every item on the first run and remembers them all', () => {
    // Act
    const delta = driftDelta([], [add, unused], NOW);

    // Assess
    expect(delta.news).toEqual([add, unused]);
    expect(delta.known).toEqual([]);
    expect(delta.writes).toEqual([
      {
        key: 'add a',
        kind: 'new-required-port',
        firstSeenAt: NOW,
        lastSeenAt: NOW,
        expiresAt: NOW + DRIFT_RETENTION_MS,
      },
      {
        key: 'unused b',
        kind: 'unused-rule',
        firstSeenAt: NOW,
        lastSeenAt: NOW,
        expiresAt: NOW + DRIFT_RETENTION_MS,
      },
    ]);
  });

  it('does not notify an item a week later when it is still there, and keeps its first sighting', () => {
    // Prepare
    const first = driftDelta([], [add], NOW);
    const later = NOW + WEEK_MS;

    // Act
    const delta = driftDelta(first.writes, [add, unused], later);

    // Assess
    expect(delta.news).toEqual([unused]);
    expect(delta.known).toEqual([add]);
    expect(delta.writes[0]).toMatchObject({ key: 'add a', firstSeenAt: NOW, lastSeenAt: later });
  });

  it('notifies again an item that had gone long enough for its state to expire', () => {
    // Prepare
    const first = driftDelta([], [add], NOW);

    // Act
    const delta = driftDelta(first.writes, [add], NOW + DRIFT_RETENTION_MS);

    // Assess
    expect(delta.news).toEqual([add]);
  });
});
