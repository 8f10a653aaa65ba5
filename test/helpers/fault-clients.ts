import { type AwsClientOptions, awsClientConfig } from '#adapters/aws/aws-client-config.ts';
import type { FaultProxy } from '#test/helpers/fault-proxy.ts';

/**
 * The product's client configuration ({@link awsClientConfig}: adaptive retries, bounded
 * attempts and request time) aimed at a fault proxy.
 *
 * @example
 * const logs = new CloudWatchLogsClient(throughProxy(proxy));
 */
export function throughProxy(
  proxy: FaultProxy,
  options: AwsClientOptions = {},
): ReturnType<typeof awsClientConfig> & { endpoint: string } {
  return { ...awsClientConfig({ region: 'us-east-1', ...options }), endpoint: proxy.url };
}

/**
 * Runs `work` with `AWS_ENDPOINT_URL` pointing at the proxy, as a user would aim the CLI at an
 * endpoint; restores the previous value afterwards. Integration files run one at a time, each in
 * its own process, so the variable is not shared.
 *
 * @example
 * const run = await withEndpoint(proxy.url, () => runCliCaptured(['snapshot', '--cluster', 'x']));
 */
export async function withEndpoint<T>(url: string, work: () => Promise<T>): Promise<T> {
  const previous = process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL = url;
  try {
    return await work();
  } finally {
    if (previous === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = previous;
  }
}
