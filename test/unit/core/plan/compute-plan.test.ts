import { describe, expect, it } from 'vitest';
import { parseCidr } from '#core/network/ip.ts';
import type { SgRule } from '#core/network/model.ts';
import { computePlan, type PlanInputs } from '#core/plan/compute-plan.ts';
import { connectionsOf } from '#core/plan/connections.ts';
import { evaluateFlow, withRules } from '#core/plan/evaluate-flow.ts';
import type { Plan, PlanRuleChange } from '#core/plan/plan-types.ts';
import { replayFlows } from '#core/plan/replay.ts';
import { DEMO, planDemo } from '#test/helpers/plan-demo.ts';

const WEEK_MS = 7 * 86_400_000;

function demoPlan(overrides: Partial<PlanInputs> = {}): Plan {
  const { model, targets, records } = planDemo();
  return computePlan({
    model,
    targets,
    records,
    failures: [],
    controlPlaneGroup: null,
    minWindowMs: WEEK_MS,
    ...overrides,
  });
}

function ports(changes: readonly PlanRuleChange[]): string[] {
  return changes.map((c) => `${c.protocol}/${c.fromPort}-${c.toPort}`);
}

/** The rules as the plan leaves them: its revokes removed, its authorizations added. */
function applied(plan: Plan): ReturnType<typeof withRules> {
  const { model } = planDemo();
  const revokedIds = new Set(
    plan.changes.filter((c) => c.action.startsWith('revoke')).map((c) => c.ruleId),
  );
  const revoked = new Set(
    [...model.rulesByGroup.values()].flat().filter((r) => revokedIds.has(r.id)),
  );
  const added: SgRule[] = plan.changes
    .filter((c) => c.action.startsWith('authorize'))
    .map((c) => ({
      id: null,
      groupId: c.groupId,
      direction: c.action.endsWith('ingress') ? 'ingress' : 'egress',
      protocol: c.protocol,
      fromPort: c.fromPort,
      toPort: c.toPort,
      peer:
        'groupId' in c.peer
          ? { kind: 'group', groupId: c.peer.groupId }
          : 'cidr' in c.peer
            ? { kind: 'cidr', cidr: parseCidr(c.peer.cidr) ?? expect.fail(c.peer.cidr) }
            : { kind: 'prefix-list', prefixListId: c.peer.prefixListId },
      description: c.description,
    }));
  return withRules(model, revoked, added);
}

describe('computePlan on a private cluster whose node group admits 1025-65535 from the control-plane group', () => {
  it('narrows the broad node rule to exactly the required and used ports, from the same group', () => {
    // Act
    const plan = demoPlan();

    // Assess
    const narrow = plan.decisions.find((d) => d.rule.id === 'sgr-0d3a0000000000005');
    expect(narrow?.decision).toBe('narrow');
    const replacements = plan.changes.filter(
      (c) => c.change === 'narrow' && c.action === 'authorize-ingress' && c.groupId === DEMO.node,
    );
    expect(ports(replacements)).toEqual(['tcp/9100-9100', 'tcp/9443-9443', 'tcp/10250-10251']);
    expect(
      replacements.every((c) => 'groupId' in c.peer && c.peer.groupId === DEMO.additional),
    ).toBe(true);
    expect(plan.changes).toContainEqual(
      expect.objectContaining({
        action: 'revoke-ingress',
        ruleId: 'sgr-0d3a0000000000005',
        change: 'narrow',
      }),
    );
  });

  it('adds the missing pod-group rule for the security-groups-for-pods aggregated API, from the group the existing rules use', () => {
    // Act
    const plan = demoPlan();

    // Assess
    expect(plan.controlPlaneGroup.groupId).toBe(DEMO.additional);
    const adds = plan.changes.filter((c) => c.change === 'add');
    expect(adds).toEqual([
      expect.objectContaining({
        action: 'authorize-ingress',
        groupId: DEMO.pod,
        protocol: 'tcp',
        fromPort: 6443,
        toPort: 6443,
        peer: { groupId: DEMO.additional },
      }),
    ]);
    expect(adds[0]?.reason).toMatch(/APIService v1beta1\.custom\.metrics\.k8s\.io/);
    expect(adds[0]?.evidence.join('\n')).toMatch(/rejected 24 records/);
  });

  it('keeps a used port that no registration explains, with its evidence', () => {
    // Act
    const plan = demoPlan();

    // Assess
    const narrow = plan.decisions.find((d) => d.rule.id === 'sgr-0d3a0000000000005');
    expect(
      narrow?.evidence.some((e) =>
        /^tcp\/9100 .*: observed; observed 24 records on 8 days/.test(e),
      ),
    ).toBe(true);
  });

  it('narrows an all-traffic rule to 0.0.0.0/0 to the groups of the nodes and pods it serves', () => {
    // Act
    const plan = demoPlan();

    // Assess
    const egress = plan.changes.filter(
      (c) => c.change === 'narrow' && c.action === 'authorize-egress' && c.groupId === DEMO.cluster,
    );
    expect(egress.map((c) => [c.fromPort, c.toPort, c.peer])).toEqual([
      [9100, 9100, { groupId: DEMO.node }],
      [9443, 9443, { groupId: DEMO.node }],
      [10250, 10251, { groupId: DEMO.node }],
      [6443, 6443, { groupId: DEMO.pod }],
    ]);
    expect(
      plan.decisions.find((d) => d.rule.id === 'sgr-0d3a0000000000002')?.flags.map((f) => f.code),
    ).toEqual(['untracked-connections', 'icmp']);
  });

  it('revokes a control-plane rule that admits nothing required or observed', () => {
    // Act
    const plan = demoPlan();

    // Assess
    expect(plan.decisions.find((d) => d.rule.id === 'sgr-0d3a0000000000006')?.decision).toBe(
      'revoke',
    );
    expect(plan.changes).toContainEqual(
      expect.objectContaining({
        action: 'revoke-ingress',
        ruleId: 'sgr-0d3a0000000000006',
        change: 'revoke',
      }),
    );
  });

  it("never changes the cluster group's self rule and leaves node-to-node rules to the usage report", () => {
    // Act
    const plan = demoPlan();

    // Assess
    const touched = new Set(plan.changes.map((c) => c.ruleId));
    for (const id of ['sgr-0d3a0000000000001', 'sgr-0d3a0000000000007']) {
      expect(touched.has(id)).toBe(false);
      expect(plan.decisions.some((d) => d.rule.id === id)).toBe(false);
    }
    const self = plan.usage.find((u) => u.rule.id === 'sgr-0d3a0000000000001');
    expect(self?.why).toMatch(/EKS recreates it/);
    expect(plan.usage.find((u) => u.rule.id === 'sgr-0d3a0000000000007')).toMatchObject({
      flows: 1,
      ports: ['udp/53'],
    });
    expect(
      plan.changes.some(
        (c) => c.groupId === DEMO.node && 'groupId' in c.peer && c.peer.groupId === DEMO.node,
      ),
    ).toBe(false);
  });

  it('passes the replay check, and every observed and required flow is allowed once the changes are applied', () => {
    // Prepare
    const { model, records } = planDemo();
    const observed = connectionsOf(model, records).flows.filter((f) => f.observed);

    // Act
    const plan = demoPlan();
    const after = applied(plan);

    // Assess
    expect(plan.replay).toMatchObject({ status: 'pass', problems: [] });
    expect(observed.length).toBeGreaterThan(10);
    for (const flow of observed) expect(evaluateFlow(after, flow).groups).toBe('allowed');
    const blocked = connectionsOf(model, records).flows.filter((f) => f.rejected);
    for (const flow of blocked) expect(evaluateFlow(after, flow).groups).toBe('allowed');
  });

  it('reports a flow that a plan would break, with the rule that allows it today', () => {
    // Prepare
    const { model, records } = planDemo();
    const flows = connectionsOf(model, records).flows.filter((f) => f.observed);
    const broad = (model.rulesByGroup.get(DEMO.node) ?? []).find(
      (r) => r.id === 'sgr-0d3a0000000000005',
    );
    if (!broad) throw new Error('fixture lost its broad rule');

    // Act
    const replay = replayFlows(model, withRules(model, new Set([broad]), []), flows);

    // Assess
    expect(replay.status).toBe('fail');
    const broken = replay.problems.filter((p) => p.kind === 'broken');
    expect(
      broken.some(
        (p) =>
          p.flow.startsWith('tcp/9100 10.0.1.10') && p.detail.includes('sgr-0d3a0000000000005'),
      ),
    ).toBe(true);
  });

  it('names the control-plane group given with --control-plane-group in the rules it adds', () => {
    // Act
    const plan = demoPlan({ controlPlaneGroup: DEMO.cluster });

    // Assess
    expect(plan.controlPlaneGroup).toEqual({
      groupId: DEMO.cluster,
      why: 'named with --control-plane-group',
    });
    expect(plan.changes.find((c) => c.change === 'add')?.peer).toEqual({ groupId: DEMO.cluster });
    expect(plan.replay.status).toBe('pass');
  });

  it('flags a window shorter than the minimum instead of trusting it silently', () => {
    // Act
    const plan = demoPlan({ minWindowMs: 30 * 86_400_000 });

    // Assess
    expect(plan.confidence.map((f) => f.code)).toContain('short-window');
  });

  it('flags a port seen rarely that no registration explains', () => {
    // Prepare
    const { records } = planDemo();
    const rare = {
      ...records[1],
      dstport: 8089,
      pktDstaddr: '10.0.2.54',
      dstaddr: '10.0.2.54',
    } as (typeof records)[number];

    // Act
    const plan = demoPlan({ records: [...records, rare] });

    // Assess
    const narrow = plan.decisions.find((d) => d.rule.id === 'sgr-0d3a0000000000005');
    expect(
      narrow?.flags.some((f) => f.code === 'rare-port' && f.message.startsWith('tcp/8089')),
    ).toBe(true);
    expect(plan.changes.some((c) => c.groupId === DEMO.node && c.fromPort === 8089)).toBe(true);
  });

  it('with no flow logs keeps every rule, flags it, and still adds what the registrations require', () => {
    // Act
    const plan = demoPlan({ records: [] });

    // Assess
    expect(plan.decisions.every((d) => d.decision === 'keep')).toBe(true);
    expect(plan.confidence.map((f) => f.code)).toContain('no-flow-logs');
    expect(plan.changes.map((c) => c.change)).toEqual(['add']);
  });

  it('makes a call the API-server logs show timing out a required flow', () => {
    // Prepare
    const { records } = planDemo();
    const withoutRejects = records.filter((r) => r.action !== 'REJECT');

    // Act
    const plan = demoPlan({
      records: withoutRejects,
      targets: [],
      failures: [
        {
          ip: '10.0.3.200',
          port: 6443,
          caller: 'apiservice-availability v1beta1.custom.metrics.k8s.io',
        },
      ],
    });

    // Assess
    const add = plan.changes.find((c) => c.change === 'add');
    expect(add).toMatchObject({ groupId: DEMO.pod, fromPort: 6443 });
    expect(add?.reason).toMatch(/failed \(apiservice-availability v1beta1/);
  });
});
