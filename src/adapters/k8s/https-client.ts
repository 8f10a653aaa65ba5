import type { IncomingMessage } from 'node:http';
import { Agent, request } from 'node:https';
import { type RequestLabel, statusErrorOf } from '#adapters/k8s/status-error.ts';
import { AdvisorError, KubernetesApiError } from '#core/errors.ts';
import type { ClusterAccess } from '#core/gateways.ts';

/** How a {@link KubernetesHttpClient} reaches one cluster. */
export interface KubernetesHttpOptions {
  readonly access: ClusterAccess;
  /** A fresh bearer token for each request (see `eksTokenProvider`). */
  readonly token: () => Promise<string>;
  /** Bound on each request, connection included (default 15 s). */
  readonly requestTimeoutMs?: number;
  /** Bound on one response body (default 64 MiB). */
  readonly maxResponseBytes?: number;
}

/** A GET of a Kubernetes API path with its query and what it is for (for errors). */
export interface KubernetesGet {
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly label: RequestLabel;
}

const TLS_ERRORS = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * GETs JSON from one cluster's Kubernetes API over HTTPS, trusting only the cluster's CA (the
 * certificate and its host name are always verified), with a bearer token, a time bound on every
 * request and the caller's AbortSignal honoured. Keeps connections alive; call {@link close}
 * when done.
 */
export class KubernetesHttpClient {
  readonly #options: KubernetesHttpOptions;
  readonly #agent: Agent;
  readonly #origin: URL;

  constructor(options: KubernetesHttpOptions) {
    this.#options = options;
    this.#origin = new URL(options.access.endpoint);
    this.#agent = new Agent({
      ca: options.access.certificateAuthorityPem,
      keepAlive: true,
      maxSockets: 8,
    });
  }

  /**
   * GETs `get.path` and returns the parsed JSON body of a 2xx answer.
   *
   * @throws KubernetesApiError on a non-2xx answer (`status` set; 401/403 name the permission), an
   *   unreachable endpoint, a certificate the cluster CA does not validate, a timeout, a body over
   *   the size bound or a body that is not JSON.
   * @throws AdvisorError when no token can be signed (no AWS credentials); InputError for a bad region.
   * @throws the signal's reason when `signal` aborts.
   * @example
   * await client.getJson({ path: '/api/v1/namespaces/kube-system/pods', query: { limit: '500' }, label });
   */
  async getJson(get: KubernetesGet, signal?: AbortSignal): Promise<unknown> {
    signal?.throwIfAborted();
    const timeoutMs = this.#options.requestTimeoutMs ?? 15_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const url = new URL(get.path, this.#origin);
    for (const [key, value] of Object.entries(get.query)) url.searchParams.set(key, value);
    const what = `${get.label.verb} ${get.label.resource}${get.label.namespace === null ? '' : ` in ${get.label.namespace}`}`;
    const token = await this.#token();
    try {
      const response = await this.#send(url, token, combined);
      const text = await this.#bodyOf(response, what);
      const status = response.statusCode ?? 0;
      const body = parseJson(text);
      if (status >= 200 && status < 300) {
        if (body === undefined) {
          throw new KubernetesApiError(
            status,
            `the Kubernetes API answered ${what} with a body that is not JSON`,
          );
        }
        return body;
      }
      throw statusErrorOf(status, body, get.label);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof KubernetesApiError) throw error;
      if (timeout.aborted) {
        throw new KubernetesApiError(
          null,
          `${what}: no answer from the Kubernetes API at ${this.#origin.host} within ${timeoutMs / 1000} s (a private endpoint is reachable only from inside the VPC)`,
          { cause: error },
        );
      }
      throw this.#networkError(error, what);
    }
  }

  async #token(): Promise<string> {
    try {
      return await this.#options.token();
    } catch (error) {
      if (error instanceof AdvisorError) throw error;
      throw new AdvisorError(
        `cannot sign a token for cluster ${this.#options.access.cluster} with the AWS credentials: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.#agent.destroy();
  }

  #send(url: URL, token: string, signal: AbortSignal): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = request(url, {
        method: 'GET',
        agent: this.#agent,
        signal,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          'user-agent': 'eks-sg-advisor',
        },
      });
      req.once('response', resolve);
      req.once('error', reject);
      req.end();
    });
  }

  #bodyOf(response: IncomingMessage, what: string): Promise<string> {
    const limit = this.#options.maxResponseBytes ?? 64 * 1024 * 1024;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          response.destroy();
          reject(
            new KubernetesApiError(
              response.statusCode ?? null,
              `${what}: the answer is larger than ${limit} bytes; lower the page size`,
            ),
          );
          return;
        }
        chunks.push(chunk);
      });
      response.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      response.once('error', reject);
    });
  }

  #networkError(error: unknown, what: string): KubernetesApiError {
    const code =
      error && typeof error === 'object' && 'code' in error ? String(error.code) : 'unknown';
    const message = error instanceof Error ? error.message : String(error);
    if (TLS_ERRORS.has(code)) {
      return new KubernetesApiError(
        null,
        `${what}: the Kubernetes API at ${this.#origin.host} presented a certificate the cluster CA does not validate (${code}: ${message})`,
        { cause: error },
      );
    }
    return new KubernetesApiError(
      null,
      `${what}: cannot reach the Kubernetes API at ${this.#origin.host} (${code}: ${message})`,
      { cause: error },
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
