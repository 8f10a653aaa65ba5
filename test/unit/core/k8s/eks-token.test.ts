import { describe, expect, it } from 'vitest';
import { eksTokenOf, presignedUrlOfToken, stsHostOf } from '#core/k8s/eks-token.ts';

describe('EKS token encoding', () => {
  it('round-trips a URL through k8s-aws-v1. + unpadded base64url', () => {
    // Prepare: lengths 1 and 2 modulo 3 would need padding in plain base64.
    const urls = [
      'https://sts.amazonaws.com/?a',
      'https://sts.amazonaws.com/?ab',
      'https://x/?a=b+c/d',
    ];
    // Act / Assess
    for (const url of urls) {
      const token = eksTokenOf(url);
      expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
      expect(presignedUrlOfToken(token)).toBe(url);
    }
  });

  it.each([
    [
      'a bearer token of another kind',
      'eyJhbGciOi.x.y',
      "not an EKS token: it does not start with 'k8s-aws-v1.'",
    ],
    [
      'padded base64',
      'k8s-aws-v1.aHR0cA==',
      'not an EKS token: the part after the prefix is not unpadded base64url',
    ],
  ])('refuses %s', (_name, token, message) => {
    // Act / Assess
    expect(() => presignedUrlOfToken(token)).toThrow(message);
  });

  it.each([
    ['us-east-1', 'sts.us-east-1.amazonaws.com'],
    ['us-gov-west-1', 'sts.us-gov-west-1.amazonaws.com'],
    ['cn-northwest-1', 'sts.cn-northwest-1.amazonaws.com.cn'],
    ['eusc-de-east-1', 'sts.eusc-de-east-1.amazonaws.eu'],
  ])('presigns for %s against %s', (region, host) => {
    // Act / Assess
    expect(stsHostOf(region)).toBe(host);
  });
});
