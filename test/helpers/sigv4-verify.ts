import { createHash, createHmac } from 'node:crypto';

/**
 * Recomputes the SigV4 signature of a presigned GET URL from the documented algorithm (canonical
 * request, string to sign, derived key), independently of the signer under test, and says whether
 * it equals the URL's `X-Amz-Signature`. `headers` are the signed headers other than `host`.
 *
 * @example
 * verifyPresignedGet(url, 'secret', { 'x-k8s-aws-id': 'prod' }); // true
 */
export function verifyPresignedGet(
  presignedUrl: string,
  secretAccessKey: string,
  headers: Readonly<Record<string, string>>,
): boolean {
  const url = new URL(presignedUrl);
  const params = [...url.searchParams.entries()];
  const get = (name: string): string => url.searchParams.get(name) ?? '';
  const signature = get('X-Amz-Signature');
  const [, date = '', region = '', service = ''] = get('X-Amz-Credential').split('/');
  const allHeaders: Record<string, string> = { host: url.host, ...headers };
  const signedHeaders = get('X-Amz-SignedHeaders');
  const canonicalHeaders = signedHeaders
    .split(';')
    .map((name) => `${name}:${(allHeaders[name] ?? '').trim()}\n`)
    .join('');
  const canonicalQuery = params
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => [encode(key), encode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const canonicalRequest = [
    'GET',
    url.pathname,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    sha256Hex(''),
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    get('X-Amz-Date'),
    scope,
    sha256Hex(canonicalRequest),
  ].join('\n');
  let key: Buffer = Buffer.from(`AWS4${secretAccessKey}`, 'utf8');
  for (const part of [date, region, service, 'aws4_request']) key = hmac(key, part);
  return hmac(key, stringToSign).toString('hex') === signature;
}

function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function hmac(key: Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest();
}
