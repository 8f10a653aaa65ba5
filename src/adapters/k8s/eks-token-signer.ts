import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Clock } from '#core/gateways.ts';
import {
  CLUSTER_ID_HEADER,
  eksTokenOf,
  stsHostOf,
  TOKEN_URL_EXPIRY_SECONDS,
} from '#core/k8s/eks-token.ts';

/** Credentials as the SDK's provider chain gives them (a value or a provider function). */
export type SigningCredentials = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

/** What an EKS token is made for and with. */
export interface EksTokenOptions {
  readonly cluster: string;
  readonly region: string;
  readonly credentials: SigningCredentials;
  readonly clock: Clock;
}

/**
 * Builds EKS bearer tokens the way `aws eks get-token` does: presigns
 * `GET https://sts.REGION.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15` with SigV4
 * (service `sts`, `X-Amz-Expires=60`, the signed header `x-k8s-aws-id: CLUSTER`) and encodes the
 * URL as `k8s-aws-v1.` + base64url. Each call signs afresh (cheap: one HMAC chain), so a token is
 * never older than the request that carries it.
 *
 * @throws InputError (from the first call) when `region` is not a region name; credential errors
 *   from the provider are passed on.
 * @example
 * const token = eksTokenProvider({ cluster: 'prod', region: 'eu-west-1', credentials: defaultProvider(), clock: systemClock });
 * await token(); // 'k8s-aws-v1.aHR0cHM6Ly9zdHMuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20v...'
 */
export function eksTokenProvider(options: EksTokenOptions): () => Promise<string> {
  const signer = new SignatureV4({
    service: 'sts',
    region: options.region,
    credentials: options.credentials,
    sha256: NodeSha256,
    uriEscapePath: true,
  });
  return async () => {
    const hostname = stsHostOf(options.region);
    const signed = await signer.presign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname,
        path: '/',
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: { host: hostname, [CLUSTER_ID_HEADER]: options.cluster },
      },
      { expiresIn: TOKEN_URL_EXPIRY_SECONDS, signingDate: new Date(options.clock.now()) },
    );
    return eksTokenOf(`https://${hostname}/?${queryOf(signed.query ?? {})}`);
  };
}

function queryOf(query: Record<string, string | string[] | null>): string {
  return Object.keys(query)
    .sort()
    .flatMap((key) => {
      const value = query[key];
      const values = Array.isArray(value) ? value : [value ?? ''];
      return values.map((v) => `${rfc3986(key)}=${rfc3986(v)}`);
    })
    .join('&');
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

/** SHA-256 and HMAC-SHA-256 for the signer, over node:crypto. */
class NodeSha256 {
  readonly #hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }

  update(data: SourceData): void {
    this.#hash.update(bytes(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
}

function bytes(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
