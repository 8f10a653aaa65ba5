import { ConfigError } from '#core/errors.ts';

/** Attempts per AWS call (the first try and its retries) unless the caller sets another bound. */
export const DEFAULT_MAX_ATTEMPTS = 5;
/** Longest wait for one HTTP request and its answer before the SDK retries it. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Longest wait for a TCP connection to the endpoint. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 5_000;
/** The user agent part that names the project in AWS's request logs (CloudTrail `userAgent`). */
export const PROJECT_USER_AGENT = 'eks-sg-advisor';

/**
 * The Lambdas' bounds: 3 attempts of at most 10 s (connection 3 s), so the worst call (about
 * 40 s with backoff) ends inside the 60 s the functions keep for themselves at the end (middy's
 * early stop, the analyze functions' state save, enableLogging's wait margin).
 */
export const LAMBDA_CLIENT_OPTIONS = {
  maxAttempts: 3,
  requestTimeoutMs: 10_000,
  connectionTimeoutMs: 3_000,
} as const;

/** Options of {@link awsClientConfig}; all optional. */
export interface AwsClientOptions {
  /** The region; omitted, the SDK's default chain decides (`AWS_REGION`, the profile, ...). */
  readonly region?: string;
  /** Attempts per call, first try included (default {@link DEFAULT_MAX_ATTEMPTS}). */
  readonly maxAttempts?: number;
  /** Per-request time limit (default {@link DEFAULT_REQUEST_TIMEOUT_MS}). */
  readonly requestTimeoutMs?: number;
  /** TCP connection time limit (default {@link DEFAULT_CONNECTION_TIMEOUT_MS}). */
  readonly connectionTimeoutMs?: number;
}

/** The settings every SDK client of the project is built with. */
export interface AwsClientConfig {
  region?: string;
  retryMode: 'adaptive';
  maxAttempts: number;
  customUserAgent: string;
  requestHandler: {
    connectionTimeout: number;
    requestTimeout: number;
    throwOnRequestTimeout: true;
  };
}

/**
 * The one client configuration of the CLI and the Lambdas. Retries are bounded and use the SDK's
 * adaptive mode: throttling errors, 5xx answers, dropped connections and timed-out requests are
 * retried with jittered exponential backoff, at most `maxAttempts` attempts in all, and a
 * throttled client also slows its own request rate (client-side token bucket) so a fan-out over
 * many clusters backs off instead of hammering the API. Each request is bounded by
 * `requestTimeoutMs` (it then fails with a retryable `TimeoutError`), each connection by
 * {@link DEFAULT_CONNECTION_TIMEOUT_MS}, so no call can hang for ever. Every request names the
 * project in its user agent ({@link PROJECT_USER_AGENT}).
 *
 * The endpoint and credentials still come from the SDK's default chain (`AWS_ENDPOINT_URL`,
 * `AWS_PROFILE`, instance and SSO credentials). A fresh object is returned on every call: each
 * client builds its own HTTP handler from it.
 *
 * @throws ConfigError when `maxAttempts` or `requestTimeoutMs` is not a positive integer.
 * @example
 * const logs = new CloudWatchLogsClient(awsClientConfig({ region: 'eu-west-1' }));
 */
export function awsClientConfig(options: AwsClientOptions = {}): AwsClientConfig {
  const maxAttempts = positiveInteger('maxAttempts', options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const requestTimeout = positiveInteger(
    'requestTimeoutMs',
    options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  );
  const connectionTimeout = positiveInteger(
    'connectionTimeoutMs',
    options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
  );
  return {
    ...(options.region === undefined ? {} : { region: options.region }),
    retryMode: 'adaptive',
    maxAttempts,
    customUserAgent: PROJECT_USER_AGENT,
    requestHandler: {
      connectionTimeout,
      requestTimeout,
      throwOnRequestTimeout: true,
    },
  };
}

/**
 * The client configuration of the Lambdas: {@link awsClientConfig} with
 * {@link LAMBDA_CLIENT_OPTIONS}, each overridable (tests pass `maxAttempts: 1`).
 *
 * @throws ConfigError when an option is not a positive integer.
 * @example
 * const sns = new SNSClient(lambdaClientConfig());
 */
export function lambdaClientConfig(options: AwsClientOptions = {}): AwsClientConfig {
  return awsClientConfig({
    ...(options.region === undefined ? {} : { region: options.region }),
    maxAttempts: options.maxAttempts ?? LAMBDA_CLIENT_OPTIONS.maxAttempts,
    requestTimeoutMs: options.requestTimeoutMs ?? LAMBDA_CLIENT_OPTIONS.requestTimeoutMs,
    connectionTimeoutMs: options.connectionTimeoutMs ?? LAMBDA_CLIENT_OPTIONS.connectionTimeoutMs,
  });
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError(`AWS client ${name} must be a positive integer, got ${value}`);
  }
  return value;
}
