import { describe, expect, it } from 'vitest';
import type { AlertDiff, AlertState } from '#core/alerts/alert-state.ts';
import { diffAlerts } from '#core/alerts/diff.ts';
import { InputError } from '#core/errors.ts';
import type { Report } from '#core/model/report.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { naclEntry } from '#test/helpers/report-fixture.ts';
import { aFinding, aRecommendation, aReport, HOUR, MINUTE, T0 } from '#test/helpers/reports.ts';

const RESOLVE_AFTER = HOUR;
const RETENTION = 14 * 24 * HOUR;

// A report whose one finding was last seen `agoMs` before the clock's current time.
function reportSeen(
  clock: FakeClock,
  agoMs: number,
  overrides: Parameters<typeof aFinding>[0] = {},
): Report {
  const finding = aFinding({ lastSeen: new Date(clock.now() - agoMs).toISOString(), ...overrides });
  return aReport([finding], [aRecommendation()]);
}

function run(previous: readonly AlertState[], report: Report, clock: FakeClock): AlertDiff {
  return diffAlerts(previous, report, clock.now(), {
    resolveAfterMs: RESOLVE_AFTER,
    retentionMs: RETENTION,
  });
}

function delta(diff: AlertDiff): string[] {
  return [
    ...diff.new.map(() => 'new'),
    ...diff.changed.map(() => 'changed'),
    ...diff.resolved.map(() => 'resolved'),
  ];
}

describe('diffAlerts', () => {
  it('reports a finding seen for the first time as new, at revision 1, expiring after resolve time plus retention', () => {
    // Prepare
    const clock = new FakeClock(T0);
    const report = reportSeen(clock, MINUTE);

    // Act
    const diff = run([], report, clock);

    // Assess
    expect(delta(diff)).toEqual(['new']);
    const state = diff.new[0]?.state;
    expect(state).toMatchObject({
      status: 'open',
      kind: 'webhook-admission',
      name: 'vingress.elbv2.k8s.aws',
      endpoint: 'aws-load-balancer-webhook-service.kube-system.svc:443',
      verdicts: ['blocked'],
      rules: ['ingress sg-0123456789abcdef0 tcp/9443 from sg-0fedcba9876543210'],
      openedAt: T0,
      lastSeenAt: T0 - MINUTE,
      revision: 1,
      expiresAt: T0 - MINUTE + RESOLVE_AFTER + RETENTION,
    });
    expect(diff.new[0]?.findings).toEqual([0]);
    expect(diff.writes).toEqual([state]);
  });

  it('notifies nothing when the same finding repeats unchanged, even with a higher count and a later lastSeen', () => {
    // Prepare
    const clock = new FakeClock(T0);
    const first = run([], reportSeen(clock, MINUTE), clock);
    clock.advance(5 * MINUTE);

    // Act
    const second = run(first.nextState, reportSeen(clock, MINUTE, { count: 50 }), clock);

    // Assess
    expect(delta(second)).toEqual([]);
    expect(second.unchanged).toHaveLength(1);
    expect(second.writes).toEqual([
      expect.objectContaining({
        count: 50,
        lastSeenAt: clock.now() - MINUTE,
        revision: 2,
        openedAt: T0,
      }),
    ]);
  });

  it('writes nothing when a repeated finding has the same count and lastSeen', () => {
    // Prepare
    const clock = new FakeClock(T0);
    const report = reportSeen(clock, MINUTE);
    const first = run([], report, clock);
    clock.advance(MINUTE);

    // Act
    const second = run(first.nextState, report, clock);

    // Assess
    expect(delta(second)).toEqual([]);
    expect(second.writes).toEqual([]);
    expect(second.nextState).toEqual(first.nextState);
  });

  it('reports a changed verdict as changed, keeping the previous verdicts', () => {
    // Prepare
    const clock = new FakeClock(T0);
    const first = run([], reportSeen(clock, MINUTE, { verdict: 'allowed' }), clock);
    clock.advance(5 * MINUTE);

    // Act
    const second = run(first.nextState, reportSeen(clock, MINUTE), clock);

    // Assess
    expect(delta(second)).toEqual(['changed']);
    expect(second.changed[0]?.previous?.verdicts).toEqual(['allowed']);
    expect(second.changed[0]?.state).toMatchObject({
      verdicts: ['blocked'],
      openedAt: T0,
      revision: 2,
    });
  });

  it('reports changed recommended rules as changed', () => {
    // Prepare
    const clock = new FakeClock(T0);
    const first = run([], reportSeen(clock, MINUTE), clock);
    clock.advance(5 * MINUTE);
    const finding = aFinding({ lastSeen: new Date(clock.now() - MINUTE).toISOString() });
    const widened = aReport([finding], [aRecommendation({ fromPort: 9443, toPort: 9444 })]);

    // Act
    const second = run(first.nextState, widened, clock);

    // Assess
    expect(delta(second)).toEqual(['changed']);
    expect(second.changed[0]?.state.rules).toEqual([
      'ingress sg-0123456789abcdef0 tcp/9443-9444 from sg-0fedcba9876543210',
    ]);
  });

  it('reports a network ACL fix that appears as a change, but not a renumbered one', () => {
    // Prepare
    const clock = new FakeClock(T0);
    const first = run([], reportSeen(clock, MINUTE), clock);
    clock.advance(5 * MINUTE);
    const finding = aFinding({ lastSeen: new Date(clock.now() - MINUTE).toISOString() });
    const withAcl = (ruleNumber: number): Report => ({
      ...aReport([finding], [aRecommendation()]),
      networkAclEntries: [naclEntry({ ruleNumber })],
    });

    // Act
    const second = run(first.nextState, withAcl(99), clock);
    clock.advance(5 * MINUTE);
    const third = run(second.nextState, withAcl(98), clock);

    // Assess
    expect(delta(second)).toEqual(['changed']);
    expect(second.changed[0]?.state.rules).toEqual([
      'acl acl-0c0c0c0c0c0c0c0c3 ingress tcp/9443 from 10.0.1.0/24',
      'ingress sg-0123456789abcdef0 tcp/9443 from sg-0fedcba9876543210',
    ]);
    expect(delta(third)).toEqual([]);
  });

  it('does not treat a new pod IP or a reworded rule description as a change', () => {
    // Prepare
    const clock = new FakeClock(T0);
    const first = run([], reportSeen(clock, MINUTE), clock);
    clock.advance(5 * MINUTE);
    const moved = aFinding({
      lastSeen: new Date(clock.now() - MINUTE).toISOString(),
      target: { ip: '10.0.44.4', port: 9443, source: 'dialer', portName: null },
    });
    const report = aReport([moved], [aRecommendation({ description: 'reworded' })]);

    // Act
    const second = run(first.nextState, report, clock);

    // Assess
    expect(delta(second)).toEqual([]);
    expect(second.unchanged).toHaveLength(1);
  });

  it('keeps an alert open until exactly resolveAfterMs after it was last seen, then resolves it', () => {
    // Prepare
    const clock = new FakeClock(T0);
    const first = run([], reportSeen(clock, 0), clock);
    const lastSeenAt = T0;
    const empty = aReport([]);

    // Act
    clock.advance(RESOLVE_AFTER - 1);
    const before = run(first.nextState, empty, clock);
    clock.advance(1);
    const at = run(before.nextState, empty, clock);

    // Assess
    expect(delta(before)).toEqual([]);
    expect(before.writes).toEqual([]);
    expect(delta(at)).toEqual(['resolved']);
    expect(at.resolved[0]?.state).toMatchObject({
      status: 'resolved',
      lastSeenAt,
      resolvedAt: lastSeenAt + RESOLVE_AFTER,
      revision: 2,
      expiresAt: lastSeenAt + RESOLVE_AFTER + RETENTION,
    });
    expect(at.resolved[0]?.findings).toEqual([]);
  });

  it('counts a finding whose lastSeen is resolveAfterMs old as not seen, whatever the report window', () => {
    // Prepare
    const clock = new FakeClock(T0);
    const first = run([], reportSeen(clock, 0), clock);
    clock.advance(RESOLVE_AFTER);

    // Act
    const stillInWindow = run(
      first.nextState,
      aReport([aFinding({ lastSeen: new Date(T0).toISOString() })]),
      clock,
    );
    const freshRun = run([], aReport([aFinding({ lastSeen: new Date(T0).toISOString() })]), clock);

    // Assess
    expect(delta(stillInWindow)).toEqual(['resolved']);
    expect(delta(freshRun)).toEqual([]);
  });

  it('does not notify a resolved alert again while it stays away', () => {
    // Prepare
    const clock = new FakeClock(T0);
    const first = run([], reportSeen(clock, 0), clock);
    clock.advance(RESOLVE_AFTER);
    const resolved = run(first.nextState, aReport([]), clock);
    clock.advance(HOUR);

    // Act
    const later = run(resolved.nextState, aReport([]), clock);

    // Assess
    expect(delta(later)).toEqual([]);
    expect(later.writes).toEqual([]);
    expect(later.nextState).toEqual(resolved.nextState);
  });

  it('reopens an alert that reappears after resolution as new, continuing its revision', () => {
    // Prepare
    const clock = new FakeClock(T0);
    const first = run([], reportSeen(clock, 0), clock);
    clock.advance(RESOLVE_AFTER);
    const resolved = run(first.nextState, aReport([]), clock);
    clock.advance(10 * MINUTE);

    // Act
    const again = run(resolved.nextState, reportSeen(clock, 0), clock);

    // Assess
    expect(delta(again)).toEqual(['new']);
    expect(again.new[0]?.previous?.status).toBe('resolved');
    expect(again.new[0]?.state).toMatchObject({
      status: 'open',
      openedAt: clock.now(),
      resolvedAt: null,
      revision: 3,
    });
  });

  it('treats an item past its expiry (TTL lag) as absent but continues its revision', () => {
    // Prepare
    const clock = new FakeClock(T0);
    const first = run([], reportSeen(clock, 0), clock);
    const stored = first.nextState[0] as AlertState;
    clock.advance(stored.expiresAt - clock.now());

    // Act
    const diff = run(first.nextState, reportSeen(clock, 0), clock);

    // Assess
    expect(delta(diff)).toEqual(['new']);
    expect(diff.new[0]?.previous).toBeNull();
    expect(diff.new[0]?.state.revision).toBe(2);
  });

  it('merges findings with the same identity (several pods, several error classes) into one alert', () => {
    // Prepare
    const clock = new FakeClock(T0);
    const report = aReport(
      [
        aFinding({ count: 3 }),
        aFinding({
          count: 2,
          error: 'refused',
          verdict: 'not-network',
          target: { ip: '10.0.44.4', port: 9443, source: 'dialer', portName: null },
        }),
        aFinding({ name: 'other.webhook', count: 1 }),
      ],
      [aRecommendation({ findings: [0] })],
    );

    // Act
    const diff = run([], report, clock);

    // Assess
    expect(diff.new.map((change) => change.findings)).toEqual([[0, 1], [2]]);
    expect(diff.new[0]?.state).toMatchObject({ verdicts: ['blocked', 'not-network'], count: 5 });
    expect(diff.new[1]?.state.rules).toEqual([]);
  });

  it('orders resolved alerts by kind, name and endpoint', () => {
    // Prepare
    const clock = new FakeClock(T0);
    const report = aReport([
      aFinding({ name: 'z.webhook', lastSeen: null }),
      aFinding({ name: 'a.webhook', lastSeen: null }),
    ]);
    const first = run([], report, clock);
    clock.advance(RESOLVE_AFTER);

    // Act
    const diff = run(first.nextState, aReport([]), clock);

    // Assess
    expect(diff.resolved.map((change) => change.state.name)).toEqual(['a.webhook', 'z.webhook']);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects resolveAfterMs = %s', (value) => {
    // Act / Assess
    expect(() => diffAlerts([], aReport([]), T0, { resolveAfterMs: value })).toThrow(InputError);
  });
});
