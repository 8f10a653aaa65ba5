import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  fleet,
  type SimCluster,
  type SimulationResult,
  simulateFanOut,
} from '#test/helpers/fanout-sim.ts';

// Every simulated query runs a minute; one cluster's run also waits for the poll that sees the
// query complete and the worker invocation: T1 below, measured with one cluster alone.
const QUERY_MS = 60_000;
const A = '111111111111';
const ACCOUNTS = [A, '222222222222', '333333333333', '444444444444'];

let oneCluster: number;

beforeAll(async () => {
  oneCluster = (
    await simulateFanOut({ clusters: fleet(1, [A]), cap: 20, workers: 1, queryMs: QUERY_MS })
  ).wallMs;
});

function expectEachAnalysedOnce(result: SimulationResult, clusters: readonly SimCluster[]): void {
  const healthy = clusters.filter((cluster) => cluster.fault === undefined);
  const texts = healthy.map((c) => `${c.account}/${c.region}/${c.name}`);
  expect([...result.analysed.entries()].sort()).toEqual(texts.map((t) => [t, 1]).sort());
  expect([...result.commits.entries()].sort()).toEqual(texts.map((t) => [t, 1]).sort());
  expect([...result.published.entries()].sort()).toEqual(healthy.map((c) => [c.name, 1]).sort());
}

function expectCapHeld(result: SimulationResult, cap: number): void {
  for (const count of [...result.maxQueries.values(), ...result.maxSlots.values()]) {
    expect(count).toBeLessThanOrEqual(cap);
  }
  expect(result.quotaRefusals).toBe(0);
}

describe('fan-out of 200 clusters in simulated time (real dispatcher, worker, limiter and cluster run)', () => {
  it('takes one minute and half a second for one cluster alone (the query, the completing poll, the invocation)', () => {
    // Assess
    expect(oneCluster).toBe(60_491);
  });

  it('one account, cap 20, 20 workers: ten waves, ceil(200 / 20) × one cluster, never more than 20 queries', async () => {
    // Prepare
    const clusters = fleet(200, [A]);
    // Act
    const result = await simulateFanOut({ clusters, cap: 20, workers: 20, queryMs: QUERY_MS });
    // Assess
    expect(result.wallMs).toBe(Math.ceil(200 / 20) * oneCluster);
    expect(result.maxQueries.get(A)).toBe(20);
    expectCapHeld(result, 20);
    expectEachAnalysedOnce(result, clusters);
    expect(result.deferrals).toBe(0);
    expect(result.invocations).toBe(200);
  });

  it('one account, 40 workers for a cap of 20: waiting messages are put back, the cap holds, and the wall time stays within 5 %', async () => {
    // Prepare
    const clusters = fleet(200, [A]);
    // Act
    const result = await simulateFanOut({ clusters, cap: 20, workers: 40, queryMs: QUERY_MS });
    // Assess
    expect(result.wallMs).toBeGreaterThanOrEqual(10 * oneCluster);
    expect(result.wallMs).toBeLessThanOrEqual(10 * oneCluster * 1.05);
    expect(result.maxQueries.get(A)).toBe(20);
    expectCapHeld(result, 20);
    expectEachAnalysedOnce(result, clusters);
    expect(result.deferrals).toBeGreaterThan(0);
    expect(result.deadLetters).toEqual([]);
  });

  it('four accounts of 50 clusters, 80 workers: the accounts run side by side, ceil(50 / 20) × one cluster', async () => {
    // Prepare
    const clusters = fleet(200, ACCOUNTS);
    // Act
    const result = await simulateFanOut({ clusters, cap: 20, workers: 80, queryMs: QUERY_MS });
    // Assess
    expect(result.wallMs).toBe(Math.ceil(50 / 20) * oneCluster);
    expect([...result.maxQueries.values()]).toEqual([20, 20, 20, 20]);
    expectCapHeld(result, 20);
    expectEachAnalysedOnce(result, clusters);
  });

  it('uneven accounts (110, 50, 25, 15 clusters), 80 workers: the largest account sets the pace, ceil(110 / 20) × one cluster (within 10 %: idle workers put its messages back)', async () => {
    // Prepare
    const sizes = [110, 50, 25, 15];
    const clusters = sizes.flatMap((size, i) =>
      fleet(size, [ACCOUNTS[i] ?? A]).map((c) => ({ ...c, name: `${c.name}-${i}` })),
    );
    // Act
    const result = await simulateFanOut({ clusters, cap: 20, workers: 80, queryMs: QUERY_MS });
    // Assess
    expect(result.wallMs).toBeGreaterThanOrEqual(6 * oneCluster);
    expect(result.wallMs).toBeLessThanOrEqual(6 * oneCluster * 1.1);
    expectCapHeld(result, 20);
    expectEachAnalysedOnce(result, clusters);
  });

  it('broken clusters (no access, logging off, throttled) end in the dead letters after three receives, and delay no other cluster', async () => {
    // Prepare
    const faults = { 5: 'no-access', 50: 'logging-off', 120: 'throttled' } as const;
    const clusters = fleet(200, [A]).map((c, i): SimCluster => {
      const fault = faults[i as keyof typeof faults];
      return fault === undefined ? c : { ...c, fault };
    });
    const healthy = await simulateFanOut({
      clusters: clusters.filter((c) => c.fault === undefined),
      cap: 20,
      workers: 20,
      queryMs: QUERY_MS,
    });
    // Act
    const result = await simulateFanOut({ clusters, cap: 20, workers: 20, queryMs: QUERY_MS });
    // Assess: the same wall time as without them; each broken one tried three times.
    expect(result.wallMs).toBe(healthy.wallMs);
    expect(result.wallMs).toBe(Math.ceil(197 / 20) * oneCluster);
    expect([...result.deadLetters].sort((a, b) => a.cluster.localeCompare(b.cluster))).toEqual([
      { cluster: `${A}/eu-west-1/c051`, receives: 3 },
      { cluster: `${A}/eu-west-1/c121`, receives: 3 },
      { cluster: `${A}/us-east-2/c006`, receives: 3 },
    ]);
    for (const dead of result.deadLetters) expect(result.runs.get(dead.cluster)).toBe(3);
    expectCapHeld(result, 20);
    expectEachAnalysedOnce(result, clusters);
  });

  it('any cap, worker count and spread over accounts: the cap holds and every cluster is analysed exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 1000 }),
        async (count, accounts, cap, workers, seed) => {
          // Prepare
          const clusters = fleet(count, ACCOUNTS.slice(0, accounts));
          // Act
          const result = await simulateFanOut({ clusters, cap, workers, queryMs: 20_000, seed });
          // Assess
          expectCapHeld(result, cap);
          expectEachAnalysedOnce(result, clusters);
          expect(result.deadLetters).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
    // 25 simulated fan-outs of up to 200 clusters: about 2 s on an idle machine; the runner's
    // limit is raised so that a loaded shared machine does not fail it (it measures no time).
  }, 30_000);
});
