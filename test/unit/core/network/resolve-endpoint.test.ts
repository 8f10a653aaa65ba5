import { describe, expect, it } from 'vitest';
import { buildNetworkModel } from '#core/network/build-model.ts';
import { eniRole } from '#core/network/eni-role.ts';
import { parseIp } from '#core/network/ip.ts';
import { findInterfaceCommand, resolveEndpoint } from '#core/network/resolve-endpoint.ts';
import { nodeEni, SG, snapshotOf, xenis } from '#test/helpers/network-fixture.ts';

const model = buildNetworkModel(
  snapshotOf({
    enis: [
      ...xenis(),
      nodeEni({ ips: ['10.0.1.50', '10.0.1.51', '10.0.1.52'] }),
      {
        id: 'eni-0f1e2d3c4b5a60102',
        groups: [SG.node],
        ips: ['10.0.1.60'],
        prefixes: ['10.0.1.80/28', '10.0.1.96/28'],
        description: 'aws-K8S-i-0a1b2c3d4e5f60001',
        instanceId: 'i-0a1b2c3d4e5f60001',
      },
      {
        id: 'eni-0a9b8c7d6e5f40301',
        groups: [SG.pod],
        ips: ['10.0.1.90'],
        type: 'branch',
        description: 'aws-k8s-branch-eni',
      },
    ],
    rules: [],
  }),
);

describe('resolveEndpoint', () => {
  it.each([
    ['a primary address', '10.0.1.50', 'eni-0f1e2d3c4b5a60101', 'exact', null],
    ['a secondary address', '10.0.1.52', 'eni-0f1e2d3c4b5a60101', 'exact', null],
    [
      'an address in a delegated prefix (prefix delegation)',
      '10.0.1.70',
      'eni-0f1e2d3c4b5a60101',
      'prefix',
      '10.0.1.64/28',
    ],
    [
      'an address in the second prefix of a VPC CNI secondary interface',
      '10.0.1.101',
      'eni-0f1e2d3c4b5a60102',
      'prefix',
      '10.0.1.96/28',
    ],
    [
      'a branch interface address, before the prefix that also contains it',
      '10.0.1.90',
      'eni-0a9b8c7d6e5f40301',
      'exact',
      null,
    ],
    ['an IPv6 address', 'fd00:1::50', 'eni-0f1e2d3c4b5a60101', 'exact', null],
    [
      'an IPv6 address in a delegated /80',
      'fd00:1::1:0:0:2a',
      'eni-0f1e2d3c4b5a60101',
      'prefix',
      'fd00:1:0:0:1::/80',
    ],
  ])('finds the interface of %s', (_what, address, eniId, match, prefix) => {
    // Act
    const resolved = resolveEndpoint(model, address);

    // Assess
    expect(resolved).toMatchObject({ eni: { id: eniId }, match, prefix });
  });

  it.each(['10.0.9.9', '172.20.14.3', 'fd00:9::1', 'not-an-ip'])(
    'returns null for %s',
    (address) => {
      // Act
      const resolved = resolveEndpoint(model, address);

      // Assess
      expect(resolved).toBeNull();
    },
  );

  it('recognises the roles of the interfaces', () => {
    // Act
    const roles = model.enis.map((eni) => eni.role);

    // Assess
    expect(roles).toEqual([
      'control-plane',
      'control-plane',
      'node',
      'vpc-cni-secondary',
      'branch',
    ]);
  });
});

describe('findInterfaceCommand', () => {
  it('filters on the private address for IPv4 and on the IPv6 address otherwise', () => {
    // Prepare
    const v4 = parseIp('10.0.9.9');
    const v6 = parseIp('fd00:9::1');
    if (!v4 || !v6) throw new Error('fixture');

    // Act / Assess
    expect(findInterfaceCommand(v4)).toBe(
      "aws ec2 describe-network-interfaces --filters 'Name=addresses.private-ip-address,Values=10.0.9.9'",
    );
    expect(findInterfaceCommand(v6)).toBe(
      "aws ec2 describe-network-interfaces --filters 'Name=ipv6-addresses.ipv6-address,Values=fd00:9::1'",
    );
  });
});

describe('eniRole', () => {
  it.each([
    [
      { description: 'Amazon EKS demo', interfaceType: 'interface', instanceId: null },
      'control-plane',
    ],
    [
      { description: 'Amazon EKS demo-2', interfaceType: 'interface', instanceId: null },
      'other-cluster',
    ],
    [{ description: 'aws-k8s-branch-eni', interfaceType: 'interface', instanceId: null }, 'branch'],
    [{ description: '', interfaceType: 'branch', instanceId: null }, 'branch'],
    [{ description: 'aws-k8s-trunk-eni', interfaceType: 'trunk', instanceId: 'i-0abc' }, 'trunk'],
    [
      { description: 'aws-K8S-i-0abc', interfaceType: 'interface', instanceId: 'i-0abc' },
      'vpc-cni-secondary',
    ],
    [
      {
        description: 'fargate-ip-10-0-1-2.eu-west-1.compute.internal',
        interfaceType: 'interface',
        instanceId: null,
      },
      'fargate',
    ],
    [{ description: '', interfaceType: 'interface', instanceId: 'i-0abc' }, 'node'],
    [{ description: '', interfaceType: 'efa', instanceId: 'i-0abc' }, 'node'],
    [{ description: 'ELB app/x/y', interfaceType: 'interface', instanceId: null }, 'load-balancer'],
    [
      {
        description: 'Interface for NAT Gateway nat-0',
        interfaceType: 'nat_gateway',
        instanceId: null,
      },
      'nat-gateway',
    ],
    [
      { description: 'ELB net/x/y', interfaceType: 'network_load_balancer', instanceId: null },
      'load-balancer',
    ],
    [
      {
        description: 'VPC Endpoint Interface vpce-0a1b',
        interfaceType: 'interface',
        instanceId: null,
      },
      'vpc-endpoint',
    ],
    [{ description: '', interfaceType: 'vpc_endpoint', instanceId: null }, 'vpc-endpoint'],
    [{ description: '', interfaceType: 'natGateway', instanceId: null }, 'nat-gateway'],
    [{ description: '', interfaceType: 'lambda', instanceId: null }, 'other'],
  ] as const)('classifies %j as %s', (facts, role) => {
    // Act / Assess
    expect(eniRole(facts, 'demo')).toBe(role);
  });
});
