/**
 * The project's error hierarchy. Every error names the offending input in its message, so the CLI
 * can print `error.message` as its one-line diagnosis and the Lambdas can log it as is.
 *
 * - {@link AdvisorError}: base class; catch it to handle anything this project throws on purpose.
 * - {@link InputError}: bad user input (files, flags, events, snapshots). The CLI exits 2.
 * - {@link ConfigError}: a missing or invalid environment variable, raised at cold start.
 * - {@link AwsCallError}: an AWS call failed; names the operation and the resource.
 * - {@link KubernetesApiError}: a Kubernetes API call failed; names the request or permission.
 */
export class AdvisorError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AdvisorError';
  }
}

const INPUT_ERROR = Symbol.for('eks-sg-advisor.InputError');

/** Bad input from the user: an unreadable file, a wrong flag, a malformed snapshot or event. */
export class InputError extends AdvisorError {
  /** A global brand: each CLI command is bundled on its own, so `instanceof` cannot cross bundles. */
  readonly [INPUT_ERROR] = true;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InputError';
  }
}

/**
 * Whether `error` is an {@link InputError}, also when it was thrown by a separately bundled copy of
 * this module (the CLI loads each command as its own bundle).
 *
 * @example
 * isInputError(new InputError('--x is bad')); // true
 */
export function isInputError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && INPUT_ERROR in error;
}

/** A missing or invalid setting; the message names the environment variable. */
export class ConfigError extends AdvisorError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** An AWS call failed. `operation` is the API name (e.g. `StartQuery`), `cause` the SDK error. */
export class AwsCallError extends AdvisorError {
  readonly operation: string;

  constructor(operation: string, message: string, options?: ErrorOptions) {
    super(`${operation}: ${message}`, options);
    this.name = 'AwsCallError';
    this.operation = operation;
  }
}

/** A log group does not exist (StartQuery or retention calls on `/aws/eks/<name>/cluster`). */
export class LogGroupNotFoundError extends AwsCallError {
  readonly logGroupName: string;

  constructor(operation: string, logGroupName: string, options?: ErrorOptions) {
    super(operation, `log group ${logGroupName} does not exist`, options);
    this.name = 'LogGroupNotFoundError';
    this.logGroupName = logGroupName;
  }
}

/** The EKS cluster named in the message does not exist in this account and region. */
export class ClusterNotFoundError extends AwsCallError {
  readonly cluster: string;

  constructor(operation: string, cluster: string, options?: ErrorOptions) {
    super(operation, `cluster ${cluster} not found in this account and region`, options);
    this.name = 'ClusterNotFoundError';
    this.cluster = cluster;
  }
}

/** The cluster's API-server logs were never delivered: its log group is missing. */
export class LoggingNotEnabledError extends AdvisorError {
  readonly cluster: string;

  constructor(cluster: string, options?: ErrorOptions) {
    super(
      `cluster ${cluster} has no log group /aws/eks/${cluster}/cluster: API-server logging was never enabled; run 'eks-sg-advisor enable-logging --cluster ${cluster}' and retry once logs arrive`,
      options,
    );
    this.name = 'LoggingNotEnabledError';
    this.cluster = cluster;
  }
}

/** A Logs Insights query ended as Failed, Cancelled, Timeout or Unknown, or with a status this code does not know. */
export class QueryFailedError extends AdvisorError {
  readonly queryId: string;
  readonly status: string;

  constructor(queryId: string, status: string, detail: string, options?: ErrorOptions) {
    super(`Logs Insights query ${queryId} ended with status ${status}: ${detail}`, options);
    this.name = 'QueryFailedError';
    this.queryId = queryId;
    this.status = status;
  }
}

/**
 * A Logs Insights run stopped before its query completed: the caller's AbortSignal fired or the
 * run's deadline passed. A started query was sent StopQuery; `stopError` holds that call's
 * failure, if any (it fails when the query had already ended).
 */
export class QueryAbortedError extends AdvisorError {
  readonly queryId: string | null;
  readonly reason: 'aborted' | 'deadline';
  readonly stopError: unknown;

  constructor(
    queryId: string | null,
    reason: 'aborted' | 'deadline',
    stopError: unknown,
    options?: ErrorOptions,
  ) {
    const what =
      queryId === null
        ? 'Logs Insights query not started'
        : `Logs Insights query ${queryId} stopped`;
    super(
      `${what}: ${reason === 'deadline' ? 'the run deadline passed' : 'the run was aborted'}`,
      options,
    );
    this.name = 'QueryAbortedError';
    this.queryId = queryId;
    this.reason = reason;
    this.stopError = stopError;
  }
}

/**
 * A conditional write of alert state lost a race: another run (a retry or an overlapping schedule)
 * wrote these items first. The items named in `keys` were left as the other run wrote them.
 */
export class StateConflictError extends AdvisorError {
  readonly keys: readonly string[];

  constructor(keys: readonly string[], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StateConflictError';
    this.keys = keys;
  }
}

/**
 * The alert state could not be saved after the run's notification was published. The message
 * keeps the failed operation and says what happens next: the state still holds the previous run,
 * so the next run publishes the same delta again, with the same `notificationId` (consumers can
 * drop the repeat by it). The SDK's retries (throttling, 5xx, dropped connections) have already
 * been spent when this is thrown.
 */
export class AlertStateNotSavedError extends AwsCallError {
  readonly notificationId: string;
  readonly messageId: string;

  constructor(
    failure: AwsCallError,
    published: { readonly notificationId: string; readonly messageId: string },
  ) {
    const prefix = `${failure.operation}: `;
    const detail = failure.message.startsWith(prefix)
      ? failure.message.slice(prefix.length)
      : failure.message;
    super(
      failure.operation,
      `${detail}; notification ${published.notificationId} was already published (message ${published.messageId}), so the next run will publish it again with the same notificationId`,
      { cause: failure },
    );
    this.name = 'AlertStateNotSavedError';
    this.notificationId = published.notificationId;
    this.messageId = published.messageId;
  }
}

/**
 * A notification could not be delivered. The message names the channel and the HTTP status or
 * network failure, never the endpoint (a webhook URL is a secret).
 */
export class DeliveryError extends AdvisorError {
  /** HTTP status of the last answer, or null when no answer came (timeout, network). */
  readonly status: number | null;
  /** The channel's short error code (e.g. Slack's `invalid_blocks`), when it sent one. */
  readonly code: string | null;
  readonly attempts: number;

  constructor(
    message: string,
    details: {
      readonly status: number | null;
      readonly code: string | null;
      readonly attempts: number;
    },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DeliveryError';
    this.status = details.status;
    this.code = details.code;
    this.attempts = details.attempts;
  }
}

/**
 * A Kubernetes API call failed (refused, denied, timed out, or answered with an unexpected body).
 * `status` is the HTTP status when there was one; the message names the request and, for 401/403,
 * the missing permission as the API server's Status reports it.
 */
export class KubernetesApiError extends AdvisorError {
  readonly status: number | null;

  constructor(status: number | null, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KubernetesApiError';
    this.status = status;
  }
}

/**
 * A run over several clusters finished with some clusters failed (their windows were not
 * committed; the others' were). Thrown after every cluster was tried, so the invocation fails
 * (and is retried, alarmed on, or dead-lettered) without one cluster stopping the rest.
 */
export class ClusterRunsFailedError extends AdvisorError {
  /** The failed clusters with their error messages. */
  readonly failures: readonly { readonly cluster: string; readonly message: string }[];

  constructor(
    failures: readonly { readonly cluster: string; readonly message: string }[],
    total: number,
    options?: ErrorOptions,
  ) {
    super(
      `${failures.length} of ${total} cluster(s) failed: ${failures.map((f) => `${f.cluster}: ${f.message}`).join('; ')}`,
      options,
    );
    this.name = 'ClusterRunsFailedError';
    this.failures = failures;
  }
}

/**
 * A cluster cannot be reached: it is in another account with no role configured, or assuming
 * the configured role failed (`cause` holds the STS error). The message names the cluster.
 */
export class ClusterAccessError extends AdvisorError {
  /** `account/region/name`. */
  readonly cluster: string;

  constructor(cluster: string, reason: string, options?: ErrorOptions) {
    super(`cannot reach cluster ${cluster}: ${reason}`, options);
    this.name = 'ClusterAccessError';
    this.cluster = cluster;
  }
}

/**
 * No Logs Insights slot of the account came free in time: the account's concurrency cap was
 * reached for longer than the run could wait. Nothing was queried; the cluster is retried.
 */
export class SlotWaitError extends AdvisorError {
  readonly account: string;

  constructor(account: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SlotWaitError';
    this.account = account;
  }
}
