import { describe, expect, it } from 'vitest';
import {
  enableApiLogging,
  enableApiLoggingForClusters,
} from '#app/enable-logging/enable-api-logging.ts';
import { AwsCallError } from '#core/errors.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { FakeEks, FakeRetention } from '#test/helpers/fake-eks.ts';

const GROUP = '/aws/eks/demo/cluster';

function setup(types: readonly string[] = []) {
  const eks = new FakeEks({ demo: types });
  const logs = new FakeRetention();
  const clock = new FakeClock();
  return { eks, logs, clock, deps: { eks, logs, clock } };
}

describe('enableApiLogging', () => {
  it('changes nothing when api logging is already on', async () => {
    // Prepare
    const { deps, eks, logs } = setup(['api', 'audit']);
    logs.groups.set(GROUP, 90);
    // Act
    const result = await enableApiLogging(deps, 'demo');
    // Assess
    expect(result).toEqual({
      cluster: 'demo',
      logging: { state: 'already-enabled' },
      retention: { state: 'kept', days: 90 },
      ok: true,
    });
    expect(eks.updates).toEqual([]);
    expect(logs.puts).toEqual([]);
  });

  it('sends only {types: [api], enabled: true}, leaving the other enabled types on', async () => {
    // Prepare
    const { deps, eks } = setup(['audit', 'scheduler']);
    // Act
    await enableApiLogging(deps, 'demo');
    // Assess
    expect(eks.updates).toEqual([{ name: 'demo', types: ['api'], enabled: true }]);
    expect([...(eks.clusters.get('demo') ?? [])].sort()).toEqual(['api', 'audit', 'scheduler']);
  });

  it('reports a started update as pending when not asked to wait', async () => {
    // Prepare
    const { deps } = setup();
    // Act
    const result = await enableApiLogging(deps, 'demo');
    // Assess
    expect(result.logging).toMatchObject({
      state: 'pending',
      reason: 'update-started',
      updateId: 'upd-1',
    });
    expect(result.ok).toBe(true);
  });

  it('waits for DescribeUpdate to report Successful', async () => {
    // Prepare
    const { deps, eks, clock } = setup();
    eks.updateStatuses = ['InProgress', 'InProgress', 'Successful'];
    // Act
    const result = await enableApiLogging(deps, 'demo', { wait: true });
    // Assess
    expect(result.logging).toEqual({ state: 'enabled', updateId: 'upd-1' });
    expect(clock.sleeps).toEqual([5_000, 7_500]);
  });

  it.each(['Failed', 'Cancelled'])(
    'fails the cluster when the update ends %s, with its errors',
    async (status) => {
      // Prepare
      const { deps, eks } = setup();
      eks.updateStatuses = [status];
      eks.updateErrors = ['SubnetNotFound: not enough free IP addresses'];
      // Act
      const result = await enableApiLogging(deps, 'demo', { wait: true });
      // Assess
      expect(result.ok).toBe(false);
      expect(result.logging).toEqual({
        state: 'failed',
        message: `update upd-1 ended ${status}: SubnetNotFound: not enough free IP addresses`,
      });
    },
  );

  it('fails loudly on an update status it does not know', async () => {
    // Prepare
    const { deps, eks } = setup();
    eks.updateStatuses = ['Paused'];
    // Act
    const result = await enableApiLogging(deps, 'demo', { wait: true });
    // Assess
    expect(result.logging).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/unrecognised update status "Paused"/),
    });
  });

  it('stops waiting at the deadline and reports the update as pending', async () => {
    // Prepare
    const { deps, eks, clock } = setup();
    eks.updateStatuses = ['InProgress'];
    // Act
    const result = await enableApiLogging(deps, 'demo', { wait: true, waitTimeoutMs: 60_000 });
    // Assess
    expect(result.logging).toMatchObject({ state: 'pending', reason: 'wait-timed-out' });
    expect(clock.now()).toBe(60_000);
  });

  it('confirms on the cluster itself when the service returned no update id', async () => {
    // Prepare
    const { deps, eks } = setup();
    eks.returnsUpdateId = false;
    // Act
    const result = await enableApiLogging(deps, 'demo');
    // Assess
    expect(result.logging).toEqual({ state: 'enabled', updateId: null });
  });

  it('counts "No changes needed" as already enabled', async () => {
    // Prepare
    const { deps, eks } = setup();
    eks.nextUpdate = { outcome: 'no-changes' };
    // Act
    const result = await enableApiLogging(deps, 'demo');
    // Assess
    expect(result.logging).toEqual({ state: 'already-enabled' });
    expect(result.ok).toBe(true);
  });

  it('leaves a cluster with another update in progress as pending, without retrying', async () => {
    // Prepare
    const { deps, eks, clock } = setup();
    eks.nextUpdate = {
      outcome: 'update-in-progress',
      message: 'Cannot LoggingUpdate because cluster demo currently has update abc in progress',
    };
    // Act
    const result = await enableApiLogging(deps, 'demo', { wait: true });
    // Assess
    expect(result.logging).toMatchObject({ state: 'pending', reason: 'update-in-progress' });
    expect(result.ok).toBe(true);
    expect(eks.updates).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('reports a missing cluster as failed and does not touch any log group', async () => {
    // Prepare
    const { deps, logs } = setup();
    // Act
    const result = await enableApiLogging(deps, 'ghost');
    // Assess
    expect(result).toMatchObject({ ok: false, retention: null, logging: { state: 'failed' } });
    expect(result.logging).toMatchObject({
      message: expect.stringMatching(/cluster ghost not found/),
    });
    expect(logs.groups.size).toBe(0);
  });

  it('reports an AWS failure of the update as the cluster failing', async () => {
    // Prepare
    const { deps, eks } = setup();
    eks.nextUpdate = new AwsCallError('UpdateClusterConfig', 'demo: AccessDeniedException');
    // Act
    const result = await enableApiLogging(deps, 'demo');
    // Assess
    expect(result).toMatchObject({
      ok: false,
      logging: { state: 'failed', message: 'UpdateClusterConfig: demo: AccessDeniedException' },
    });
  });

  it('creates the missing log group with the default 30-day retention', async () => {
    // Prepare
    const { deps, logs } = setup();
    // Act
    const result = await enableApiLogging(deps, 'demo');
    // Assess
    expect(result.retention).toEqual({
      state: 'set',
      days: 30,
      previousDays: null,
      createdGroup: true,
    });
    expect(logs.groups.get(GROUP)).toBe(30);
  });

  it('fails the cluster when the retention cannot be set', async () => {
    // Prepare
    const { deps, logs } = setup(['api']);
    logs.groups.set(GROUP, null);
    logs.failPut = new AwsCallError('PutRetentionPolicy', 'AccessDeniedException');
    // Act
    const result = await enableApiLogging(deps, 'demo');
    // Assess
    expect(result).toMatchObject({
      ok: false,
      logging: { state: 'already-enabled' },
      retention: { state: 'failed' },
    });
  });

  it('throws when the run is aborted while waiting', async () => {
    // Prepare
    const { deps, eks, clock } = setup();
    eks.updateStatuses = ['InProgress'];
    const controller = new AbortController();
    clock.onSleep = () => controller.abort(new Error('lambda timing out'));
    // Act
    const act = enableApiLogging(deps, 'demo', { wait: true, signal: controller.signal });
    // Assess
    await expect(act).rejects.toThrow('lambda timing out');
  });
});

describe('enableApiLoggingForClusters', () => {
  it('reports each cluster and goes on after a failure', async () => {
    // Prepare
    const eks = new FakeEks({ a: ['api'], c: [] });
    const deps = { eks, logs: new FakeRetention(), clock: new FakeClock() };
    const lines: string[] = [];
    // Act
    const results = await enableApiLoggingForClusters(deps, ['a', 'b', 'c'], {}, (r) => {
      lines.push(`${r.cluster}:${r.ok}`);
    });
    // Assess
    expect(lines).toEqual(['a:true', 'b:false', 'c:true']);
    expect(results.map((r) => r.logging.state)).toEqual(['already-enabled', 'failed', 'pending']);
  });
});
