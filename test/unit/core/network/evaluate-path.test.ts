import { describe, expect, it } from 'vitest';
import { buildNetworkModel } from '#core/network/build-model.ts';
import { controlPlaneSources, evaluatePath } from '#core/network/evaluate-path.ts';
import { parseIp } from '#core/network/ip.ts';
import { resolveEndpoint } from '#core/network/resolve-endpoint.ts';
import {
  clusterSgDefaults,
  type EniSpec,
  nodeEni,
  type RuleSpec,
  SG,
  snapshotOf,
  xenis,
} from '#test/helpers/network-fixture.ts';

const PL = 'pl-0a1b2c3d4e5f60718';
const NO_EGRESS: RuleSpec[] = [{ group: SG.cluster, protocol: '-1', ref: SG.cluster }];

interface Case {
  readonly rules: readonly RuleSpec[];
  readonly ip?: string;
  readonly port?: number;
  readonly protocol?: 'tcp' | 'udp';
  readonly dest?: Partial<EniSpec>;
  readonly prefixLists?: Readonly<Record<string, readonly string[]>>;
  readonly verdict: 'allowed' | 'blocked' | 'unknown';
  readonly egress: 'allowed' | 'missing' | 'unknown';
  readonly ingress: 'allowed' | 'missing' | 'unknown';
}

// Control plane (two X-ENIs: 10.0.1.10 and 10.0.2.10, groups cluster + extra) → node interface
// (10.0.1.50, group node). The cluster group allows all egress unless a case says otherwise.
const CASES: ReadonlyArray<readonly [string, Case]> = [
  [
    'a rule referencing a group the X-ENIs carry admits the flow',
    {
      rules: [...clusterSgDefaults(), { group: SG.node, from: 9443, ref: SG.cluster }],
      verdict: 'allowed',
      egress: 'allowed',
      ingress: 'allowed',
    },
  ],
  [
    'a rule referencing the additional group admits the flow too',
    {
      rules: [...clusterSgDefaults(), { group: SG.node, from: 9443, ref: SG.extra }],
      verdict: 'allowed',
      egress: 'allowed',
      ingress: 'allowed',
    },
  ],
  [
    'a rule referencing a group no X-ENI carries does not',
    {
      rules: [...clusterSgDefaults(), { group: SG.node, from: 9443, ref: SG.other }],
      verdict: 'blocked',
      egress: 'allowed',
      ingress: 'missing',
    },
  ],
  [
    'an IPv4 CIDR containing every X-ENI address admits the flow',
    {
      rules: [...clusterSgDefaults(), { group: SG.node, from: 9443, cidr: '10.0.0.0/16' }],
      verdict: 'allowed',
      egress: 'allowed',
      ingress: 'allowed',
    },
  ],
  [
    'an IPv4 CIDR containing only one X-ENI leaves the path blocked',
    {
      rules: [...clusterSgDefaults(), { group: SG.node, from: 9443, cidr: '10.0.1.0/24' }],
      verdict: 'blocked',
      egress: 'allowed',
      ingress: 'missing',
    },
  ],
  [
    'a port range that contains the port admits the flow',
    {
      rules: [...clusterSgDefaults(), { group: SG.node, from: 9000, to: 9999, ref: SG.cluster }],
      verdict: 'allowed',
      egress: 'allowed',
      ingress: 'allowed',
    },
  ],
  [
    'a port range that ends just below the port does not',
    {
      rules: [...clusterSgDefaults(), { group: SG.node, from: 9000, to: 9442, ref: SG.cluster }],
      verdict: 'blocked',
      egress: 'allowed',
      ingress: 'missing',
    },
  ],
  [
    'a port range that starts just above the port does not',
    {
      rules: [...clusterSgDefaults(), { group: SG.node, from: 9444, to: 9999, ref: SG.cluster }],
      verdict: 'blocked',
      egress: 'allowed',
      ingress: 'missing',
    },
  ],
  [
    'protocol -1 covers every port',
    {
      rules: [...clusterSgDefaults(), { group: SG.node, protocol: '-1', ref: SG.cluster }],
      verdict: 'allowed',
      egress: 'allowed',
      ingress: 'allowed',
    },
  ],
  [
    'protocol number 6 is TCP',
    {
      rules: [
        ...clusterSgDefaults(),
        { group: SG.node, protocol: '6', from: 9443, ref: SG.cluster },
      ],
      verdict: 'allowed',
      egress: 'allowed',
      ingress: 'allowed',
    },
  ],
  [
    'a UDP rule on the port does not admit TCP',
    {
      rules: [
        ...clusterSgDefaults(),
        { group: SG.node, protocol: 'udp', from: 9443, ref: SG.cluster },
      ],
      verdict: 'blocked',
      egress: 'allowed',
      ingress: 'missing',
    },
  ],
  [
    'an ICMP rule does not admit TCP',
    {
      rules: [...clusterSgDefaults(), { group: SG.node, protocol: 'icmp', ref: SG.cluster }],
      verdict: 'blocked',
      egress: 'allowed',
      ingress: 'missing',
    },
  ],
  [
    'another protocol number (50, ESP) opens only that protocol',
    {
      rules: [...clusterSgDefaults(), { group: SG.node, protocol: '50', ref: SG.cluster }],
      verdict: 'blocked',
      egress: 'allowed',
      ingress: 'missing',
    },
  ],
  [
    'rules of all groups on the destination are a union',
    {
      dest: { groups: [SG.node, SG.node2] },
      rules: [...clusterSgDefaults(), { group: SG.node2, from: 9443, ref: SG.cluster }],
      verdict: 'allowed',
      egress: 'allowed',
      ingress: 'allowed',
    },
  ],
  [
    'a rule on a group the destination does not carry does not count',
    {
      rules: [...clusterSgDefaults(), { group: SG.node2, from: 9443, ref: SG.cluster }],
      verdict: 'blocked',
      egress: 'allowed',
      ingress: 'missing',
    },
  ],
  [
    'egress missing on every control-plane group blocks the flow',
    {
      rules: [...NO_EGRESS, { group: SG.node, from: 9443, ref: SG.cluster }],
      verdict: 'blocked',
      egress: 'missing',
      ingress: 'allowed',
    },
  ],
  [
    'egress on the additional group alone is enough (union on the source)',
    {
      rules: [
        ...NO_EGRESS,
        { group: SG.extra, egress: true, from: 9443, ref: SG.node },
        { group: SG.node, from: 9443, ref: SG.cluster },
      ],
      verdict: 'allowed',
      egress: 'allowed',
      ingress: 'allowed',
    },
  ],
  [
    'egress to a CIDR containing the endpoint is enough',
    {
      rules: [
        ...NO_EGRESS,
        { group: SG.cluster, egress: true, from: 9443, cidr: '10.0.1.48/28' },
        { group: SG.node, from: 9443, ref: SG.cluster },
      ],
      verdict: 'allowed',
      egress: 'allowed',
      ingress: 'allowed',
    },
  ],
  [
    'both sides missing',
    {
      rules: NO_EGRESS,
      verdict: 'blocked',
      egress: 'missing',
      ingress: 'missing',
    },
  ],
  [
    'IPv6: an IPv6 CIDR containing the X-ENIs admits an IPv6 flow',
    {
      ip: 'fd00:1::50',
      rules: [...clusterSgDefaults(), { group: SG.node, from: 9443, cidrV6: 'fd00::/16' }],
      verdict: 'allowed',
      egress: 'allowed',
      ingress: 'allowed',
    },
  ],
  [
    'IPv6: 0.0.0.0/0 does not admit an IPv6 flow',
    {
      ip: 'fd00:1::50',
      rules: [...clusterSgDefaults(), { group: SG.node, from: 9443, cidr: '0.0.0.0/0' }],
      verdict: 'blocked',
      egress: 'allowed',
      ingress: 'missing',
    },
  ],
  [
    'IPv6: ::/0 admits an IPv6 flow',
    {
      ip: 'fd00:1::50',
      rules: [...clusterSgDefaults(), { group: SG.node, from: 9443, cidrV6: '::/0' }],
      verdict: 'allowed',
      egress: 'allowed',
      ingress: 'allowed',
    },
  ],
  [
    'IPv6: egress only to 0.0.0.0/0 does not let an IPv6 flow out',
    {
      ip: 'fd00:1::50',
      rules: [
        { group: SG.cluster, egress: true, protocol: '-1', cidr: '0.0.0.0/0' },
        { group: SG.node, from: 9443, ref: SG.cluster },
      ],
      verdict: 'blocked',
      egress: 'missing',
      ingress: 'allowed',
    },
  ],
  [
    'a resolved prefix list containing the X-ENIs admits the flow',
    {
      prefixLists: { [PL]: ['10.0.1.0/24', '10.0.2.0/24'] },
      rules: [...clusterSgDefaults(), { group: SG.node, from: 9443, pl: PL }],
      verdict: 'allowed',
      egress: 'allowed',
      ingress: 'allowed',
    },
  ],
  [
    'a resolved prefix list missing one X-ENI leaves the path blocked',
    {
      prefixLists: { [PL]: ['10.0.1.0/24'] },
      rules: [...clusterSgDefaults(), { group: SG.node, from: 9443, pl: PL }],
      verdict: 'blocked',
      egress: 'allowed',
      ingress: 'missing',
    },
  ],
  [
    'a prefix list not in the snapshot makes the path unknown',
    {
      rules: [...clusterSgDefaults(), { group: SG.node, from: 9443, pl: PL }],
      verdict: 'unknown',
      egress: 'allowed',
      ingress: 'unknown',
    },
  ],
  [
    'an unknown prefix list does not hide an allowing rule',
    {
      rules: [
        ...clusterSgDefaults(),
        { group: SG.node, from: 9443, pl: PL },
        { group: SG.node, from: 9443, ref: SG.cluster },
      ],
      verdict: 'allowed',
      egress: 'allowed',
      ingress: 'allowed',
    },
  ],
  [
    'an unknown prefix list does not hide a missing egress',
    {
      rules: [...NO_EGRESS, { group: SG.node, from: 9443, pl: PL }],
      verdict: 'blocked',
      egress: 'missing',
      ingress: 'unknown',
    },
  ],
  [
    'UDP flows are checked with UDP rules',
    {
      protocol: 'udp',
      port: 53,
      rules: [
        ...clusterSgDefaults(),
        { group: SG.node, protocol: 'udp', from: 53, ref: SG.cluster },
      ],
      verdict: 'allowed',
      egress: 'allowed',
      ingress: 'allowed',
    },
  ],
  [
    'an address in a delegated prefix is judged by the interface that holds the prefix',
    {
      ip: '10.0.1.70',
      rules: [...clusterSgDefaults(), { group: SG.node, from: 9443, ref: SG.cluster }],
      verdict: 'allowed',
      egress: 'allowed',
      ingress: 'allowed',
    },
  ],
];

describe('evaluatePath (AWS security-group semantics)', () => {
  it.each(CASES)('%s', (_name, c) => {
    // Prepare
    const model = buildNetworkModel(
      snapshotOf({
        enis: [...xenis(), nodeEni(c.dest)],
        rules: c.rules,
        prefixLists: c.prefixLists,
      }),
    );
    const ip = parseIp(c.ip ?? '10.0.1.50');
    const resolved = resolveEndpoint(model, c.ip ?? '10.0.1.50');
    if (!ip || !resolved) throw new Error('fixture: the endpoint must resolve');
    const flow = {
      protocol: c.protocol ?? 'tcp',
      port: c.port ?? 9443,
      family: ip.family,
    } as const;

    // Act
    const result = evaluatePath(
      model,
      controlPlaneSources(model),
      { ip, groupIds: resolved.eni.groupIds },
      flow,
    );

    // Assess
    expect({ verdict: result.verdict, egress: result.egress, ingress: result.ingress }).toEqual({
      verdict: c.verdict,
      egress: c.egress,
      ingress: c.ingress,
    });
  });

  it('names the rules that allow each side', () => {
    // Prepare
    const model = buildNetworkModel(
      snapshotOf({
        enis: [...xenis(), nodeEni()],
        rules: [
          ...clusterSgDefaults(),
          { group: SG.node, from: 9443, ref: SG.cluster, id: 'sgr-0aaaabbbbccccdddd' },
        ],
      }),
    );
    const ip = parseIp('10.0.1.50');
    if (!ip) throw new Error('fixture');

    // Act
    const result = evaluatePath(
      model,
      controlPlaneSources(model),
      { ip, groupIds: [SG.node] },
      {
        protocol: 'tcp',
        port: 9443,
        family: 4,
      },
    );

    // Assess
    expect(result.perSource).toHaveLength(2);
    expect(result.perSource[0]?.ingress).toMatchObject({
      outcome: 'allow',
      rule: { id: 'sgr-0aaaabbbbccccdddd' },
    });
  });

  it('is unknown with no control-plane source at all', () => {
    // Prepare
    const model = buildNetworkModel(
      snapshotOf({ clusterSg: null, additional: [], enis: [nodeEni()], rules: [] }),
    );
    const ip = parseIp('10.0.1.50');
    if (!ip) throw new Error('fixture');

    // Act
    const result = evaluatePath(
      model,
      controlPlaneSources(model),
      { ip, groupIds: [SG.node] },
      {
        protocol: 'tcp',
        port: 9443,
        family: 4,
      },
    );

    // Assess
    expect(result.verdict).toBe('unknown');
    expect(result.unknownWhy[0]).toMatch(/no control-plane interface/);
  });
});

describe('controlPlaneSources', () => {
  it('uses each X-ENI with its primary IPv4 and IPv6 addresses', () => {
    // Prepare
    const model = buildNetworkModel(snapshotOf({ enis: [...xenis(), nodeEni()], rules: [] }));

    // Act
    const sources = controlPlaneSources(model);

    // Assess
    expect(sources.map((s) => [s.id, s.ips.map((ip) => ip.text), s.groupIds])).toEqual([
      ['eni-0e7a1c2b3d4f50611', ['10.0.1.10', 'fd00:1::10'], [SG.cluster, SG.extra]],
      ['eni-0e7a1c2b3d4f50622', ['10.0.2.10', 'fd00:2::10'], [SG.cluster, SG.extra]],
    ]);
  });

  it('falls back to the cluster and additional groups with unknown addresses when no X-ENI is known', () => {
    // Prepare
    const model = buildNetworkModel(snapshotOf({ enis: [nodeEni()], rules: [] }));

    // Act
    const sources = controlPlaneSources(model);

    // Assess
    expect(sources).toEqual([
      { id: 'cluster security groups', ips: [], groupIds: [SG.cluster, SG.extra], subnetId: null },
    ]);
  });

  it('ignores the X-ENIs of another cluster in the same VPC', () => {
    // Prepare
    const model = buildNetworkModel(
      snapshotOf({ enis: [...xenis('other'), nodeEni()], rules: [] }),
    );

    // Act
    const sources = controlPlaneSources(model);

    // Assess
    expect(sources.map((s) => s.id)).toEqual(['cluster security groups']);
  });
});
