import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackWebhookSender } from '#adapters/slack/slack-webhook-sender.ts';
import type { SecretSource } from '#core/gateways.ts';
import { renderSlackMessage } from '#render/alerts/slack-blocks.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { T0 } from '#test/helpers/reports.ts';
import { firstRun } from '#test/helpers/scenarios.ts';
import { FakeSlack } from '#test/helpers/slack-server.ts';

const message = renderSlackMessage(firstRun().notification);
const TOKEN = 'T0000SECRET/B0000SECRET/XXXXXXXXXXXXSECRET';

let slack: FakeSlack;

beforeEach(async () => {
  slack = await FakeSlack.start();
});

afterEach(async () => {
  await slack.close();
});

function senderFor(value: () => string, options: { rememberIds?: number } = {}) {
  const webhookUrl: SecretSource = {
    label: 'SSM parameter /test/slack',
    read: async () => value(),
  };
  return new SlackWebhookSender({
    webhookUrl,
    clock: new FakeClock(T0),
    timeoutMs: 2_000,
    maxAttempts: 2,
    baseDelayMs: 1,
    ...options,
  });
}

describe('SlackWebhookSender deduplication by notification id', () => {
  it('posts a notification id once, however often it is sent, concurrently or later', async () => {
    // Prepare
    const sender = senderFor(() => slack.url);
    // Act
    const results = await Promise.all([
      sender.send(message, undefined, 'n-1'),
      sender.send(message, undefined, 'n-1'),
    ]);
    const later = await sender.send(message, undefined, 'n-1');
    const other = await sender.send(message, undefined, 'n-2');
    // Assess
    expect([...results, later, other].map((result) => result.duplicate)).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(slack.requests).toHaveLength(2);
  });

  it('posts an id again after its send failed, so a retry is not lost', async () => {
    // Prepare
    const sender = senderFor(() => slack.url);
    slack.respond({ status: 400, body: 'invalid_blocks' });
    // Act
    const first = await sender.send(message, undefined, 'n-1').catch((error: Error) => error);
    const retried = await sender.send(message, undefined, 'n-1');
    // Assess
    expect(first).toBeInstanceOf(Error);
    expect(retried).toEqual({ attempts: 1, duplicate: false });
    expect(slack.requests).toHaveLength(2);
  });

  it('forgets the oldest ids beyond the ones it remembers', async () => {
    // Prepare
    const sender = senderFor(() => slack.url, { rememberIds: 1 });
    // Act
    await sender.send(message, undefined, 'n-1');
    await sender.send(message, undefined, 'n-2');
    const again = await sender.send(message, undefined, 'n-1');
    // Assess
    expect(again.duplicate).toBe(false);
  });
});

describe('SlackWebhookSender never reveals the webhook URL', () => {
  const local = (path: string) => () => slack.url.replace(FakeSlack.SECRET_PATH, path);
  it.each([
    ['a plain http URL to a non-loopback host', () => `http://hooks.slack.com/services/${TOKEN}`],
    ['a URL with credentials', () => `https://user:pw@hooks.slack.com/services/${TOKEN}`],
    ['a URL without a scheme', () => `hooks.slack.com/services/${TOKEN}`],
    [
      'a URL wrapped in JSON',
      () => JSON.stringify({ url: `https://hooks.slack.com/services/${TOKEN}` }),
    ],
    [
      'a URL with a newline and spaces inside',
      () => `https://hooks.slack.com/services/\n${TOKEN} `,
    ],
    ['a URL with an impossible port', () => `https://hooks.slack.com:99999/services/${TOKEN}`],
    ['an unreachable loopback URL', () => `http://127.0.0.1:9/services/${TOKEN}`],
    ['a URL Slack refuses with 404', local(`/services/${TOKEN}`), 404],
    ['a URL Slack redirects', local(`/services/${TOKEN}`), 302],
  ])('in the error of %s', async (_form, value, status?: number) => {
    // Prepare
    if (status !== undefined) {
      const headers = { location: `https://elsewhere.example/${TOKEN}` };
      slack.respond(
        { status, body: 'no_service', headers },
        { status, body: 'no_service', headers },
      );
    }
    const sender = senderFor(value);
    // Act
    const error = await sender.send(message, undefined, 'n-1').then(
      () => null,
      (caught: unknown) => caught as Error,
    );
    // Assess
    expect(error).toBeInstanceOf(Error);
    const seen = `${error?.message} ${error?.stack} ${JSON.stringify(error)} ${String(error?.cause ?? '')}`;
    expect(seen).not.toContain('SECRET');
  });
});
