import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TestTls } from '#test/helpers/test-tls.ts';

/** One request the fake API server received. */
export interface RecordedRequest {
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization: string | null;
}

/** How the fake API server misbehaves, per resource name (`pods`, `apiservices`, ...). */
export interface K8sServerOptions {
  readonly tls: TestTls;
  /** Resources answered with the API server's real 403 Status. */
  readonly forbidden?: readonly string[];
  /** Resources whose API group is not installed (404 Status). */
  readonly notInstalled?: readonly string[];
  /** Resources whose first continued page answers 410 Gone (expired continue token). */
  readonly expireContinueOnce?: readonly string[];
  /** Every request is answered with 401, as for a token the cluster does not map. */
  readonly unauthorized?: boolean;
  /** Requests are accepted and never answered. */
  readonly hang?: boolean;
}

/** A running fake API server. */
export interface K8sApiServer {
  readonly endpoint: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** The caller identity the 403 Status names. */
export const TEST_USER = 'arn:aws:sts::123456789012:assumed-role/eks-sg-advisor/audit';

const FIXTURES = new URL('../fixtures/k8s/cluster/', import.meta.url);
const ROUTE = /^\/(?:api\/v1|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([a-z]+)$/;

/**
 * Starts a local HTTPS server that answers Kubernetes list requests from the JSON fixtures under
 * `test/fixtures/k8s/cluster/` (one List per resource, all namespaces), like the API server does:
 * filtered by namespace, paged by `limit` with an opaque `metadata.continue` token, with real
 * `Status` bodies for 401, 403, 404 and 410. It records every request (path, query, bearer token).
 *
 * @example
 * const server = await startK8sApiServer({ tls: testTls().cluster });
 */
export async function startK8sApiServer(options: K8sServerOptions): Promise<K8sApiServer> {
  const requests: RecordedRequest[] = [];
  const expired = new Set<string>();
  const server: Server = createServer(
    { key: options.tls.serverKeyPem, cert: options.tls.serverCertPem },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://localhost');
      requests.push({
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        authorization: req.headers.authorization ?? null,
      });
      if (options.hang) return;
      answer(req, res, url, options, expired);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `https://localhost:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: K8sServerOptions,
  expired: Set<string>,
): void {
  if (options.unauthorized || !req.headers.authorization?.startsWith('Bearer k8s-aws-v1.')) {
    send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    return;
  }
  const route = ROUTE.exec(url.pathname);
  if (!route) {
    send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    return;
  }
  const [, group = '', , namespace, resource = ''] = route;
  if (options.notInstalled?.includes(resource)) {
    send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    return;
  }
  if (options.forbidden?.includes(resource)) {
    const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
    const qualified = group ? `${resource}.${group}` : resource;
    send(
      res,
      403,
      status(
        403,
        'Forbidden',
        `${qualified} is forbidden: User "${TEST_USER}" cannot list resource "${resource}" in API group "${group}" ${scope}`,
        { group, kind: resource },
      ),
    );
    return;
  }
  const list = JSON.parse(readFileSync(new URL(`${resource}.json`, FIXTURES), 'utf8')) as {
    items: { metadata: { namespace?: string } }[];
  } & Record<string, unknown>;
  const items = namespace
    ? list.items.filter((i) => i.metadata.namespace === namespace)
    : list.items;
  const token = url.searchParams.get('continue');
  if (token && options.expireContinueOnce?.includes(resource) && !expired.has(resource)) {
    expired.add(resource);
    send(
      res,
      410,
      status(
        410,
        'Expired',
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      ),
    );
    return;
  }
  const offset = token ? Number(Buffer.from(token, 'base64url').toString('utf8').split(':')[1]) : 0;
  const limit = Number(url.searchParams.get('limit') ?? items.length) || items.length;
  const page = items.slice(offset, offset + limit);
  const rest = items.length - offset - page.length;
  const metadata: Record<string, unknown> = { resourceVersion: '41298811' };
  if (rest > 0) {
    metadata.continue = Buffer.from(`41298811:${offset + page.length}`).toString('base64url');
    metadata.remainingItemCount = rest;
  }
  send(res, 200, { ...list, metadata, items: page });
}

function status(
  code: number,
  reason: string,
  message: string,
  details?: Record<string, string>,
): unknown {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
