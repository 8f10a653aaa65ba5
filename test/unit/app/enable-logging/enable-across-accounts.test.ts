import { describe, expect, it } from 'vitest';
import { enableApiLoggingAcrossAccounts } from '#app/enable-logging/enable-across-accounts.ts';
import type { ClusterSpec } from '#core/clusters/cluster-spec.ts';
import { ClusterAccessError } from '#core/errors.ts';
import type { ClusterControlPort, LogRetentionPort } from '#core/gateways.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';

const PAYMENTS: ClusterSpec = { name: 'payments', account: '210987654321', region: 'eu-west-1' };
const SHOP: ClusterSpec = { name: 'shop', account: '123456789012', region: 'us-east-1' };

function portsIn(account: string, calls: string[]) {
  const eks: ClusterControlPort = {
    describeCluster: async (name) => {
      calls.push(`${account}:DescribeCluster:${name}`);
      return { name, status: 'ACTIVE', enabledTypes: ['api'] };
    },
    updateClusterLogging: async () => ({ outcome: 'no-changes' }),
    describeUpdate: async () => ({ status: 'Successful', errors: [] }),
  };
  const logs: LogRetentionPort = {
    describeRetention: async () => ({ exists: true, retentionDays: 30 }),
    createLogGroup: async () => 'exists',
    putRetentionPolicy: async () => undefined,
  };
  return { eks, logs, clock: new FakeClock(Date.UTC(2026, 10, 28, 15)) };
}

describe('enableApiLoggingAcrossAccounts', () => {
  it('works on each cluster through its own account’s ports, and reports one it cannot reach as failed', async () => {
    // Prepare
    const calls: string[] = [];
    const portsFor = async (cluster: ClusterSpec) => {
      if (cluster.account === '345678901234') {
        throw new ClusterAccessError(
          '345678901234/eu-west-1/ledger',
          'AssumeRole failed: AccessDenied',
        );
      }
      return portsIn(cluster.account ?? '?', calls);
    };
    const ledger = { name: 'ledger', account: '345678901234', region: 'eu-west-1' };
    // Act
    const results = await enableApiLoggingAcrossAccounts(portsFor, [PAYMENTS, ledger, SHOP]);
    // Assess
    expect(calls).toEqual([
      '210987654321:DescribeCluster:payments',
      '123456789012:DescribeCluster:shop',
    ]);
    expect(results.map((r) => [r.cluster, r.ok])).toEqual([
      ['payments', true],
      ['ledger', false],
      ['shop', true],
    ]);
    expect(results[1]).toEqual({
      cluster: 'ledger',
      logging: {
        state: 'failed',
        message:
          'cannot reach cluster 345678901234/eu-west-1/ledger: AssumeRole failed: AccessDenied',
      },
      retention: null,
      ok: false,
    });
  });
});
