import { ClusterNotFoundError } from '#core/errors.ts';
import type {
  ClusterControlPort,
  ClusterLogging,
  ClusterUpdateState,
  EksLogType,
  LogGroupRetention,
  LoggingUpdateResult,
  LogRetentionPort,
} from '#core/gateways.ts';

/**
 * EKS clusters in memory with the real service's logging semantics: an update changes only the
 * types it names (AWS merges), and is applied after `updateStatuses` have been polled.
 */
export class FakeEks implements ClusterControlPort {
  readonly clusters = new Map<string, Set<string>>();
  readonly updates: { name: string; types: readonly EksLogType[]; enabled: boolean }[] = [];
  /** DescribeUpdate answers, in order; the last one repeats. */
  updateStatuses: string[] = ['InProgress', 'Successful'];
  updateErrors: string[] = [];
  /** What the next UpdateClusterConfig does instead of starting an update. */
  nextUpdate: LoggingUpdateResult | Error | null = null;
  returnsUpdateId = true;
  private polls = 0;

  constructor(clusters: Record<string, readonly string[]> = {}) {
    for (const [name, types] of Object.entries(clusters)) this.clusters.set(name, new Set(types));
  }

  async describeCluster(name: string): Promise<ClusterLogging> {
    const types = this.clusters.get(name);
    if (!types) throw new ClusterNotFoundError('DescribeCluster', name);
    return { name, status: 'ACTIVE', enabledTypes: [...types] };
  }

  async updateClusterLogging(
    name: string,
    setup: { readonly types: readonly EksLogType[]; readonly enabled: boolean },
  ): Promise<LoggingUpdateResult> {
    this.updates.push({ name, ...setup });
    const next = this.nextUpdate;
    this.nextUpdate = null;
    if (next instanceof Error) throw next;
    if (next) return next;
    const types = this.clusters.get(name);
    if (!types) throw new ClusterNotFoundError('UpdateClusterConfig', name);
    for (const type of setup.types) setup.enabled ? types.add(type) : types.delete(type);
    return {
      outcome: 'started',
      updateId: this.returnsUpdateId ? `upd-${this.updates.length}` : null,
    };
  }

  async describeUpdate(): Promise<ClusterUpdateState> {
    const status =
      this.updateStatuses[Math.min(this.polls++, this.updateStatuses.length - 1)] ?? '';
    return { status, errors: this.updateErrors };
  }
}

/** Log groups in memory: name → retention days (`null`: unlimited). */
export class FakeRetention implements LogRetentionPort {
  readonly groups = new Map<string, number | null>();
  readonly puts: { logGroupName: string; days: number }[] = [];
  failPut: Error | null = null;

  async describeRetention(logGroupName: string): Promise<LogGroupRetention> {
    if (!this.groups.has(logGroupName)) return { exists: false, retentionDays: null };
    return { exists: true, retentionDays: this.groups.get(logGroupName) ?? null };
  }

  async createLogGroup(logGroupName: string): Promise<'created' | 'exists'> {
    if (this.groups.has(logGroupName)) return 'exists';
    this.groups.set(logGroupName, null);
    return 'created';
  }

  async putRetentionPolicy(logGroupName: string, days: number): Promise<void> {
    if (this.failPut) throw this.failPut;
    this.puts.push({ logGroupName, days });
    this.groups.set(logGroupName, days);
  }
}
