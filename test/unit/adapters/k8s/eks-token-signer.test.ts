import { describe, expect, it } from 'vitest';
import { eksTokenProvider } from '#adapters/k8s/eks-token-signer.ts';
import { presignedUrlOfToken } from '#core/k8s/eks-token.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { verifyPresignedGet } from '#test/helpers/sigv4-verify.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: SECRET,
  sessionToken: 'IQoJb3JpZ2luX2VjE/session+token==',
};
const AT = Date.UTC(2026, 10, 28, 14, 30, 5);

function token(overrides: Partial<Parameters<typeof eksTokenProvider>[0]> = {}) {
  return eksTokenProvider({
    cluster: 'prod-eu',
    region: 'eu-west-1',
    credentials: CREDENTIALS,
    clock: new FakeClock(AT),
    ...overrides,
  })();
}

describe('eksTokenProvider', () => {
  it('encodes a presigned regional STS GetCallerIdentity URL as k8s-aws-v1. + unpadded base64url', async () => {
    // Act
    const value = await token();
    // Assess
    expect(value).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    const url = new URL(presignedUrlOfToken(value));
    expect(url.origin).toBe('https://sts.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/');
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('Version')).toBe('2011-06-15');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Credential')).toBe(
      'AKIDEXAMPLE/20261128/eu-west-1/sts/aws4_request',
    );
    expect(url.searchParams.get('X-Amz-Date')).toBe('20261128T143005Z');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(CREDENTIALS.sessionToken);
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('signs the URL and the x-k8s-aws-id header so an independent SigV4 check accepts it', async () => {
    // Act
    const url = presignedUrlOfToken(await token());
    // Assess
    expect(verifyPresignedGet(url, SECRET, { 'x-k8s-aws-id': 'prod-eu' })).toBe(true);
    expect(verifyPresignedGet(url, SECRET, { 'x-k8s-aws-id': 'other-cluster' })).toBe(false);
    expect(verifyPresignedGet(url, 'not-the-secret', { 'x-k8s-aws-id': 'prod-eu' })).toBe(false);
  });

  it('computes the signature botocore (what `aws eks get-token` runs) computes for the same inputs', async () => {
    // Prepare: botocore 1.43 generate_presigned_url('get_caller_identity', ExpiresIn=60) with the
    // x-k8s-aws-id header added before signing, same keys, region and time.
    const botocore = '5e94251b35337077a0fde313f63fa53728e3d4fd76b1d195c174513c8f97cf3f';
    // Act
    const url = new URL(presignedUrlOfToken(await token()));
    // Assess
    expect(url.searchParams.get('X-Amz-Signature')).toBe(botocore);
  });

  it('leaves out X-Amz-Security-Token for long-term keys and uses the .cn domain in China', async () => {
    // Act
    const url = new URL(
      presignedUrlOfToken(
        await token({
          region: 'cn-north-1',
          credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET },
        }),
      ),
    );
    // Assess
    expect(url.host).toBe('sts.cn-north-1.amazonaws.com.cn');
    expect(url.searchParams.has('X-Amz-Security-Token')).toBe(false);
    expect(verifyPresignedGet(url.href, SECRET, { 'x-k8s-aws-id': 'prod-eu' })).toBe(true);
  });

  it('rejects a region that is not a region name', async () => {
    // Act / Assess
    await expect(token({ region: 'eu-west-1.evil.example' })).rejects.toThrow(
      "'eu-west-1.evil.example' is not an AWS region name",
    );
  });
});
