import { randomUUID } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { faultAnswer } from '#test/helpers/fault-answers.ts';
import { operationOf, type Protocol } from '#test/helpers/fault-operations.ts';

/** What the proxy does to a matching call. */
export type FaultKind = 'throttle' | 'limit-exceeded' | 'error-500' | 'slow' | 'drop';

/**
 * One fault rule: the first `times` calls of `operation` (every call when `times` is omitted) get
 * `fault`; later calls pass through. `slow` waits `delayMs` (default 1,000) before forwarding.
 */
export interface FaultRule {
  /** The API name: `StartQuery`, `DescribeNetworkInterfaces`, `PutItem`, `DescribeCluster`, ... */
  readonly operation: string;
  readonly fault: FaultKind;
  readonly times?: number;
  readonly delayMs?: number;
  /** Only calls whose request body contains this text match (e.g. `"window"` for one item). */
  readonly bodyIncludes?: string;
}

/** One call the proxy saw, in arrival order. */
export interface ProxiedCall {
  /** The SigV4 signing name (`logs`, `ec2`, `eks`, `sns`, `dynamodb`, ...). */
  readonly service: string;
  readonly operation: string;
  readonly protocol: Protocol;
  /** The fault applied, or null when the call was forwarded untouched. */
  readonly fault: FaultKind | null;
  /** False when the client went away before a slow call was forwarded (it never reached moto). */
  forwarded: boolean;
}

interface ActiveRule {
  readonly rule: FaultRule;
  left: number;
}

/**
 * A fault-injecting HTTP proxy in front of moto_server, on a free loopback port. It recognises
 * the operation of each call by protocol (JSON `X-Amz-Target`, query `Action=`, EKS REST routes),
 * applies the first matching rule (throttling and limit errors, 500s, slow answers, dropped
 * connections) with the error shape the real service uses for that protocol, and records every
 * call so tests can count attempts.
 *
 * @example
 * const proxy = await FaultProxy.start(inject('motoEndpoint'));
 * proxy.inject({ operation: 'PutItem', fault: 'throttle', times: 2 });
 * const dynamo = new DynamoDBClient({ ...awsClientConfig(), endpoint: proxy.url });
 * // ...
 * proxy.attempts('PutItem'); // 3
 * await proxy.close();
 */
export class FaultProxy {
  readonly calls: ProxiedCall[] = [];
  private readonly rules: ActiveRule[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    private readonly upstream: URL,
    readonly url: string,
  ) {}

  /** Starts a proxy forwarding to `upstream` (the moto_server endpoint). */
  static async start(upstream: string): Promise<FaultProxy> {
    let proxy: FaultProxy | null = null;
    const server = createServer((req, res) => {
      proxy?.handle(req, res).catch((error: unknown) => {
        res.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    proxy = new FaultProxy(server, new URL(upstream), `http://127.0.0.1:${port}`);
    return proxy;
  }

  /** Adds a rule; rules are tried in the order they were added. */
  inject(rule: FaultRule): void {
    this.rules.push({ rule, left: rule.times ?? Number.POSITIVE_INFINITY });
  }

  /** How many calls of `operation` arrived (faulted or not). */
  attempts(operation: string): number {
    return this.calls.filter((call) => call.operation === operation).length;
  }

  /** The operations in arrival order, e.g. `['DescribeCluster', 'UpdateClusterConfig']`. */
  operations(): string[] {
    return this.calls.map((call) => call.operation);
  }

  /** Stops listening and cuts every open connection (SDK clients keep theirs alive). */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const { service, operation, protocol } = operationOf(req, body);
    const text = body.toString('utf8');
    const active = this.rules.find(
      ({ rule, left }) =>
        rule.operation === operation &&
        left > 0 &&
        (rule.bodyIncludes === undefined || text.includes(rule.bodyIncludes)),
    );
    if (active) active.left--;
    const fault = active?.rule.fault ?? null;
    const call: ProxiedCall = { service, operation, protocol, fault, forwarded: false };
    this.calls.push(call);

    switch (fault) {
      case 'drop':
        // The connection closes without an answer: the SDK sees "socket hang up" (ECONNRESET).
        req.socket.destroy();
        return;
      case 'slow': {
        let gone = false;
        res.on('close', () => {
          if (!res.writableFinished) gone = true;
        });
        await this.wait(active?.rule.delayMs ?? 1_000);
        if (gone) return;
        break;
      }
      case null:
        break;
      default: {
        const answer = faultAnswer(fault, { service, operation, protocol }, randomUUID());
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
        return;
      }
    }
    call.forwarded = true;
    await this.forward(req, body, res);
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private forward(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        {
          host: this.upstream.hostname,
          port: this.upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: this.upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', resolve);
          answer.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
