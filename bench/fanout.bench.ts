/**
 * Wall time of a scheduled fan-out, in simulated time (test/helpers/fanout-sim.ts: the real
 * dispatcher, worker, limiter and cluster run over an SQS-like queue and in-memory slots; every
 * query runs a minute). The figure is the wall time until the last cluster is analysed divided
 * by the ideal, ceil(clusters of the busiest account / cap) × the time of one cluster alone.
 */
import { fleet, type SimCluster, simulateFanOut } from '#test/helpers/fanout-sim.ts';

const QUERY_MS = 60_000;
const CAP = 20;
const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444'];

interface Scenario {
  readonly name: string;
  readonly clusters: readonly SimCluster[];
  readonly workers: number;
  readonly busiest: number;
}

function uneven(): SimCluster[] {
  return [110, 50, 25, 15].flatMap((size, i) =>
    fleet(size, [ACCOUNTS[i] ?? '111111111111']).map((c) => ({ ...c, name: `${c.name}-${i}` })),
  );
}

function broken(): SimCluster[] {
  const faults = { 5: 'no-access', 50: 'logging-off', 120: 'throttled' } as const;
  return fleet(200, [ACCOUNTS[0] ?? '']).map((c, i) => {
    const fault = faults[i as keyof typeof faults];
    return fault === undefined ? c : { ...c, fault };
  });
}

const SCENARIOS: readonly Scenario[] = [
  { name: '200x1-account', clusters: fleet(200, [ACCOUNTS[0] ?? '']), workers: 20, busiest: 200 },
  {
    name: '200x1-account-40-workers',
    clusters: fleet(200, [ACCOUNTS[0] ?? '']),
    workers: 40,
    busiest: 200,
  },
  { name: '200x4-accounts', clusters: fleet(200, ACCOUNTS), workers: 80, busiest: 50 },
  { name: '200-uneven-accounts', clusters: uneven(), workers: 80, busiest: 110 },
  { name: '200x1-account-3-broken', clusters: broken(), workers: 20, busiest: 197 },
];

/** Runs every scenario; one figure each. */
export async function run(): Promise<
  { name: string; ratio: number; target: string; extra?: string[] }[]
> {
  const one = (
    await simulateFanOut({
      clusters: fleet(1, [ACCOUNTS[0] ?? '']),
      cap: CAP,
      workers: 1,
      queryMs: QUERY_MS,
    })
  ).wallMs;
  const figures = [];
  for (const scenario of SCENARIOS) {
    const result = await simulateFanOut({
      clusters: scenario.clusters,
      cap: CAP,
      workers: scenario.workers,
      queryMs: QUERY_MS,
    });
    const ideal = Math.ceil(scenario.busiest / CAP) * one;
    const most = Math.max(...result.maxQueries.values());
    figures.push({
      name: `fanout-wall-${scenario.name}`,
      ratio: result.wallMs / ideal,
      target: '<=1.10',
      extra: [
        `wall ${(result.wallMs / 1000).toFixed(1)} s vs ceil(${scenario.busiest}/${CAP}) × ${(one / 1000).toFixed(3)} s = ${(ideal / 1000).toFixed(1)} s`,
        `${scenario.workers} workers, cap ${CAP}: at most ${most} queries in one account at once`,
        `${result.deferrals} put back, ${result.deadLetters.length} dead-lettered, ${result.invocations} invocations`,
      ],
    });
  }
  return figures;
}
