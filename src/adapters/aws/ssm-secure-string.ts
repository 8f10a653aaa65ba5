import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { AwsCallError, ConfigError } from '#core/errors.ts';
import type { SecretSource } from '#core/gateways.ts';

/**
 * A secret kept in SSM Parameter Store as a SecureString, read with decryption. A plain `String`
 * parameter is refused: a webhook URL must be encrypted at rest.
 *
 * @example
 * const url = await new SsmSecureString(new SSMClient({}), '/eks-sg-advisor/slack-webhook').read();
 */
export class SsmSecureString implements SecretSource {
  readonly label: string;

  constructor(
    private readonly client: SSMClient,
    private readonly name: string,
  ) {
    this.label = `SSM parameter ${name}`;
  }

  /**
   * The decrypted value.
   *
   * @throws AwsCallError when GetParameter fails (missing parameter, no access to the key).
   * @throws ConfigError when the parameter is not a SecureString or is empty.
   */
  async read(): Promise<string> {
    let parameter: { Type?: string; Value?: string } | undefined;
    try {
      const out = await this.client.send(
        new GetParameterCommand({ Name: this.name, WithDecryption: true }),
      );
      parameter = out.Parameter;
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      throw new AwsCallError('GetParameter', `${this.label}: ${name}`, { cause: error });
    }
    if (parameter?.Type !== 'SecureString') {
      throw new ConfigError(
        `${this.label} must be a SecureString parameter, found ${parameter?.Type ?? 'nothing'}`,
      );
    }
    if (!parameter.Value) throw new ConfigError(`${this.label} is empty`);
    return parameter.Value;
  }
}
