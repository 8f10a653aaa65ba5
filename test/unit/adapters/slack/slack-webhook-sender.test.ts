import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type SlackSenderOptions,
  SlackWebhookSender,
} from '#adapters/slack/slack-webhook-sender.ts';
import { ConfigError, DeliveryError } from '#core/errors.ts';
import type { SecretSource } from '#core/gateways.ts';
import { renderSlackMessage } from '#render/alerts/slack-blocks.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { T0 } from '#test/helpers/reports.ts';
import { firstRun } from '#test/helpers/scenarios.ts';
import { FakeSlack } from '#test/helpers/slack-server.ts';

// An in-memory secret source that counts its reads.
class CountingSecret implements SecretSource {
  readonly label = 'SSM parameter /test/slack-webhook';
  reads = 0;
  constructor(private readonly value: () => string) {}
  async read(): Promise<string> {
    this.reads += 1;
    return this.value();
  }
}

const message = renderSlackMessage(firstRun().notification);

let slack: FakeSlack;
let clock: FakeClock;
let secret: CountingSecret;

function sender(options: Partial<SlackSenderOptions> = {}): SlackWebhookSender {
  return new SlackWebhookSender({ webhookUrl: secret, clock, timeoutMs: 2_000, ...options });
}

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  const delivery = error as DeliveryError;
  // The webhook URL is a secret: no error may carry any part of it.
  expect(`${delivery.message} ${delivery.stack} ${JSON.stringify(delivery)}`).not.toContain(
    'SECRET',
  );
  return delivery;
}

beforeEach(async () => {
  slack = await FakeSlack.start();
  clock = new FakeClock(T0);
  secret = new CountingSecret(() => slack.url);
});

afterEach(async () => {
  await slack.close();
});

describe('SlackWebhookSender', () => {
  it('posts the Block Kit message as JSON to the webhook read from the secret source', async () => {
    // Act
    const result = await sender().send(message);

    // Assess
    expect(result).toEqual({ attempts: 1, duplicate: false });
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0]).toMatchObject({
      method: 'POST',
      path: FakeSlack.SECRET_PATH,
      contentType: 'application/json; charset=utf-8',
    });
    expect(JSON.parse(slack.requests[0]?.body ?? '')).toEqual(message);
  });

  it('reads the secret once for several messages', async () => {
    // Prepare
    const sending = sender();

    // Act
    await sending.send(message);
    await sending.send(message);

    // Assess
    expect(secret.reads).toBe(1);
    expect(slack.requests).toHaveLength(2);
  });

  it('fails at once on 400 invalid_blocks with the status and code, without retrying', async () => {
    // Prepare
    slack.respond({ status: 400, body: 'invalid_blocks' });

    // Act
    const error = await failure(sender().send(message));

    // Assess
    expect(error).toMatchObject({ status: 400, code: 'invalid_blocks', attempts: 1 });
    expect(error.message).toBe(
      'Slack rejected the message (HTTP 400 invalid_blocks): a block is malformed or over a limit',
    );
    expect(slack.requests).toHaveLength(1);
  });

  it.each([
    [
      403,
      'invalid_token',
      'Slack refused the webhook (HTTP 403 invalid_token): it was revoked or its app lost access; replace the URL in SSM parameter /test/slack-webhook',
    ],
    [
      404,
      'no_service',
      'Slack does not know the webhook (HTTP 404 no_service): replace the URL in SSM parameter /test/slack-webhook',
    ],
    [
      410,
      'channel_is_archived',
      'the channel of the Slack webhook is gone (HTTP 410 channel_is_archived): replace the URL in SSM parameter /test/slack-webhook',
    ],
  ])(
    'fails on HTTP %i %s naming where the URL is kept, and reads the secret again next time',
    async (status, body, text) => {
      // Prepare
      slack.respond({ status, body });
      const sending = sender();

      // Act
      const error = await failure(sending.send(message));
      await sending.send(message);

      // Assess
      expect(error.message).toBe(text);
      expect(error).toMatchObject({ status, code: body, attempts: 1 });
      expect(secret.reads).toBe(2);
    },
  );

  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    // Prepare
    slack.respond({ status: 429, body: 'rate_limited', headers: { 'retry-after': '2' } });

    // Act
    const result = await sender().send(message);

    // Assess
    expect(result).toEqual({ attempts: 2, duplicate: false });
    expect(clock.sleeps).toEqual([2_000]);
    expect(slack.requests).toHaveLength(2);
  });

  it('gives up at once when Retry-After asks for longer than allowed', async () => {
    // Prepare
    slack.respond({ status: 429, body: 'rate_limited', headers: { 'retry-after': '120' } });

    // Act
    const error = await failure(sender({ maxRetryAfterMs: 30_000 }).send(message));

    // Assess
    expect(error.message).toBe(
      'Slack rate-limited the webhook (HTTP 429) and asks to wait 120 s, more than the 30000 ms allowed',
    );
    expect(clock.sleeps).toEqual([]);
  });

  it('retries 5xx with doubling backoff and fails after maxAttempts', async () => {
    // Prepare
    slack.respond(
      { status: 500, body: 'internal_error' },
      { status: 502, body: '<html>bad gateway</html>' },
      { status: 503, body: 'service_unavailable' },
    );

    // Act
    const error = await failure(sender({ maxAttempts: 3, baseDelayMs: 500 }).send(message));

    // Assess
    expect(error).toMatchObject({ status: 503, code: 'service_unavailable', attempts: 3 });
    expect(error.message).toBe('Slack failed (HTTP 503 service_unavailable) after 3 attempt(s)');
    expect(clock.sleeps).toEqual([500, 1_000]);
    expect(slack.requests).toHaveLength(3);
  });

  it('succeeds after a transient 503', async () => {
    // Prepare
    slack.respond({ status: 503, body: 'service_unavailable' });

    // Act
    const result = await sender().send(message);

    // Assess
    expect(result).toEqual({ attempts: 2, duplicate: false });
  });

  it('fails with a timeout, without retrying, when Slack does not answer', async () => {
    // Prepare
    slack.respond('hang');

    // Act
    const error = await failure(sender({ timeoutMs: 150 }).send(message));

    // Assess
    expect(error).toMatchObject({ status: null, code: 'timeout', attempts: 1 });
    expect(error.message).toBe('the Slack webhook did not answer within 150 ms (attempt 1 of 3)');
    expect(slack.requests).toHaveLength(1);
  });

  it('retries a refused connection, then reports it', async () => {
    // Prepare
    const port = await closedPort();
    secret = new CountingSecret(() => `http://127.0.0.1:${port}${FakeSlack.SECRET_PATH}`);

    // Act
    const error = await failure(sender({ baseDelayMs: 10 }).send(message));

    // Assess
    expect(error).toMatchObject({ status: null, code: 'ECONNREFUSED', attempts: 3 });
    expect(clock.sleeps).toEqual([10, 20]);
  });

  it.each([
    [
      'http://hooks.example.com/services/T0000SECRET/B0/X',
      'must be an https URL without credentials',
    ],
    [
      'https://user:SECRET@hooks.example.com/services/T/B/X',
      'must be an https URL without credentials',
    ],
    ['not a url SECRET', 'is not a URL'],
  ])('refuses the secret value %s without echoing it', async (value, problem) => {
    // Prepare
    secret = new CountingSecret(() => value);

    // Act
    const error = await sender()
      .send(message)
      .then(
        () => null,
        (caught: unknown) => caught,
      );

    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(problem);
    expect((error as ConfigError).message).not.toContain('SECRET');
    expect(slack.requests).toHaveLength(0);
  });
});

// A loopback port nothing listens on.
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
