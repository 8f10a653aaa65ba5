/**
 * Client settings for tests against moto_server: the endpoint comes from AWS_ENDPOINT_URL (set by
 * the integration global set-up) and retries are off, because moto answers unimplemented calls
 * with HTTP 500 and the SDK would retry them with backoff.
 */
export const testClientConfig = { region: 'us-east-1', maxAttempts: 1 } as const;
