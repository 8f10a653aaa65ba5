import { ConfigError, DeliveryError } from '#core/errors.ts';
import type { Clock, SecretSource } from '#core/gateways.ts';
import type { SlackMessage } from '#render/alerts/slack-blocks.ts';

/** Options of {@link SlackWebhookSender}. */
export interface SlackSenderOptions {
  /** Where the incoming-webhook URL is kept (SSM SecureString or Secrets Manager); read once, cached. */
  readonly webhookUrl: SecretSource;
  readonly clock: Clock;
  /** Per attempt, headers and body (default 5,000 ms). */
  readonly timeoutMs?: number;
  /** Attempts in all, retrying only HTTP 429, 5xx and refused connections (default 3). */
  readonly maxAttempts?: number;
  /** First backoff when Slack gives no Retry-After; doubles per attempt (default 1,000 ms). */
  readonly baseDelayMs?: number;
  /** A Retry-After longer than this fails at once instead of waiting (default 30,000 ms). */
  readonly maxRetryAfterMs?: number;
  /** Notification ids remembered as posted, to drop redeliveries (default 1,000, oldest first out). */
  readonly rememberIds?: number;
}

/** What {@link SlackWebhookSender.send} did. */
export interface SlackSendResult {
  /** HTTP attempts made (0 for a duplicate). */
  readonly attempts: number;
  /** The notification id was already posted (or is being posted) by this sender: nothing sent. */
  readonly duplicate: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);
// Connection errors that prove the request was never sent, so retrying cannot double-post.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Posts Block Kit messages to a Slack incoming webhook. The URL is read from a secret source at
 * the first send (never from the environment) and is never logged or put in an error: failures
 * are `DeliveryError`s naming the HTTP status and Slack's error code (`invalid_blocks`,
 * `no_service`, ...). HTTP 429 (honouring Retry-After), 5xx and refused connections are retried
 * up to `maxAttempts`; a timeout is not retried, as Slack may already have posted the message.
 * After a 403, 404 or 410 the cached URL is dropped so the next send reads the secret again.
 *
 * @example
 * const sender = new SlackWebhookSender({ webhookUrl: new SsmSecureString(ssm, '/eks-sg-advisor/slack'), clock: systemClock });
 * await sender.send(renderSlackMessage(notification));
 */
export class SlackWebhookSender {
  private readonly options: Required<SlackSenderOptions>;
  private url: Promise<URL> | null = null;
  // Ids posted or being posted, oldest first (a Map keeps insertion order).
  private readonly posted = new Map<string, Promise<unknown>>();

  constructor(options: SlackSenderOptions) {
    this.options = {
      timeoutMs: 5_000,
      maxAttempts: 3,
      baseDelayMs: 1_000,
      maxRetryAfterMs: 30_000,
      rememberIds: 1_000,
      ...options,
    };
  }

  /**
   * Sends one message; resolves with the number of attempts it took. With `id` (the alert
   * notification's id), a message whose id this sender already posted, or is posting, is not
   * sent again (SNS delivers at least once, and a failed invocation is retried): it resolves as a
   * duplicate. A failed send forgets the id, so a retry can post it.
   *
   * @throws DeliveryError when Slack rejects the message, keeps failing, or does not answer in time.
   * @throws ConfigError when the secret is not an https URL (http only for a loopback address).
   */
  async send(message: SlackMessage, signal?: AbortSignal, id?: string): Promise<SlackSendResult> {
    if (id === undefined)
      return { attempts: await this.deliver(message, signal), duplicate: false };
    const pending = this.posted.get(id);
    if (pending !== undefined) {
      await pending;
      return { attempts: 0, duplicate: true };
    }
    const delivery = this.deliver(message, signal);
    this.posted.set(id, delivery);
    try {
      return { attempts: await delivery, duplicate: false };
    } catch (error) {
      this.posted.delete(id);
      throw error;
    } finally {
      for (const oldest of this.posted.keys()) {
        if (this.posted.size <= this.options.rememberIds) break;
        this.posted.delete(oldest);
      }
    }
  }

  private async deliver(message: SlackMessage, signal?: AbortSignal): Promise<number> {
    const url = await this.webhook();
    const body = JSON.stringify(message);
    const { maxAttempts } = this.options;
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.post(url, body, attempt, signal);
      if (outcome.ok) return attempt;
      if (outcome.retryAfterMs === null || attempt >= maxAttempts) {
        if (outcome.status === 403 || outcome.status === 404 || outcome.status === 410)
          this.url = null;
        throw outcome.error;
      }
      await this.options.clock.sleep(outcome.retryAfterMs, signal);
    }
  }

  private async post(
    url: URL,
    body: string,
    attempt: number,
    signal?: AbortSignal,
  ): Promise<Outcome> {
    const { timeoutMs, maxAttempts } = this.options;
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
        redirect: 'error',
        signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const details = {
        status: null,
        code: timeout.aborted ? 'timeout' : networkCode(error),
        attempts: attempt,
      };
      if (timeout.aborted) {
        return fail(
          new DeliveryError(
            `the Slack webhook did not answer within ${timeoutMs} ms (attempt ${attempt} of ${maxAttempts})`,
            details,
          ),
          null,
        );
      }
      const retry =
        details.code !== null && NOT_SENT.has(details.code) ? this.backoff(attempt) : null;
      return fail(
        new DeliveryError(
          `could not reach the Slack webhook: ${details.code ?? 'network error'} (attempt ${attempt} of ${maxAttempts})`,
          details,
        ),
        retry,
      );
    }
    if (response.ok) return { ok: true };
    const status = response.status;
    const code = /^[a-z0-9_]{1,64}$/.test(text.trim()) ? text.trim() : null;
    const details = { status, code, attempts: attempt };
    if (status === 429) {
      const wait = retryAfterMs(response.headers.get('retry-after')) ?? this.backoff(attempt);
      if (wait > this.options.maxRetryAfterMs) {
        return fail(
          new DeliveryError(
            `Slack rate-limited the webhook (HTTP 429) and asks to wait ${Math.ceil(wait / 1000)} s, more than the ${this.options.maxRetryAfterMs} ms allowed`,
            details,
          ),
          null,
        );
      }
      return fail(
        new DeliveryError(
          `Slack kept rate-limiting the webhook (HTTP 429) after ${attempt} attempt(s)`,
          details,
        ),
        wait,
      );
    }
    if (status >= 500) {
      return fail(
        new DeliveryError(
          `Slack failed (HTTP ${status}${code ? ` ${code}` : ''}) after ${attempt} attempt(s)`,
          details,
        ),
        this.backoff(attempt),
      );
    }
    return fail(
      new DeliveryError(rejection(status, code, this.options.webhookUrl.label), details),
      null,
    );
  }

  private backoff(attempt: number): number {
    return this.options.baseDelayMs * 2 ** (attempt - 1);
  }

  private webhook(): Promise<URL> {
    if (!this.url) {
      const { webhookUrl } = this.options;
      this.url = webhookUrl.read().then((value) => parseWebhookUrl(value, webhookUrl.label));
      this.url.catch(() => {
        this.url = null;
      });
    }
    return this.url;
  }
}

type Outcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly status: number | null;
      readonly error: DeliveryError;
      readonly retryAfterMs: number | null;
    };

function fail(error: DeliveryError, retryAfterMs: number | null): Outcome {
  return { ok: false, status: error.status, error, retryAfterMs };
}

function rejection(status: number, code: string | null, label: string): string {
  const what = `HTTP ${status}${code ? ` ${code}` : ''}`;
  if (status === 400)
    return `Slack rejected the message (${what}): a block is malformed or over a limit`;
  if (status === 403)
    return `Slack refused the webhook (${what}): it was revoked or its app lost access; replace the URL in ${label}`;
  if (status === 404)
    return `Slack does not know the webhook (${what}): replace the URL in ${label}`;
  if (status === 410)
    return `the channel of the Slack webhook is gone (${what}): replace the URL in ${label}`;
  return `Slack did not accept the message (${what})`;
}

/**
 * Milliseconds to wait from a Retry-After header (delta seconds; HTTP dates are ignored), or null.
 *
 * @example
 * retryAfterMs('2'); // 2000
 */
export function retryAfterMs(header: string | null): number | null {
  if (header === null || !/^\d{1,6}$/.test(header.trim())) return null;
  return Number(header.trim()) * 1000;
}

function networkCode(error: unknown): string | null {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = cause?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : null;
}

function parseWebhookUrl(value: string, label: string): URL {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ConfigError(
      `the value of ${label} is not a URL; expected a Slack incoming-webhook URL`,
    );
  }
  const secure =
    url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!secure || url.username !== '' || url.password !== '') {
    throw new ConfigError(`the value of ${label} must be an https URL without credentials`);
  }
  return url;
}
