import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake Slack answers to one request: a status, a body, headers; or `hang` to never answer. */
export type ScriptedAnswer =
  | { readonly status: number; readonly body: string; readonly headers?: Record<string, string> }
  | 'hang';

/** A request the server received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: string;
}

/**
 * A real HTTP server on 127.0.0.1 (random port) that plays Slack's incoming-webhook endpoint:
 * it answers requests from a script, in order, then `200 ok`.
 */
export class FakeSlack {
  readonly requests: ReceivedRequest[] = [];
  private readonly script: ScriptedAnswer[] = [];
  private readonly hanging: ServerResponse[] = [];
  private readonly server: Server;

  private constructor() {
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  /** Starts a server; call {@link close} when done. */
  static async start(): Promise<FakeSlack> {
    const slack = new FakeSlack();
    await new Promise<void>((resolve) => slack.server.listen(0, '127.0.0.1', resolve));
    return slack;
  }

  /** The webhook URL, with a secret-looking path. */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${FakeSlack.SECRET_PATH}`;
  }

  static readonly SECRET_PATH = '/services/T0000SECRET/B0000SECRET/XXXXXXXXXXXXSECRET';

  /** Queues answers for the next requests. */
  respond(...answers: ScriptedAnswer[]): this {
    this.script.push(...answers);
    return this;
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    this.requests.push({
      method: request.method ?? '',
      path: request.url ?? '',
      contentType: request.headers['content-type'],
      body: Buffer.concat(chunks).toString('utf8'),
    });
    const next = this.script.shift() ?? { status: 200, body: 'ok' };
    if (next === 'hang') {
      this.hanging.push(response);
      return;
    }
    response.writeHead(next.status, { 'content-type': 'text/plain', ...next.headers });
    response.end(next.body);
  }
}
