import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { SecretsManagerSecret } from '#adapters/aws/secrets-manager-secret.ts';
import { SsmSecureString } from '#adapters/aws/ssm-secure-string.ts';
import { AwsCallError, ConfigError } from '#core/errors.ts';
import { testClientConfig } from '#test/helpers/aws.ts';

const URL_VALUE = 'https://hooks.slack.com/services/T000/B000/SECRETSECRET';

describe('SsmSecureString against moto_server', () => {
  it('reads a SecureString parameter decrypted', async () => {
    // Prepare
    const ssm = new SSMClient(testClientConfig);
    await ssm.send(
      new PutParameterCommand({
        Name: '/eks-sg-advisor/slack',
        Type: 'SecureString',
        Value: URL_VALUE,
      }),
    );

    // Act
    const value = await new SsmSecureString(ssm, '/eks-sg-advisor/slack').read();

    // Assess
    expect(value).toBe(URL_VALUE);
  });

  it('refuses a plain String parameter without echoing its value', async () => {
    // Prepare
    const ssm = new SSMClient(testClientConfig);
    await ssm.send(
      new PutParameterCommand({ Name: '/eks-sg-advisor/plain', Type: 'String', Value: URL_VALUE }),
    );

    // Act
    const error = await new SsmSecureString(ssm, '/eks-sg-advisor/plain')
      .read()
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toEqual(
      new ConfigError(
        'SSM parameter /eks-sg-advisor/plain must be a SecureString parameter, found String',
      ),
    );
  });

  it('names the parameter when it does not exist', async () => {
    // Act
    const error = await new SsmSecureString(new SSMClient(testClientConfig), '/missing')
      .read()
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).message).toBe(
      'GetParameter: SSM parameter /missing: ParameterNotFound',
    );
  });
});

describe('SecretsManagerSecret against moto_server', () => {
  it('reads the current secret string', async () => {
    // Prepare
    const client = new SecretsManagerClient(testClientConfig);
    await client.send(
      new CreateSecretCommand({ Name: 'eks-sg-advisor/slack', SecretString: URL_VALUE }),
    );

    // Act
    const value = await new SecretsManagerSecret(client, 'eks-sg-advisor/slack').read();

    // Assess
    expect(value).toBe(URL_VALUE);
  });

  it('names the secret when it does not exist', async () => {
    // Act
    const error = await new SecretsManagerSecret(
      new SecretsManagerClient(testClientConfig),
      'missing',
    )
      .read()
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).message).toBe(
      'GetSecretValue: Secrets Manager secret missing: ResourceNotFoundException',
    );
  });
});
