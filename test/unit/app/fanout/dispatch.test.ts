import { describe, expect, it } from 'vitest';
import { dispatchClusterWork } from '#app/fanout/dispatch.ts';
import { decodeClusterWork } from '#core/clusters/cluster-work.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { fleet } from '#test/helpers/fanout-sim.ts';
import { MemoryWorkQueue } from '#test/helpers/memory-work-queue.ts';

const NOW = Date.UTC(2026, 10, 28, 15);

function works(count: number) {
  return fleet(count, ['210987654321']).map((cluster) => ({
    cluster,
    trigger: 'schedule' as const,
    sinceMs: null,
    dryRun: false,
    notify: true,
    dispatchedAt: NOW,
    deferrals: 0,
    kubernetes: null,
  }));
}

function queue() {
  return new MemoryWorkQueue(new FakeClock(NOW), {
    visibilityTimeoutMs: 60_000,
    maxReceiveCount: 3,
  });
}

describe('dispatchClusterWork', () => {
  it('sends one message per cluster, each naming its cluster account/region/name', async () => {
    // Prepare
    const work = queue();
    // Act
    const result = await dispatchClusterWork(work, works(23));
    // Assess
    expect(result.failed).toEqual([]);
    expect(result.sent).toHaveLength(23);
    expect(result.sent[0]?.cluster).toBe('210987654321/eu-west-1/c001');
    const bodies = work.receive(30).map((message) => decodeClusterWork(message.body));
    expect(bodies.map((w) => w.cluster.name)).toEqual(works(23).map((w) => w.cluster.name));
  });

  it('sends a refused message again, and lists a cluster whose message was refused every time', async () => {
    // Prepare
    const work = queue();
    const refusals = new Map<string, number>();
    work.refuse = (message) => {
      const name = decodeClusterWork(message.body).cluster.name;
      const n = (refusals.get(name) ?? 0) + 1;
      refusals.set(name, n);
      if (name === 'c002' && n === 1) return 'InternalError: try again';
      return name === 'c003' ? 'KMS.DisabledException: key disabled' : null;
    };
    // Act
    const result = await dispatchClusterWork(work, works(4));
    // Assess
    expect(result.sent.map((entry) => entry.cluster.split('/')[2])).toEqual([
      'c001',
      'c004',
      'c002',
    ]);
    expect(result.failed).toEqual([
      { cluster: '210987654321/eu-west-1/c003', message: 'KMS.DisabledException: key disabled' },
    ]);
    expect(refusals.get('c003')).toBe(3);
  });
});
