import { describe, expect, it } from 'vitest';
import {
  ClusterClientPool,
  cliClients,
  deployedAnalyzeClients,
  deployedClusterClients,
  deployedSecretClients,
} from '#adapters/aws/clients.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';

interface ResolvedConfig {
  readonly maxAttempts: () => Promise<number>;
  readonly retryStrategy: () => Promise<{ readonly mode: string }>;
  readonly customUserAgent?: unknown;
  readonly requestHandler: {
    readonly configProvider: Promise<{ connectionTimeout?: number; requestTimeout?: number }>;
  };
}

async function settingsOf(client: { readonly config: unknown; destroy(): void }) {
  const config = client.config as ResolvedConfig;
  const handler = await config.requestHandler.configProvider;
  const settings = {
    maxAttempts: await config.maxAttempts(),
    retryMode: (await config.retryStrategy()).mode,
    userAgent: JSON.stringify(config.customUserAgent),
    connectionTimeout: handler.connectionTimeout,
    requestTimeout: handler.requestTimeout,
  };
  client.destroy();
  return settings;
}

const EXPECTED = {
  maxAttempts: 3,
  retryMode: 'adaptive',
  userAgent: expect.stringContaining('eks-sg-advisor'),
  connectionTimeout: 3_000,
  requestTimeout: 10_000,
};

describe('the clients the deployed functions build', () => {
  it('gives every client of analyze and analyzeCluster the Lambdas’ retries, bounds and user agent', async () => {
    // Prepare
    const { sts, ...clients } = deployedAnalyzeClients();

    // Act
    const settings = await Promise.all(
      [...Object.values(clients), sts()].map((client) => settingsOf(client)),
    );

    // Assess
    expect(settings).toHaveLength(7);
    for (const setting of settings) expect(setting).toEqual(EXPECTED);
  });

  it('gives the clients the pool builds for another Region the same configuration', async () => {
    // Prepare
    const own = deployedClusterClients();
    const pool = new ClusterClientPool({ own, roles: [], sts: own.sts, clock: new FakeClock() });

    // Act
    const other = await pool.clientsFor(
      { name: 'shop', account: null, region: 'ap-south-1' },
      { account: '123456789012', region: 'eu-west-1' },
    );

    // Assess
    expect(other.logs).not.toBe(own.logs);
    for (const client of [other.logs, other.eks, other.ec2]) {
      expect(await settingsOf(client)).toEqual(EXPECTED);
    }
  });

  it('gives notifySlack’s secret and state-table clients the Lambdas’ retries, bounds and user agent', async () => {
    // Prepare
    const clients = deployedSecretClients();

    // Act
    const settings = await Promise.all(
      [clients.ssm(), clients.secretsManager(), clients.dynamodb()].map((client) =>
        settingsOf(client),
      ),
    );

    // Assess
    for (const setting of settings) expect(setting).toEqual(EXPECTED);
  });

  it('gives the CLI’s clients the project’s adaptive retries, longer bounds and the Region asked for', async () => {
    // Prepare
    const clients = cliClients({ region: 'eu-west-1' });

    // Act
    const built = [clients.logs(), clients.eks(), clients.ec2()];
    const regions = await Promise.all(built.map((client) => client.config.region()));
    const settings = await Promise.all(built.map((client) => settingsOf(client)));

    // Assess
    expect(regions).toEqual(['eu-west-1', 'eu-west-1', 'eu-west-1']);
    for (const setting of settings) {
      expect(setting).toEqual({
        ...EXPECTED,
        maxAttempts: 5,
        connectionTimeout: 5_000,
        requestTimeout: 30_000,
      });
    }
  });
});
