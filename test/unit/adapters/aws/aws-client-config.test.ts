import { describe, expect, it } from 'vitest';
import {
  awsClientConfig,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  LAMBDA_CLIENT_OPTIONS,
  lambdaClientConfig,
} from '#adapters/aws/aws-client-config.ts';
import { awsErrorMessage, awsErrorSummary } from '#adapters/aws/aws-error.ts';
import { ConfigError } from '#core/errors.ts';

describe('awsClientConfig', () => {
  it('uses adaptive retries, bounded attempts and bounded request time, the project user agent, the region left to the SDK', () => {
    // Act
    const config = awsClientConfig();
    // Assess
    expect(config).toEqual({
      retryMode: 'adaptive',
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
      customUserAgent: 'eks-sg-advisor',
      requestHandler: {
        connectionTimeout: 5_000,
        requestTimeout: DEFAULT_REQUEST_TIMEOUT_MS,
        throwOnRequestTimeout: true,
      },
    });
  });

  it('takes a region, an attempt bound and a request timeout', () => {
    // Act
    const config = awsClientConfig({ region: 'eu-west-1', maxAttempts: 2, requestTimeoutMs: 500 });
    // Assess
    expect(config).toMatchObject({
      region: 'eu-west-1',
      maxAttempts: 2,
      requestHandler: { requestTimeout: 500 },
    });
  });

  it('returns a fresh object each time, so clients never share a handler', () => {
    // Assess
    expect(awsClientConfig().requestHandler).not.toBe(awsClientConfig().requestHandler);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses maxAttempts %s', (maxAttempts) => {
    // Act
    const act = (): unknown => awsClientConfig({ maxAttempts });
    // Assess
    expect(act).toThrow(ConfigError);
  });
});

describe('lambdaClientConfig', () => {
  it('bounds the Lambdas to 3 attempts of 10 s each (3 s to connect), inside the shortest function timeout', () => {
    // Act
    const config = lambdaClientConfig();
    // Assess
    expect(config).toEqual({
      retryMode: 'adaptive',
      maxAttempts: 3,
      customUserAgent: 'eks-sg-advisor',
      requestHandler: {
        connectionTimeout: 3_000,
        requestTimeout: 10_000,
        throwOnRequestTimeout: true,
      },
    });
    const worstCaseMs =
      LAMBDA_CLIENT_OPTIONS.maxAttempts *
        (LAMBDA_CLIENT_OPTIONS.requestTimeoutMs + LAMBDA_CLIENT_OPTIONS.connectionTimeoutMs) +
      20_000;
    expect(worstCaseMs).toBeLessThan(60_000);
  });

  it('keeps the region and lets tests lower the attempts', () => {
    // Act
    const config = lambdaClientConfig({ region: 'eu-west-1', maxAttempts: 1 });
    // Assess
    expect(config).toMatchObject({ region: 'eu-west-1', maxAttempts: 1, retryMode: 'adaptive' });
  });
});

describe('awsErrorMessage and awsErrorSummary', () => {
  it('add the attempts the SDK spent when it retried', () => {
    // Prepare
    const error = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { attempts: 5 },
    });
    // Assess
    expect(awsErrorMessage(error)).toBe('Rate exceeded (5 attempts)');
    expect(awsErrorSummary(error)).toBe('ThrottlingException: Rate exceeded (5 attempts)');
  });

  it('leave a single attempt and non-SDK values alone', () => {
    // Assess
    expect(
      awsErrorMessage(Object.assign(new Error('denied'), { $metadata: { attempts: 1 } })),
    ).toBe('denied');
    expect(awsErrorSummary('boom')).toBe('Error: boom');
  });
});
