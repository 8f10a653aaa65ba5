import { type BackoffPolicy, POLL_BACKOFF } from '#app/backoff.ts';
import { dispatchClusterWork } from '#app/fanout/dispatch.ts';
import { processClusterWork, type WorkOutcome } from '#app/fanout/process-work.ts';
import type { ClusterRunner } from '#app/fanout/run-cluster-work.ts';
import { type ClusterSpec, clusterSpecText } from '#core/clusters/cluster-spec.ts';
import type { ClusterWork } from '#core/clusters/cluster-work.ts';
import { ClusterAccessError, LogGroupNotFoundError } from '#core/errors.ts';
import type {
  LogsInsightsPort,
  QueryResultsPage,
  StartQueryRequest,
  StartQueryResult,
} from '#core/gateways.ts';
import { DEFAULT_WINDOW_PLAN } from '#core/window/plan-window.ts';
import { MemoryAlertStore, MemoryNotifier } from '#test/helpers/memory-alerts.ts';
import { MemorySlots } from '#test/helpers/memory-slots.ts';
import { MemoryWindowStore } from '#test/helpers/memory-window-store.ts';
import { MemoryWorkQueue } from '#test/helpers/memory-work-queue.ts';
import { klogTime } from '#test/helpers/moto-logs.ts';
import { clusterSgDefaults, nodeEni, snapshotOf, xenis } from '#test/helpers/network-fixture.ts';
import { SimClock } from '#test/helpers/sim-clock.ts';
import { runClusterWork } from '#wiring/analyze-services.ts';

/** How a simulated cluster breaks: AssumeRole refused, API-server logging off, or throttled. */
export type SimFault = 'no-access' | 'logging-off' | 'throttled';

/** One simulated cluster. */
export interface SimCluster extends ClusterSpec {
  readonly account: string;
  readonly fault?: SimFault;
}

/** A fan-out to simulate. */
export interface SimulationSpec {
  readonly clusters: readonly SimCluster[];
  /** Logs Insights runs per account at once (the limiter's cap). */
  readonly cap: number;
  /** Concurrent worker loops (the event source mapping's MaximumConcurrency). */
  readonly workers: number;
  /** How long every Logs Insights query runs (simulated ms). */
  readonly queryMs: number;
  /** Per worker invocation before the handler runs (simulated ms, default 100). */
  readonly invocationMs?: number;
  /** The queue's redrive policy (default 3). */
  readonly maxReceiveCount?: number;
  /** The account quota the fake Logs Insights enforces (default 30, AWS's). */
  readonly quota?: number;
  /** Seed of the deterministic jitter. */
  readonly seed?: number;
  /** The worker's put-back backoff (default the product's DEFER_BACKOFF). */
  readonly deferBackoff?: BackoffPolicy;
}

/** What a simulation measured (times in simulated ms from the dispatch). */
export interface SimulationResult {
  /** When the last healthy cluster's run finished. */
  readonly wallMs: number;
  /** When the queue became empty (broken clusters dead-lettered). */
  readonly settledMs: number;
  /** Per account, the most Logs Insights queries running at once. */
  readonly maxQueries: ReadonlyMap<string, number>;
  /** Per account, the most slots held at once. */
  readonly maxSlots: ReadonlyMap<string, number>;
  /** StartQuery refusals because the account quota was full (0 when the cap holds). */
  readonly quotaRefusals: number;
  /** Per cluster (`account/region/name`): runs started, and runs that analysed it. */
  readonly runs: ReadonlyMap<string, number>;
  readonly analysed: ReadonlyMap<string, number>;
  /** Window commits per cluster. */
  readonly commits: ReadonlyMap<string, number>;
  /** Notifications published per cluster name. */
  readonly published: ReadonlyMap<string, number>;
  /** Clusters whose message ended in the dead-letter queue, with its receive count. */
  readonly deadLetters: readonly { readonly cluster: string; readonly receives: number }[];
  /** When each healthy cluster's run finished. */
  readonly finishedAt: ReadonlyMap<string, number>;
  readonly deferrals: number;
  readonly invocations: number;
}

const T0 = Date.UTC(2026, 10, 28, 15);
const SETTINGS = { windowPlan: DEFAULT_WINDOW_PLAN, resolveAfterMs: 3_600_000 };

/** A cluster's network: the metrics-server pod's port 10251 is not open to the control plane. */
function snapshotFor(cluster: string) {
  return snapshotOf({ cluster, enis: [...xenis(cluster), nodeEni()], rules: clusterSgDefaults() });
}

/**
 * Runs a whole fan-out in simulated time: the real dispatcher sends one message per cluster to
 * an SQS-like in-memory queue; `workers` loops receive one message at a time (as the event
 * source mapping with batch size 1) and run the real worker (`processClusterWork`): the real
 * limiter over in-memory slots with DynamoDB's conditions, the real cluster run
 * (`runClusterAnalysis`: window plan, Logs Insights polling, classifier, snapshot, alerts,
 * commit) over fake ports whose queries take `queryMs`. Messages the worker fails come back
 * after its retry backoff and move to the dead letters after `maxReceiveCount` receives.
 */
export async function simulateFanOut(spec: SimulationSpec): Promise<SimulationResult> {
  const clock = new SimClock(T0);
  const random = mulberry32(spec.seed ?? 7);
  const maxReceiveCount = spec.maxReceiveCount ?? 3;
  const queue = new MemoryWorkQueue(clock, { visibilityTimeoutMs: 1_800_000, maxReceiveCount });
  const slots = new MemorySlots();
  const insights = new SimInsights(clock, spec.queryMs, spec.quota ?? 30);
  const windows = new MemoryWindowStore();
  const alerts = new MemoryAlertStore();
  const notifier = new MemoryNotifier();
  const byText = new Map(spec.clusters.map((cluster) => [clusterSpecText(cluster), cluster]));
  const runs = new Map<string, number>();
  const analysed = new Map<string, number>();
  const finishedAt = new Map<string, number>();
  const run: ClusterRunner = (work: ClusterWork, signal?: AbortSignal) => {
    const text = clusterSpecText(work.cluster);
    bump(runs, text);
    const cluster = byText.get(text);
    const snapshot = snapshotFor(work.cluster.name);
    const portsFor = async () => {
      if (cluster?.fault === 'no-access') {
        throw new ClusterAccessError(text, 'AssumeRole failed: AccessDenied');
      }
      return {
        insights: insights.forCluster(work.cluster.account ?? '', cluster?.fault),
        network: { readSnapshot: async () => snapshot },
        clock,
        windows,
        alerts,
        notifier,
      };
    };
    // The waves are measured in whole cluster runs: the poll jitter that spreads real workers
    // is switched off so that every cluster's run takes the same simulated time.
    return runClusterWork(portsFor, work, SETTINGS, {
      signal,
      maxQuotaRetries: 1,
      random,
      pollBackoff: STEADY_POLLS,
    });
  };
  const deps = { slots, queue, clock, run, random };
  const settings = {
    configured: spec.clusters,
    cap: spec.cap,
    leaseMs: 900_000,
    deferBackoff: spec.deferBackoff,
  };
  const works = spec.clusters.map((cluster) => ({
    cluster,
    trigger: 'schedule' as const,
    sinceMs: null,
    dryRun: false,
    notify: true,
    dispatchedAt: T0,
    deferrals: 0,
    kubernetes: null,
  }));
  const dispatched = await dispatchClusterWork(queue, works);
  if (dispatched.failed.length > 0) throw new Error('dispatch failed');

  let busy = 0;
  let deferrals = 0;
  let invocations = 0;
  const record = (outcome: WorkOutcome): void => {
    if (outcome.kind === 'deferred') deferrals++;
    if (outcome.kind === 'done' && outcome.result.status === 'analysed') {
      const text = clusterSpecText(outcome.work.cluster);
      bump(analysed, text);
      finishedAt.set(text, clock.now() - T0);
    }
  };
  const worker = async (n: number): Promise<void> => {
    for (;;) {
      if (queue.messages.size === 0 && busy === 0) return;
      const [received] = queue.receive(1);
      if (received === undefined) {
        const next = queue.nextVisibleAt();
        await clock.sleep(
          next === null ? 1_000 : Math.min(20_000, Math.max(10, next - clock.now())),
        );
        continue;
      }
      busy++;
      invocations++;
      await clock.sleep(spec.invocationMs ?? 100);
      const outcome = await processClusterWork(deps, received, settings, {
        holder: `worker-${n}/${received.messageId}#${received.receiveCount}`,
      });
      record(outcome);
      if (outcome.kind === 'done' || outcome.kind === 'deferred')
        queue.delete(received.receiptHandle);
      busy--;
    }
  };
  // The loops left parked in an idle sleep once everything settled are simply dropped.
  for (let n = 0; n < spec.workers; n++) void worker(n);
  await clock.run(() => queue.messages.size === 0 && busy === 0, 24 * 3_600_000);

  const commits = new Map<string, number>();
  for (const key of windows.ends.keys()) bump(commits, key.replace(/^cluster#/, ''));
  const published = new Map<string, number>();
  for (const message of notifier.published) {
    const cluster = message.attributes.cluster?.value ?? '?';
    bump(published, cluster);
  }
  const healthyDone = [...finishedAt.values()];
  return {
    wallMs: healthyDone.length === 0 ? 0 : Math.max(...healthyDone),
    settledMs: clock.now() - T0,
    maxQueries: insights.maxRunning,
    maxSlots: slots.maxHeld,
    quotaRefusals: insights.quotaRefusals,
    runs,
    analysed,
    commits,
    published,
    deadLetters: queue.deadLetters.map((message) => ({
      cluster: (JSON.parse(message.body) as { cluster: string }).cluster,
      receives: message.receiveCount,
    })),
    finishedAt,
    deferrals,
    invocations,
  };
}

/**
 * Logs Insights of every simulated account: a query runs `queryMs` from StartQuery, then is
 * `Complete` with two metrics-server timeouts; an account refuses StartQuery while `quota`
 * of its queries run. Records the most queries each account ran at once.
 */
class SimInsights {
  readonly maxRunning = new Map<string, number>();
  quotaRefusals = 0;
  private readonly queries = new Map<
    string,
    { account: string; doneAt: number; window: StartQueryRequest }
  >();
  private next = 0;

  constructor(
    private readonly clock: SimClock,
    private readonly queryMs: number,
    private readonly quota: number,
  ) {}

  forCluster(account: string, fault: SimFault | undefined): LogsInsightsPort {
    return {
      startQuery: async (request) => this.start(account, request, fault),
      getQueryResults: async (queryId) => this.results(queryId),
      stopQuery: async (queryId) => this.queries.delete(queryId),
    };
  }

  private start(
    account: string,
    request: StartQueryRequest,
    fault: SimFault | undefined,
  ): StartQueryResult {
    if (fault === 'logging-off')
      throw new LogGroupNotFoundError('StartQuery', request.logGroupName);
    const now = this.clock.now();
    const running = [...this.queries.values()].filter(
      (q) => q.account === account && q.doneAt > now,
    );
    if (fault === 'throttled' || running.length >= this.quota) {
      if (fault !== 'throttled') this.quotaRefusals++;
      return {
        outcome: 'limit-exceeded',
        message: 'LimitExceededException: too many concurrent queries',
      };
    }
    const queryId = `q-${++this.next}`;
    this.queries.set(queryId, { account, doneAt: now + this.queryMs, window: request });
    this.maxRunning.set(account, Math.max(this.maxRunning.get(account) ?? 0, running.length + 1));
    return { outcome: 'started', queryId };
  }

  private results(queryId: string): QueryResultsPage {
    const query = this.queries.get(queryId);
    if (query === undefined) throw new Error(`unknown query ${queryId}`);
    if (this.clock.now() < query.doneAt) {
      return { status: 'Running', rows: [], statistics: null, nextToken: null };
    }
    const end = query.window.endTime * 1000;
    const rows = [end - 120_000, end - 60_000].map((at) => [
      { field: '@timestamp', value: String(at) },
      { field: '@logStream', value: 'kube-apiserver-0123456789abcdef0123456789abcdef' },
      { field: '@message', value: metricsServerTimeout(at) },
      { field: '@ptr', value: `ptr-${queryId}-${at}` },
    ]);
    const statistics = { recordsMatched: rows.length, recordsScanned: 1000, bytesScanned: 100_000 };
    return { status: 'Complete', rows, statistics, nextToken: null };
  }
}

function metricsServerTimeout(at: number): string {
  const url = 'https://10.0.1.77:10251/apis/metrics.k8s.io/v1beta1';
  return `E${klogTime(at)}      10 remote_available_controller.go:448] "Unhandled Error" err="v1beta1.metrics.k8s.io failed with: failing or missing response from ${url}: Get \\"${url}\\": dial tcp 10.0.1.77:10251: i/o timeout" logger="UnhandledError"`;
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

const STEADY_POLLS = { ...POLL_BACKOFF, jitter: 0 };

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * `count` clusters named `c001`... spread over `accounts` in turn (round robin), in two Regions.
 *
 * @example
 * fleet(200, ['111111111111']).length; // 200
 */
export function fleet(count: number, accounts: readonly string[]): SimCluster[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `c${String(i + 1).padStart(3, '0')}`,
    account: accounts[i % accounts.length] ?? '111111111111',
    region: i % 2 === 0 ? 'eu-west-1' : 'us-east-2',
  }));
}
