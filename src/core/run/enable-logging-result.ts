// What enabling a cluster's API-server logging did: the outcome the CLI prints and the Lambda returns.

/** What happened to a log group's retention. */
export type RetentionOutcome =
  | { readonly state: 'kept'; readonly days: number }
  /** No policy, and other log types already wrote to the group: left alone unless forced. */
  | { readonly state: 'kept-unbounded'; readonly otherTypes: readonly string[] }
  | {
      readonly state: 'set';
      readonly days: number;
      readonly previousDays: number | null;
      readonly createdGroup: boolean;
    }
  | { readonly state: 'failed'; readonly message: string };

/** What happened to a cluster's `api` logging. */
export type LoggingOutcome =
  | { readonly state: 'already-enabled' }
  | { readonly state: 'enabled'; readonly updateId: string | null }
  | {
      readonly state: 'pending';
      /**
       * `update-started`: accepted, not waited for; `update-in-progress`: another update runs, the
       * next run retries; `wait-timed-out`: still running when the wait ended.
       */
      readonly reason: 'update-started' | 'update-in-progress' | 'wait-timed-out';
      readonly updateId: string | null;
      readonly detail: string;
    }
  | { readonly state: 'failed'; readonly message: string };

/** One cluster's result. `ok` is false when logging or retention failed. */
export interface EnableLoggingResult {
  readonly cluster: string;
  readonly logging: LoggingOutcome;
  /** `null` when DescribeCluster failed (e.g. no such cluster): retention was not attempted. */
  readonly retention: RetentionOutcome | null;
  readonly ok: boolean;
}
