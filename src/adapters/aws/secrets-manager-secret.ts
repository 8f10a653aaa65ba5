import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AwsCallError, ConfigError } from '#core/errors.ts';
import type { SecretSource } from '#core/gateways.ts';

/**
 * A secret kept in Secrets Manager as a string (`SecretString`), current version.
 *
 * @example
 * const url = await new SecretsManagerSecret(new SecretsManagerClient({}), 'eks-sg-advisor/slack').read();
 */
export class SecretsManagerSecret implements SecretSource {
  readonly label: string;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {
    this.label = `Secrets Manager secret ${secretId}`;
  }

  /**
   * The secret string.
   *
   * @throws AwsCallError when GetSecretValue fails.
   * @throws ConfigError when the secret has no string value (binary or empty).
   */
  async read(): Promise<string> {
    let value: string | undefined;
    try {
      const out = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
      value = out.SecretString;
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      throw new AwsCallError('GetSecretValue', `${this.label}: ${name}`, { cause: error });
    }
    if (!value) throw new ConfigError(`${this.label} has no string value`);
    return value;
  }
}
