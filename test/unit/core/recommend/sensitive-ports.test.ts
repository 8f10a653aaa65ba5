import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeFindings, analyzeLogEvents } from '#core/build-report.ts';
import { InputError } from '#core/errors.ts';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';
import { classifyEvents } from '#core/logs/classify/classifier.ts';
import { readNetworkSnapshot } from '#core/network/parse-snapshot.ts';
import {
  DEFAULT_SENSITIVE_PORTS,
  parseSensitivePorts,
  type SensitivePort,
} from '#core/recommend/sensitive-ports.ts';
import { apiServiceLine, REFERENCE_TIME, webhookDialLine } from '#test/helpers/apiserver-lines.ts';
import { fixtureClusterObjects } from '#test/helpers/k8s-fixtures.ts';
import {
  ACL,
  ALLOW_ALL_ENTRIES,
  clusterSgDefaults,
  SG,
  SUBNET,
  SUBNETS,
  snapshotOf,
  xenisInSubnets,
} from '#test/helpers/network-fixture.ts';

const LBC = ['vingress.elbv2.k8s.aws', 'aws-load-balancer-webhook-service.kube-system'] as const;
const KYVERNO = ['validate.kyverno.svc', 'kyverno-svc.kyverno'] as const;

// A node of the cluster at 10.0.3.50 (its group admits the control plane on 10250 only) behind an
// ACL that denies everything: any port there would get a group rule and ACL entries.
function analyze(line: string, sensitivePorts?: readonly SensitivePort[]) {
  const snapshot = snapshotOf({
    enis: [
      ...xenisInSubnets(),
      {
        id: 'eni-0f1e2d3c4b5a60303',
        groups: [SG.node],
        ips: ['10.0.3.50'],
        instanceId: 'i-0a1b2c3d4e5f60003',
        subnet: SUBNET.c,
      },
    ],
    rules: [...clusterSgDefaults(), { group: SG.node, from: 10250, ref: SG.cluster }],
    subnets: SUBNETS,
    networkAcls: [
      { id: ACL.a, subnets: [SUBNET.a, SUBNET.b], entries: ALLOW_ALL_ENTRIES },
      { id: ACL.c, subnets: [SUBNET.c], entries: [] },
    ],
  });
  return analyzeLogEvents([{ message: line }], snapshot, {
    referenceTime: REFERENCE_TIME,
    ...(sensitivePorts ? { sensitivePorts } : {}),
  });
}

describe('sensitive ports need registered evidence', () => {
  it.each([
    ['PostgreSQL', webhookDialLine(0, ...KYVERNO, '10.0.3.50', 5432)],
    ['SSH', apiServiceLine(0, 'v1beta1.metrics.k8s.io', '10.0.3.50', 22)],
    ['RDP', webhookDialLine(0, ...LBC, '10.0.3.50', 3389)],
    ['etcd', webhookDialLine(0, ...KYVERNO, '10.0.3.50', 2380)],
  ])('withholds the rule and the ACL entries for %s that only a log line names', (name, line) => {
    // Act
    const report = analyze(line);

    // Assess
    const [finding] = report.findings;
    expect(finding?.verdict).toBe('needs-review');
    expect(finding?.reason).toContain(`is a sensitive port (${name})`);
    expect(finding?.reason).toContain('no registered APIService or webhook targets it');
    expect(finding?.reason).toMatch(/Evidence: the log line('s dial error)? names 10\.0\.3\.50:/);
    expect(finding?.reason).toContain('What the network says: no group on eni-0f1e2d3c4b5a60303');
    expect(report.recommendations).toEqual([]);
    expect(report.networkAclEntries).toEqual([]);
  });

  it('proposes the rule on a sensitive port when the add-on catalogue registers it for the add-on', () => {
    // Act: 9443 made sensitive; the catalogue says the Load Balancer Controller listens there.
    const report = analyze(webhookDialLine(0, ...LBC, '10.0.3.50', 9443), [
      { from: 9443, to: 9443, name: 'test' },
    ]);

    // Assess
    expect(report.findings[0]?.verdict).toBe('blocked');
    expect(report.recommendations.map((r) => [r.groupId, r.fromPort])).toEqual([[SG.node, 9443]]);
  });

  it('proposes the rule on a sensitive port when the Kubernetes API registers it', () => {
    // Prepare: Kyverno's service-only failure, resolved to its ready pods on 9443.
    const snapshot = readNetworkSnapshot(
      readFileSync(new URL('../../../fixtures/k8s/network.json', import.meta.url), 'utf8'),
      'network.json',
    );
    const line =
      'W1128 10:00:00.000001      10 dispatcher.go:217] Failed calling webhook, failing closed mutate.kyverno.svc-fail: failed calling webhook "mutate.kyverno.svc-fail": failed to call webhook: Post "https://kyverno-svc.kyverno.svc:443/mutate/fail?timeout=10s": context deadline exceeded';
    const findings = classifyEvents([{ message: line }], { referenceTime: REFERENCE_TIME });

    // Act
    const report = analyzeFindings(findings, snapshot, {
      kubernetes: controlPlaneTargets(fixtureClusterObjects()),
      sensitivePorts: [{ from: 9443, to: 9443, name: 'test' }],
    });

    // Assess
    expect(report.findings[0]).toMatchObject({ verdict: 'blocked', target: { port: 9443 } });
    expect(report.recommendations).toHaveLength(1);
  });

  it('proposes the rule on 5432 when the sensitive ports are turned off', () => {
    // Act
    const report = analyze(webhookDialLine(0, ...KYVERNO, '10.0.3.50', 5432), []);

    // Assess
    expect(report.findings[0]?.verdict).toBe('blocked');
    expect(report.recommendations.map((r) => r.fromPort)).toEqual([5432]);
  });

  it('withholds the ACL entries too when only a network ACL is in the way of a sensitive port', () => {
    // Act: the node's group admits 10250; made sensitive, and no catalogue entry of Kyverno has it.
    const report = analyze(webhookDialLine(0, ...KYVERNO, '10.0.3.50', 10250), [
      { from: 10250, to: 10250, name: 'kubelet' },
    ]);

    // Assess
    expect(report.findings[0]?.verdict).toBe('needs-review');
    expect(report.findings[0]?.reason).toContain(
      'What the network says: The security groups allow',
    );
    expect(report.networkAclEntries).toEqual([]);
  });
});

describe('parseSensitivePorts', () => {
  it('reads ports and ranges, keeping the names of the default list', () => {
    // Act
    const ports = parseSensitivePorts('22, 2379-2380,8080', '--sensitive-ports');

    // Assess
    expect(ports).toEqual([
      { from: 22, to: 22, name: 'SSH' },
      { from: 2379, to: 2380, name: 'etcd' },
      { from: 8080, to: 8080, name: 'port 8080' },
    ]);
  });

  it("reads 'none' as no sensitive port", () => {
    // Act / Assess
    expect(parseSensitivePorts('none', 'SENSITIVE_PORTS')).toEqual([]);
  });

  it.each(['', '0', '70000', '443-80', 'ssh', '22;23'])('refuses %j naming the option', (text) => {
    // Act / Assess
    expect(() => parseSensitivePorts(text, '--sensitive-ports')).toThrow(InputError);
    expect(() => parseSensitivePorts(text, '--sensitive-ports')).toThrow(/^--sensitive-ports must/);
  });

  it('lists the database, cache and remote-access ports of the issue by default', () => {
    // Act
    const ports = DEFAULT_SENSITIVE_PORTS.flatMap((p) =>
      Array.from({ length: p.to - p.from + 1 }, (_, i) => p.from + i),
    );

    // Assess
    expect(ports).toEqual(
      expect.arrayContaining([
        22, 3389, 3306, 5432, 1433, 1521, 6379, 11211, 27017, 9200, 9300, 2379, 2380, 5984, 7000,
        7001, 9042,
      ]),
    );
  });
});
