import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ATTEMPTS } from '#adapters/aws/aws-client-config.ts';
import { clientConfig, clusterNames } from '#cli/aws-options.ts';
import { InputError } from '#core/errors.ts';

describe('clientConfig', () => {
  it('leaves the region to the default chain when --region is absent', () => {
    // Assess
    expect(clientConfig(undefined)).not.toHaveProperty('region');
  });

  it.each(['eu-west-1', 'us-gov-west-1', 'ap-southeast-4'])('passes --region %s', (region) => {
    // Assess
    expect(clientConfig(region)).toMatchObject({ region });
  });

  it('bounds retries with the SDK adaptive mode, with or without --region', () => {
    // Assess
    for (const config of [clientConfig(undefined), clientConfig('eu-west-1')]) {
      expect(config).toMatchObject({ retryMode: 'adaptive', maxAttempts: DEFAULT_MAX_ATTEMPTS });
    }
  });

  it.each(['EU-WEST-1', 'europe', 'eu-west-1; rm -rf /', ''])('rejects --region %j', (region) => {
    // Act
    const act = (): unknown => clientConfig(region);
    // Assess
    expect(act).toThrow(InputError);
  });
});

describe('clusterNames', () => {
  it('keeps each cluster once, in order', () => {
    // Assess
    expect(clusterNames(['b', 'a', 'b'])).toEqual(['b', 'a']);
  });

  it.each([[undefined], [[]]])('requires at least one --cluster (%j)', (values) => {
    // Act
    const act = (): unknown => clusterNames(values);
    // Assess
    expect(act).toThrow('--cluster NAME is required');
  });

  it.each(['-x', 'a/b', 'a b', '../etc', 'x'.repeat(101), '_a'])('rejects the name %j', (name) => {
    // Act
    const act = (): unknown => clusterNames([name]);
    // Assess
    expect(act).toThrow(/is not a valid EKS cluster name/);
  });
});
