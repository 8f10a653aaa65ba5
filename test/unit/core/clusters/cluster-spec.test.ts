import { describe, expect, it } from 'vitest';
import {
  clusterSpecText,
  homeLocation,
  parseClusterSpec,
  parseClusterSpecs,
  resolveClusterSpec,
  resolveClusterSpecs,
} from '#core/clusters/cluster-spec.ts';
import { InputError } from '#core/errors.ts';

const HOME = { account: '123456789012', region: 'us-east-1' };

describe('parseClusterSpec', () => {
  it.each([
    ['prod', { name: 'prod', account: null, region: null }],
    [
      '210987654321/eu-west-1/payments',
      { name: 'payments', account: '210987654321', region: 'eu-west-1' },
    ],
    [
      '123456789012/us-gov-west-1/gov_a',
      { name: 'gov_a', account: '123456789012', region: 'us-gov-west-1' },
    ],
    [
      '123456789012/ap-southeast-4/x',
      { name: 'x', account: '123456789012', region: 'ap-southeast-4' },
    ],
  ])('reads %s', (text, spec) => {
    // Act
    const parsed = parseClusterSpec(text);
    // Assess
    expect(parsed).toEqual(spec);
  });

  it.each([
    ['bad name', '"bad name" is not a valid EKS cluster name'],
    ['eu-west-1/prod', '"eu-west-1/prod" must be a cluster name or account/region/name'],
    ['1/2/3/4', 'must be a cluster name or account/region/name'],
    ['21098765432/eu-west-1/p', '"21098765432/eu-west-1/p": the account must be 12 digits'],
    ['210987654321/EU-WEST-1/p', "'EU-WEST-1' is not a Region name such as eu-west-1"],
    ['210987654321/eu-west/p', "'eu-west' is not a Region name"],
    ['210987654321/eu-west-1/-p', "'-p' is not a valid EKS cluster name"],
    ['210987654321/eu-west-1/', "'' is not a valid EKS cluster name"],
  ])('refuses %j naming the part that is wrong', (text, message) => {
    // Act
    const act = (): unknown => parseClusterSpec(text);
    // Assess
    expect(act).toThrow(InputError);
    expect(act).toThrow(message);
  });
});

describe('clusterSpecText and resolveClusterSpec', () => {
  it('writes account/region/name once both are known, the name alone otherwise', () => {
    // Act
    const bare = clusterSpecText({ name: 'prod', account: null, region: null });
    const full = clusterSpecText(
      resolveClusterSpec({ name: 'prod', account: null, region: null }, HOME),
    );
    const unknownHome = resolveClusterSpec(
      { name: 'prod', account: null, region: null },
      { account: null, region: 'us-east-1' },
    );
    // Assess
    expect(bare).toBe('prod');
    expect(full).toBe('123456789012/us-east-1/prod');
    expect(clusterSpecText(unknownHome)).toBe('prod');
  });

  it('keeps a cluster of another account and Region as configured', () => {
    // Prepare
    const spec = parseClusterSpec('210987654321/eu-west-1/payments');
    // Act
    const resolved = resolveClusterSpec(spec, HOME);
    // Assess
    expect(resolved).toBe(spec);
  });

  it('drops a bare name that resolves to a cluster also configured as account/region/name', () => {
    // Prepare
    const specs = parseClusterSpecs(['prod', '123456789012/us-east-1/prod', 'prod', 'staging']);
    // Act
    const resolved = resolveClusterSpecs(specs, HOME);
    // Assess
    expect(specs).toHaveLength(3);
    expect(resolved.map(clusterSpecText)).toEqual([
      '123456789012/us-east-1/prod',
      '123456789012/us-east-1/staging',
    ]);
  });
});

describe('homeLocation', () => {
  it('takes the account from the function ARN, and none without one (a local invocation)', () => {
    // Act
    const deployed = homeLocation('arn:aws:lambda:eu-west-1:123456789012:function:f', 'eu-west-1');
    const local = homeLocation(undefined, 'us-east-1');
    // Assess
    expect(deployed).toEqual({ account: '123456789012', region: 'eu-west-1' });
    expect(local).toEqual({ account: null, region: 'us-east-1' });
  });
});
