import { describe, expect, it } from 'vitest';
import {
  clusterAccess,
  parseAccountRole,
  parseAccountRoles,
  roleSessionName,
} from '#core/clusters/account-roles.ts';
import { ClusterAccessError, InputError } from '#core/errors.ts';

const READER = 'arn:aws:iam::210987654321:role/eks-sg-advisor-reader';
const HOME = { account: '123456789012', region: 'us-east-1' };
const PAYMENTS = { name: 'payments', account: '210987654321', region: 'eu-west-1' };

describe('parseAccountRole', () => {
  it('reads a role ARN with or without an external ID, the account from the ARN', () => {
    // Act
    const plain = parseAccountRole(READER);
    const withId = parseAccountRole(` ${READER} | ext-7f3a:team/a `);
    const gov = parseAccountRole('arn:aws-us-gov:iam::345678901234:role/path/to/reader');
    // Assess
    expect(plain).toEqual({ account: '210987654321', roleArn: READER, externalId: null });
    expect(withId).toEqual({
      account: '210987654321',
      roleArn: READER,
      externalId: 'ext-7f3a:team/a',
    });
    expect(gov.account).toBe('345678901234');
  });

  it.each([
    ['arn:aws:iam::21098765432:role/r', 'must be an IAM role ARN'],
    ['arn:aws:iam::210987654321:user/r', 'must be an IAM role ARN'],
    [`${READER}|a|b`, 'must be an IAM role ARN'],
    [`${READER}|x`, `the external ID of ${READER} must be 2 to 1224 characters`],
    [`${READER}|has space`, 'the external ID'],
  ])('refuses %j', (text, message) => {
    // Act
    const act = (): unknown => parseAccountRole(text);
    // Assess
    expect(act).toThrow(InputError);
    expect(act).toThrow(message);
  });
});

describe('parseAccountRoles', () => {
  it('keeps one role per account and refuses two different ones', () => {
    // Act
    const same = parseAccountRoles([READER, READER]);
    const two = (): unknown => parseAccountRoles([READER, 'arn:aws:iam::210987654321:role/other']);
    // Assess
    expect(same).toHaveLength(1);
    expect(two).toThrow('account 210987654321 has two roles');
  });
});

describe('roleSessionName', () => {
  it('names the session after the cluster, within STS’s 64 characters', () => {
    // Act
    const short = roleSessionName('payments');
    const long = roleSessionName('x'.repeat(100));
    // Assess
    expect(short).toBe('eks-sg-advisor-payments');
    expect(long).toHaveLength(64);
    expect(long).toMatch(/^[\w+=,.@-]+$/);
  });
});

describe('clusterAccess', () => {
  it('assumes the role of the cluster’s account, in the cluster’s Region', () => {
    // Act
    const access = clusterAccess(PAYMENTS, parseAccountRoles([`${READER}|ext-1`]), HOME);
    // Assess
    expect(access).toEqual({
      kind: 'assume-role',
      role: { account: '210987654321', roleArn: READER, externalId: 'ext-1' },
      sessionName: 'eks-sg-advisor-payments',
      region: 'eu-west-1',
    });
  });

  it('uses the function’s own credentials for its own account (any Region) and when an account is unknown', () => {
    // Act
    const own = clusterAccess(
      { name: 'batch', account: HOME.account, region: 'us-west-2' },
      [],
      HOME,
    );
    const bare = clusterAccess({ name: 'prod', account: null, region: null }, [], HOME);
    const local = clusterAccess(PAYMENTS, [], { account: null, region: 'us-east-1' });
    // Assess
    expect(own).toEqual({ kind: 'own', region: 'us-west-2' });
    expect(bare).toEqual({ kind: 'own', region: 'us-east-1' });
    expect(local).toEqual({ kind: 'own', region: 'eu-west-1' });
  });

  it('refuses a cluster of another account without a role, naming the cluster, both accounts and the parameter', () => {
    // Act
    const act = (): unknown => clusterAccess(PAYMENTS, [], HOME);
    // Assess
    expect(act).toThrow(ClusterAccessError);
    expect(act).toThrow(
      'cannot reach cluster 210987654321/eu-west-1/payments: it is in account 210987654321, this function runs in account 123456789012, and no role is configured for account 210987654321 (parameter accountRoles)',
    );
  });
});
