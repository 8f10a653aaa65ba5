import type { NetworkSnapshot } from '#core/network/snapshot-schema.ts';

/**
 * The narrow interfaces the core needs from the outside world. Adapters in `src/adapters/`
 * implement them over the AWS SDK; tests implement them in memory. Each port covers exactly the
 * calls the core makes, nothing more.
 */

import type { AlertState } from '#core/alerts/alert-state.ts';
import type { ClusterObjects } from '#core/k8s/objects.ts';
import type { DriftState } from '#core/plan/drift.ts';
import type { SettleState } from '#core/window/settle.ts';

/** The current time, passed in so window maths, backoff and dedupe can be tested at their boundaries. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` (or rejects with the signal's reason when aborted). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The time by the AWS services' own clock (the `Date` of their responses), to check the local
 * clock against: a window is never planned past it, whatever the local clock says.
 */
export interface ServerTime {
  /** Milliseconds since the epoch by the service's clock, or `null` when not known yet. */
  now(): number | null;
}

// ── Live analysis: Logs Insights, EKS logging, log retention, window state ──────────────────────

/** Every status GetQueryResults documents. Adapters pass other strings through unchanged. */
export type QueryStatus =
  | 'Scheduled'
  | 'Running'
  | 'Complete'
  | 'Failed'
  | 'Cancelled'
  | 'Timeout'
  | 'Unknown';

/** One cell of a Logs Insights result row, e.g. `{field: '@message', value: 'I0101 ...'}`. */
export interface QueryField {
  readonly field: string;
  readonly value: string;
}

/** One result row: the fields the query returned for one log event. */
export type QueryRow = readonly QueryField[];

/** What a query read and matched (GetQueryResults `statistics`, zero when not reported). */
export interface QueryStatistics {
  readonly recordsScanned: number;
  readonly recordsMatched: number;
  readonly bytesScanned: number;
}

/** A StartQuery request; `startTime`/`endTime` are epoch seconds, both inclusive (AWS semantics). */
export interface StartQueryRequest {
  readonly logGroupName: string;
  readonly queryString: string;
  readonly startTime: number;
  readonly endTime: number;
  /** Rows the query may return (1..10,000; up to 100,000 with pagination, Logs Insights QL only). */
  readonly limit: number;
}

/** StartQuery's outcome: started, or refused because the account's concurrent-query quota is full. */
export type StartQueryResult =
  | { readonly outcome: 'started'; readonly queryId: string }
  | { readonly outcome: 'limit-exceeded'; readonly message: string };

/** One GetQueryResults page. `status` is the raw service value (see {@link QueryStatus}). */
export interface QueryResultsPage {
  readonly status: string;
  readonly rows: readonly QueryRow[];
  /** `null` when the service reported none. */
  readonly statistics: QueryStatistics | null;
  /** Token of the next page of a complete query's results, `null` on the last page. */
  readonly nextToken: string | null;
}

/** One log stream of a log group, as DescribeLogStreams reports it. */
export interface LogStreamInfo {
  readonly name: string;
  /** Epoch ms; exact. `null` when not reported. */
  readonly creationTime: number | null;
  /** Epoch ms; AWS updates it eventually (typically within an hour). `null` when not reported. */
  readonly lastIngestionTime: number | null;
}

/**
 * CloudWatch Logs Insights: exactly StartQuery, GetQueryResults and StopQuery, and
 * DescribeLogStreams to choose the streams a query reads.
 */
export interface LogsInsightsPort {
  /**
   * The log group's streams whose names start with `prefix` (every page).
   * @throws LogGroupNotFoundError when the log group does not exist.
   */
  listLogStreams?(
    logGroupName: string,
    prefix: string,
    signal?: AbortSignal,
  ): Promise<readonly LogStreamInfo[]>;
  /** @throws LogGroupNotFoundError when the log group does not exist. */
  startQuery(request: StartQueryRequest, signal?: AbortSignal): Promise<StartQueryResult>;
  getQueryResults(
    queryId: string,
    options?: { readonly nextToken?: string | null; readonly signal?: AbortSignal },
  ): Promise<QueryResultsPage>;
  /** Resolves `false` when the query had already ended (nothing to stop). */
  stopQuery(queryId: string): Promise<boolean>;
}

/** The EKS control-plane log types. */
export type EksLogType = 'api' | 'audit' | 'authenticator' | 'controllerManager' | 'scheduler';

/** What DescribeCluster says about a cluster's control-plane logging. */
export interface ClusterLogging {
  readonly name: string;
  /** `ACTIVE`, `UPDATING`, `CREATING`, ... as EKS reports it. */
  readonly status: string;
  /** Log types in an enabled `clusterLogging` entry. */
  readonly enabledTypes: readonly string[];
}

/** UpdateClusterConfig's outcome for a logging change. */
export type LoggingUpdateResult =
  /** Accepted; `updateId` is `null` when the service returned no `update` object. */
  | { readonly outcome: 'started'; readonly updateId: string | null }
  /** InvalidParameterException "No changes needed": the requested setup is already in place. */
  | { readonly outcome: 'no-changes' }
  /** ResourceInUseException: another cluster update is in progress. */
  | { readonly outcome: 'update-in-progress'; readonly message: string };

/** DescribeUpdate's view of one cluster update. `status` is the raw service value. */
export interface ClusterUpdateState {
  readonly status: string;
  readonly errors: readonly string[];
}

/** EKS: the calls needed to turn a control-plane log type on. */
export interface ClusterControlPort {
  /** @throws ClusterNotFoundError when the cluster does not exist. */
  describeCluster(name: string): Promise<ClusterLogging>;
  /** Sends exactly one `clusterLogging` entry: `setup`. */
  updateClusterLogging(
    name: string,
    setup: { readonly types: readonly EksLogType[]; readonly enabled: boolean },
  ): Promise<LoggingUpdateResult>;
  describeUpdate(name: string, updateId: string): Promise<ClusterUpdateState>;
}

/** A log group's retention as DescribeLogGroups reports it. */
export interface LogGroupRetention {
  readonly exists: boolean;
  /** `null` when the group keeps events forever (no policy). */
  readonly retentionDays: number | null;
}

/** CloudWatch Logs: the calls that bound a log group's retention. */
export interface LogRetentionPort {
  describeRetention(logGroupName: string): Promise<LogGroupRetention>;
  /** Resolves `'exists'` when another writer created the group first. */
  createLogGroup(logGroupName: string): Promise<'created' | 'exists'>;
  putRetentionPolicy(logGroupName: string, days: number): Promise<void>;
}

/** A cluster as the state table keys it; account and region are optional. */
export interface ClusterRef {
  readonly name: string;
  readonly account?: string | null;
  readonly region?: string | null;
}

/** The result of a conditional commit of a cluster's window end. */
export type WindowCommitResult =
  | { readonly outcome: 'committed' }
  /** Another run moved the end first; `currentEndSec` is what the store holds now. */
  | { readonly outcome: 'conflict'; readonly currentEndSec: number | null };

/**
 * The last committed window end per cluster (epoch seconds, exclusive), with conditional writes,
 * and the late-event settle state committed with it.
 */
export interface WindowStore {
  /** `null` when no window was ever committed for the cluster. */
  load(cluster: ClusterRef): Promise<number | null>;
  /** What was committed with the end (each `null` when never committed: first run, older state). */
  loadExtras(cluster: ClusterRef): Promise<WindowExtras>;
  /**
   * Stores `newEndSec` (and `extras`, when given) only when the stored end is still
   * `expectedPreviousEndSec`.
   */
  commit(
    cluster: ClusterRef,
    expectedPreviousEndSec: number | null,
    newEndSec: number,
    extras?: WindowExtras,
  ): Promise<WindowCommitResult>;
}

/** What a cluster's window item keeps besides its end. */
export interface WindowExtras {
  /** The late-event settle state. */
  readonly settle: SettleState | null;
  /** The longest window (seconds) the next run reads: halved after a window timed out. */
  readonly pieceSec: number | null;
}

/** A held run lease on one cluster (see {@link RunLeases}). */
export interface RunLease {
  /** Unique per acquisition, so only the holder releases it. */
  readonly holder: string;
  /** Epoch ms; the lease counts as free after it even if never released (a crashed run). */
  readonly expiresAt: number;
}

/** One run per cluster at a time: a lease taken with a conditional write (DynamoDB in production). */
export interface RunLeases {
  /** Takes the cluster's lease until `expiresAt` when free or expired at `now`; `null` when held. */
  acquire(cluster: ClusterRef, now: number, expiresAt: number): Promise<RunLease | null>;
  /** Gives the lease back if `lease.holder` still holds it; `false` when it no longer did. */
  release(cluster: ClusterRef, lease: RunLease): Promise<boolean>;
}

// ── Notifications and alert state ──────────────────────────────────────────────────────────────

/** Alert state of one cluster, kept between runs (one DynamoDB partition per cluster). */
export interface AlertStateStore {
  /** Every alert item of the cluster: open, resolved, and expired ones TTL has not deleted yet. */
  load(clusterKey: string): Promise<AlertState[]>;
  /**
   * Writes the given states, each on condition that the stored item is still at the revision the
   * run loaded (or already holds exactly this write, so a retried save succeeds).
   * Throws `StateConflictError` naming the items another run wrote first.
   */
  save(clusterKey: string, states: readonly AlertState[]): Promise<void>;
}

/** The drift report's memory of what it already notified, per cluster (the same state table). */
export interface DriftStateStore {
  /** Every drift item of the cluster, expired ones TTL has not deleted yet included. */
  load(clusterKey: string): Promise<DriftState[]>;
  /** Writes the given states (each a whole item: a retried save writes the same). */
  save(clusterKey: string, states: readonly DriftState[]): Promise<void>;
}

/** One SNS message attribute (used by subscription filter policies). */
export interface OutboundAttribute {
  readonly dataType: 'String' | 'Number' | 'String.Array';
  readonly value: string;
}

/** A rendered notification, ready for SNS `Publish` with `MessageStructure: "json"`. */
export interface OutboundMessage {
  /** ASCII, no line breaks, fewer than 100 characters. */
  readonly subject: string;
  /** The JSON object of per-protocol strings (`default`, `email`, `sqs`, `lambda`, `https`). */
  readonly message: string;
  readonly attributes: Readonly<Record<string, OutboundAttribute>>;
}

/** Publishes rendered notifications (SNS in production). */
export interface Notifier {
  /** Publishes one message and returns the id the service gave it. Throws `AwsCallError`. */
  publish(message: OutboundMessage): Promise<{ readonly messageId: string }>;
}

/** A secret read at run time (SSM SecureString or Secrets Manager); never logged. */
export interface SecretSource {
  /** Where the secret lives, for error messages (`SSM parameter /x/y`); never the value. */
  readonly label: string;
  /** The secret value. Throws `AwsCallError` or `ConfigError`; messages never contain the value. */
  read(): Promise<string>;
}

// ── Network snapshot ─────────────────────────────────────────────────────────────────────────────

/**
 * Reads one cluster's network as a snapshot (the AWS CLI's output shapes): the cluster, the
 * network interfaces of its VPC, the rules of every group seen, those groups, and the prefix
 * lists the rules refer to.
 */
export interface NetworkReader {
  /** @throws AwsCallError naming the failed operation and resource. */
  readSnapshot(clusterName: string, signal?: AbortSignal): Promise<NetworkSnapshot>;
}

// ── Kubernetes API (audit) ──────────────────────────────────────────────────────────────────────

/** How to reach an EKS cluster's Kubernetes API: its endpoint and the CA that signs its certificate. */
export interface ClusterAccess {
  readonly cluster: string;
  /** `https://…eks.amazonaws.com`, without a trailing slash. */
  readonly endpoint: string;
  /** The cluster CA certificate (PEM), the only CA trusted for the endpoint. */
  readonly certificateAuthorityPem: string;
}

/** EKS DescribeCluster, narrowed to what reaching the Kubernetes API needs. */
export interface ClusterAccessSource {
  describeClusterAccess(cluster: string, signal?: AbortSignal): Promise<ClusterAccess>;
}

/** Reads, from a cluster's Kubernetes API, the objects the control plane calls (read-only). */
export interface ClusterObjectsReader {
  readClusterObjects(signal?: AbortSignal): Promise<ClusterObjects>;
}

/** Opens a cluster's Kubernetes API by name and reads those objects (one connection per call). */
export interface ClusterKubernetesReader {
  /**
   * @throws ClusterNotFoundError, AwsCallError when the cluster cannot be described;
   *   KubernetesApiError when the API refuses a read (a 403 names the missing permission).
   */
  readClusterObjects(cluster: string, signal?: AbortSignal): Promise<ClusterObjects>;
}

// ── Fan-out: the cluster work queue and the per-account Logs Insights slots ──────────────────────

/** A message for the cluster work queue. */
export interface OutboundWork {
  /** Unique within one `send` call (the batch entry id): letters, digits, `-` and `_`. */
  readonly id: string;
  readonly body: string;
  /** Seconds before the message can be received (0..900). */
  readonly delaySeconds: number;
}

/** What sending one message did. */
export type WorkSendResult =
  | { readonly id: string; readonly outcome: 'sent'; readonly messageId: string }
  | { readonly id: string; readonly outcome: 'failed'; readonly message: string };

/** The cluster work queue (SQS in production): exactly what the dispatcher and the worker call. */
export interface WorkQueue {
  /**
   * Sends messages (the adapter batches them, ten per call); one result per message, in order.
   * A refused message, or every message of a call that failed as a whole, is `failed`.
   */
  send(messages: readonly OutboundWork[]): Promise<WorkSendResult[]>;
  /** Makes a received message visible again in `seconds` (0..43,200). Throws AwsCallError. */
  setVisibility(receiptHandle: string, seconds: number): Promise<void>;
}

/** One leased slot of an account's Logs Insights concurrency. */
export interface SlotLease {
  /** The account id whose quota the slot counts against. */
  readonly scope: string;
  /** Slot number, `0 .. cap - 1`. */
  readonly index: number;
  /** Who holds it (unique per run), so only the holder releases it. */
  readonly holder: string;
  /** What holds it, for people reading the table (`account/region/name`). */
  readonly label: string;
  /** Epoch ms; the slot counts as free after it even if never released (a crashed run). */
  readonly expiresAt: number;
}

/** Leased concurrency slots with conditional writes (DynamoDB in production). */
export interface ConcurrencySlots {
  /** The stored slots of `scope`, expired ones included; strongly consistent. */
  list(scope: string): Promise<readonly SlotLease[]>;
  /** Stores `lease` when its slot is absent or its lease ended before `now`; `false` when held. */
  take(lease: SlotLease, now: number): Promise<boolean>;
  /** Deletes the slot if `lease.holder` still holds it; `false` when it no longer did. */
  release(lease: SlotLease): Promise<boolean>;
}

/** A notification id held for posting, until it is posted or given back. */
export interface NotificationClaim {
  readonly id: string;
  /** Unique per delivery, so only the claimant marks it posted or gives it back. */
  readonly holder: string;
}

/**
 * Which alert notifications were posted, across every container and retry (DynamoDB in
 * production): a claim is a conditional write, so of two deliveries of one id one posts.
 */
export interface NotificationLedger {
  /** Claims `id` for `claimMs` from `now`; `null` when it is posted, or claimed by another delivery. */
  claim(id: string, now: number, claimMs: number): Promise<NotificationClaim | null>;
  /** Records the claimed id as posted, kept until `now + keepMs`. */
  posted(claim: NotificationClaim, now: number, keepMs: number): Promise<void>;
  /** Gives a claim back after a failed post, so a retry can post it. */
  release(claim: NotificationClaim, now: number): Promise<void>;
}
