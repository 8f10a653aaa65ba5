import { describe, expect, it } from 'vitest';
import { buildNetworkModel } from '#core/network/build-model.ts';
import { parseIp } from '#core/network/ip.ts';
import type { NetworkModel } from '#core/network/model.ts';
import { computePlan } from '#core/plan/compute-plan.ts';
import { EVIDENCE_LIMIT, evidenceOf } from '#core/plan/decide.ts';
import { evaluateFlow } from '#core/plan/evaluate-flow.ts';
import { flowEnd } from '#core/plan/flow-ends.ts';
import type { FlowRecord } from '#core/plan/flow-record.ts';
import type { PlanFlow } from '#core/plan/plan-types.ts';
import { requiredFlows } from '#core/plan/required-flows.ts';
import { renderPlan } from '#render/plan/render-plan.ts';
import {
  ACL,
  ALLOW_ALL_ENTRIES,
  nodeEni,
  SG,
  SUBNET,
  SUBNETS,
  snapshotOf,
  xenisInSubnets,
} from '#test/helpers/network-fixture.ts';

function record(overrides: Partial<FlowRecord>): FlowRecord {
  return {
    interfaceId: 'eni-0e7a1c2b3d4f50611',
    srcaddr: '10.0.1.10',
    dstaddr: '10.0.3.50',
    pktSrcaddr: null,
    pktDstaddr: null,
    srcport: 40000,
    dstport: 9443,
    protocol: 6,
    packets: 3,
    start: 1_795_478_400,
    end: 1_795_478_460,
    action: 'ACCEPT',
    logStatus: 'OK',
    tcpFlags: 3,
    flowDirection: 'egress',
    ...overrides,
  };
}

function modelWithAcl(): NetworkModel {
  return buildNetworkModel(
    snapshotOf({
      enis: [...xenisInSubnets(), nodeEni({ ips: ['10.0.3.50'], subnet: SUBNET.c, prefixes: [] })],
      rules: [
        { group: SG.node, from: 1025, to: 65535, ref: SG.cluster },
        { group: SG.cluster, egress: true, protocol: '-1', cidr: '0.0.0.0/0' },
      ],
      subnets: [...SUBNETS],
      networkAcls: [
        { id: ACL.a, subnets: [SUBNET.a, SUBNET.b], entries: ALLOW_ALL_ENTRIES },
        // The node subnet lets nothing in but TCP 10250: the observed 9443 calls cannot pass it.
        {
          id: ACL.c,
          subnets: [SUBNET.c],
          entries: [
            { n: 100, from: 10250, to: 10250 },
            { n: 100, egress: true, protocol: '-1' },
          ],
        },
      ],
    }),
  );
}

describe('the replay check with network ACLs', () => {
  it('reports a flow a network ACL denies, since no group rule can fix it', () => {
    // Act
    const plan = computePlan({
      model: modelWithAcl(),
      targets: [],
      records: [record({})],
      failures: [],
      controlPlaneGroup: null,
      minWindowMs: 0,
    });

    // Assess
    expect(plan.replay.status).toBe('fail');
    const denied = plan.replay.problems.filter((p) => p.kind === 'nacl-denied');
    expect(
      denied.some((p) => p.flow.startsWith('tcp/9443 10.0.1.10') && p.detail.includes(ACL.c)),
    ).toBe(true);
  });
});

describe('evidenceOf', () => {
  it('lists required flows first, at most the limit, and counts the rest', () => {
    // Prepare
    const model = modelWithAcl();
    const ip = (text: string) => parseIp(text) ?? expect.fail(text);
    const flows: PlanFlow[] = Array.from({ length: EVIDENCE_LIMIT + 5 }, (_, i) => ({
      source: flowEnd(model, ip('10.0.1.10')),
      destination: flowEnd(model, ip('10.0.3.50')),
      protocol: 'tcp',
      port: 20000 + i,
      family: 4,
      provenance: i === EVIDENCE_LIMIT + 4 ? ['registered'] : ['observed'],
      callers: i === EVIDENCE_LIMIT + 4 ? ['webhook v.example.com'] : [],
      observed: null,
      rejected: null,
    }));

    // Act
    const lines = evidenceOf(flows);

    // Assess
    expect(lines).toHaveLength(EVIDENCE_LIMIT + 1);
    expect(lines[0]).toMatch(/^tcp\/20029 .*registered \(webhook v\.example\.com\)/);
    expect(lines.at(-1)).toBe('... and 5 more flows');
  });
});

describe('computePlan with IPv6 and ICMP evidence', () => {
  it('keeps an all-traffic rule that admits observed ICMP and flags ICMP and IPv6', () => {
    // Prepare
    const model = buildNetworkModel(
      snapshotOf({
        enis: [
          ...xenisInSubnets(),
          nodeEni({ ips: ['10.0.3.50'], ipv6: ['fd00:3::50'], prefixes: [] }),
        ],
        rules: [
          { group: SG.node, protocol: '-1', ref: SG.cluster, id: 'sgr-0aaa000000000001' },
          { group: SG.cluster, egress: true, protocol: '-1', cidr: '0.0.0.0/0' },
          { group: SG.cluster, egress: true, protocol: '-1', cidrV6: '::/0' },
        ],
      }),
    );
    const records = [
      record({ protocol: 1, srcport: 0, dstport: 0, tcpFlags: null }),
      record({
        interfaceId: 'eni-0e7a1c2b3d4f50622',
        srcaddr: 'fd00:1::10',
        dstaddr: 'fd00:3::50',
        dstport: 10250,
      }),
    ];

    // Act
    const plan = computePlan({
      model,
      targets: [],
      records,
      failures: [],
      controlPlaneGroup: null,
      minWindowMs: 0,
    });

    // Assess
    const decision = plan.decisions.find((d) => d.rule.groupId === SG.node);
    expect(decision?.decision).toBe('keep');
    expect(decision?.flags.map((f) => f.code)).toContain('icmp');
    expect(plan.confidence.map((f) => f.code)).toEqual(expect.arrayContaining(['icmp', 'ipv6']));
  });
});

describe('computePlan on a cluster whose nodes carry the control-plane group', () => {
  const model = () =>
    buildNetworkModel(
      snapshotOf({
        enis: [
          ...xenisInSubnets(),
          nodeEni({ groups: [SG.node, SG.cluster], ips: ['10.0.3.50'], prefixes: [] }),
          nodeEni({
            id: 'eni-0f1e2d3c4b5a60102',
            groups: [SG.node, SG.cluster],
            ips: ['10.0.3.51'],
            ipv6: ['fd00:1::51'],
            ipv6Prefixes: ['fd00:1:0:0:2::/80'],
            prefixes: [],
            instanceId: 'i-0a1b2c3d4e5f60002',
          }),
        ],
        rules: [
          { group: SG.node, from: 1025, to: 65535, ref: SG.cluster, id: 'sgr-0aaa0000000000002' },
          { group: SG.cluster, protocol: '-1', ref: SG.cluster },
          { group: SG.cluster, egress: true, protocol: '-1', cidr: '0.0.0.0/0' },
          { group: SG.node, egress: true, protocol: '-1', cidr: '0.0.0.0/0' },
        ],
      }),
    );
  const cpToNode = record({ interfaceId: null, dstaddr: '10.0.3.50', dstport: 10250 });
  const nodeToNode = record({
    interfaceId: null,
    srcaddr: '10.0.3.51',
    dstaddr: '10.0.3.50',
    dstport: 8080,
  });

  it('keeps the broad rule when only control-plane flows are logged: node-to-node use of it is unseen', () => {
    // Act
    const plan = computePlan({
      model: model(),
      targets: [],
      records: [cpToNode],
      failures: [],
      controlPlaneGroup: null,
      minWindowMs: 0,
    });

    // Assess
    const decision = plan.decisions.find((d) => d.rule.id === 'sgr-0aaa0000000000002');
    expect(decision?.decision).toBe('keep');
    expect(decision?.flags.map((f) => f.code)).toContain('no-flow-logs');
  });

  it('narrows it to the ports used, node-to-node ones included, when the logs show node-to-node traffic', () => {
    // Act
    const plan = computePlan({
      model: model(),
      targets: [],
      records: [cpToNode, nodeToNode],
      failures: [],
      controlPlaneGroup: null,
      minWindowMs: 0,
    });

    // Assess
    expect(plan.decisions.find((d) => d.rule.id === 'sgr-0aaa0000000000002')?.decision).toBe(
      'narrow',
    );
    const ports = plan.changes
      .filter((c) => c.change === 'narrow' && c.action === 'authorize-ingress')
      .map((c) => c.fromPort);
    expect(ports).toEqual([8080, 10250]);
    expect(plan.replay.status).toBe('pass');
  });
});

describe('requiredFlows for an IPv6 endpoint', () => {
  it('calls it from the IPv6 addresses of the control-plane interfaces, so IPv6 CIDR rules are judged', () => {
    // Prepare
    const model = buildNetworkModel(
      snapshotOf({
        enis: [
          ...xenisInSubnets(),
          nodeEni({ ips: ['10.0.3.50'], ipv6: ['fd00:3::50'], prefixes: [] }),
        ],
        rules: [
          { group: SG.node, from: 9443, cidrV6: 'fd00:1::/64' },
          { group: SG.node, from: 9443, cidrV6: 'fd00:2::/64' },
          { group: SG.cluster, egress: true, protocol: '-1', cidrV6: '::/0' },
        ],
      }),
    );

    // Act
    const { flows } = requiredFlows(model, null, [
      { ip: 'fd00:3::50', port: 9443, caller: 'webhook v6' },
    ]);

    // Assess
    const failed = flows.filter((f) => f.provenance.includes('failed'));
    expect(failed.map((f) => f.source.ip?.text)).toEqual(['fd00:1::10', 'fd00:2::10']);
    for (const flow of failed) expect(evaluateFlow(model, flow).groups).toBe('allowed');
  });
});

describe('the replay check with a replaced control-plane interface', () => {
  it('lists a flow from an address no interface holds as unknown, without failing the plan', () => {
    // Prepare: 10.0.1.99 was an X-ENI before an upgrade; the snapshot no longer has it.
    const model = buildNetworkModel(
      snapshotOf({
        enis: [...xenisInSubnets(), nodeEni({ ips: ['10.0.3.50'], prefixes: [] })],
        rules: [
          { group: SG.node, from: 10250, ref: SG.cluster },
          { group: SG.cluster, egress: true, protocol: '-1', cidr: '0.0.0.0/0' },
        ],
      }),
    );
    const records = [
      record({ interfaceId: null, srcaddr: '10.0.1.99', dstaddr: '10.0.3.50', dstport: 10250 }),
      record({ interfaceId: null, dstaddr: '10.0.3.50', dstport: 10250 }),
    ];

    // Act
    const plan = computePlan({
      model,
      targets: [],
      records,
      failures: [],
      controlPlaneGroup: null,
      minWindowMs: 0,
    });

    // Assess
    expect(plan.replay.status).toBe('pass');
    expect(plan.replay.problems).toEqual([
      expect.objectContaining({
        kind: 'unknown',
        detail: expect.stringMatching(/^10\.0\.1\.99 is on no interface/),
      }),
    ]);
    expect(renderPlan(plan, 'text')).toMatch(
      /pass: no required or observed flow is broken; 1 of \d+ could not be decided/,
    );
  });
});
