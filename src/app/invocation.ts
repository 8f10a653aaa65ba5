/** What a use case needs to know of the Lambda invocation that runs it. */
export interface Invocation {
  /** The invoked function's ARN: its account and Region are the home of the run. */
  readonly functionArn: string;
  /** Unique per invocation: the holder of the slots it leases. */
  readonly requestId: string;
  /** Milliseconds left before the Lambda timeout, read when called. */
  readonly remainingMs: () => number;
  /** Fires before the Lambda timeout: the use case winds down. */
  readonly signal: AbortSignal;
}
