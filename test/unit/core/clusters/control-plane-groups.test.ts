import { describe, expect, it } from 'vitest';
import {
  controlPlaneGroupOf,
  parseControlPlaneGroups,
} from '#core/clusters/control-plane-groups.ts';

const PROD = { name: 'prod', account: null, region: null };
const PAY = { name: 'pay', account: '210987654321', region: 'eu-west-1' };
const HOME = { account: '123456789012', region: 'us-east-1' };

describe('parseControlPlaneGroups', () => {
  it('reads cluster=sg pairs naming configured clusters, bare or account/region/name', () => {
    // Act
    const entries = parseControlPlaneGroups(
      ['prod=sg-0add0add0add0add0', ' 210987654321/eu-west-1/pay = sg-12345678 '],
      [PROD, PAY],
    );

    // Assess
    expect(entries).toEqual([
      { cluster: PROD, groupId: 'sg-0add0add0add0add0' },
      { cluster: PAY, groupId: 'sg-12345678' },
    ]);
  });

  it.each([
    ['prod', 'is not cluster=sg'],
    ['prod=sg-XYZ', 'is not a security group ID'],
    ['other=sg-12345678', 'is not one of the configured clusters'],
    ['prod=sg-12345678=x', 'is not cluster=sg'],
  ])('refuses %s', (text, message) => {
    expect(() => parseControlPlaneGroups([text], [PROD])).toThrow(message);
  });

  it('refuses a bare name that several configured clusters share', () => {
    expect(() =>
      parseControlPlaneGroups(['pay=sg-12345678'], [PAY, { ...PAY, account: '123456789012' }]),
    ).toThrow('use account/region/name');
  });

  it('refuses two groups for one cluster', () => {
    expect(() => parseControlPlaneGroups(['prod=sg-12345678', 'prod=sg-87654321'], [PROD])).toThrow(
      'more than one group',
    );
  });
});

describe('controlPlaneGroupOf', () => {
  it('finds the group of a resolved cluster from a bare entry, and null for a cluster without one', () => {
    // Prepare
    const entries = parseControlPlaneGroups(['prod=sg-12345678'], [PROD, PAY]);

    // Act / Assess
    expect(controlPlaneGroupOf(entries, { name: 'prod', ...HOME })).toBe('sg-12345678');
    expect(controlPlaneGroupOf(entries, PAY)).toBeNull();
  });

  it('prefers an account/region/name entry over a bare name of the same cluster', () => {
    // Prepare
    const full = { name: 'prod', ...HOME };
    const entries = parseControlPlaneGroups(
      ['prod=sg-11111111', '123456789012/us-east-1/prod=sg-22222222'],
      [PROD],
    );

    // Act / Assess
    expect(controlPlaneGroupOf(entries, full)).toBe('sg-22222222');
  });
});
