import { describe, expect, it } from 'vitest';
import { analyzeFindings } from '#core/build-report.ts';
import { classifyEvents } from '#core/logs/classify/classifier.ts';
import { buildNetworkModel } from '#core/network/build-model.ts';
import { chooseControlPlaneGroup } from '#core/recommend/choose-group.ts';
import { REFERENCE_TIME, webhookDialLine } from '#test/helpers/apiserver-lines.ts';
import { nodeEni, type RuleSpec, SG, snapshotOf, xenis } from '#test/helpers/network-fixture.ts';

const modelWith = (rules: readonly RuleSpec[]) =>
  buildNetworkModel(snapshotOf({ enis: [...xenis(), nodeEni()], rules }));

describe('chooseControlPlaneGroup', () => {
  it('follows a private cluster whose node group admits the kubelet port from the additional group', () => {
    // Prepare
    const model = modelWith([
      { group: SG.node, from: 10250, ref: SG.extra, id: 'sgr-0aaa000000000001' },
    ]);

    // Act
    const choice = chooseControlPlaneGroup(model, null);

    // Assess
    expect(choice.groupId).toBe(SG.extra);
    expect(choice.why).toMatch(/the existing rules use it: sg-0b0de5ec0de5ec0de admits/);
  });

  it('follows a node rule that admits 443 inside a wider range from the additional group', () => {
    // Prepare
    const model = modelWith([{ group: SG.node, from: 1, to: 65535, ref: SG.extra }]);

    // Act / Assess
    expect(chooseControlPlaneGroup(model, null).groupId).toBe(SG.extra);
  });

  it('keeps the cluster group when the node rules name it', () => {
    // Prepare
    const model = modelWith([{ group: SG.node, from: 10250, ref: SG.cluster }]);

    // Act / Assess
    expect(chooseControlPlaneGroup(model, null)).toEqual({
      groupId: SG.cluster,
      why: 'the cluster security group',
    });
  });

  it('ignores additional-group rules on other ports than 443 and 10250', () => {
    // Prepare
    const model = modelWith([{ group: SG.node, from: 9443, ref: SG.extra }]);

    // Act / Assess
    expect(chooseControlPlaneGroup(model, null).groupId).toBe(SG.cluster);
  });

  it('uses the group the user names over any convention', () => {
    // Prepare
    const model = modelWith([{ group: SG.node, from: 10250, ref: SG.extra }]);

    // Act / Assess
    expect(chooseControlPlaneGroup(model, SG.other)).toEqual({
      groupId: SG.other,
      why: 'named with --control-plane-group',
    });
  });
});

describe('analyzeFindings with a private cluster convention', () => {
  const findings = classifyEvents(
    [webhookDialLine(0, 'v.example.com', 'v.ns', '10.0.1.50', 9443)].map((message) => ({
      message,
    })),
    { referenceTime: REFERENCE_TIME },
  );

  it('names the additional group as the source of the rule it proposes, and puts egress on it', () => {
    // Prepare
    const snapshot = snapshotOf({
      enis: [...xenis(), nodeEni()],
      rules: [
        { group: SG.node, from: 10250, ref: SG.extra },
        { group: SG.extra, egress: true, from: 10250, ref: SG.node },
      ],
    });

    // Act
    const report = analyzeFindings(findings, snapshot);

    // Assess
    expect(report.recommendations.map((r) => [r.action, r.groupId, r.fromPort, r.peer])).toEqual([
      ['authorize-ingress', SG.node, 9443, { groupId: SG.extra }],
      ['authorize-egress', SG.extra, 9443, { groupId: SG.node }],
    ]);
  });

  it('names the group given as controlPlaneGroup', () => {
    // Prepare
    const snapshot = snapshotOf({
      enis: [...xenis(), nodeEni()],
      // The node admits the kubelet port from the cluster group (which ties it to the cluster, and
      // which the convention would follow): the flag wins over the convention.
      rules: [
        { group: SG.cluster, egress: true, protocol: '-1', cidr: '0.0.0.0/0' },
        { group: SG.node, from: 10250, ref: SG.cluster },
      ],
    });

    // Act
    const report = analyzeFindings(findings, snapshot, { controlPlaneGroup: SG.extra });

    // Assess
    expect(report.recommendations[0]).toMatchObject({
      groupId: SG.node,
      peer: { groupId: SG.extra },
    });
  });
});
