import type { Clock, NotificationLedger } from '#core/gateways.ts';
import type { AlertNotification } from '#render/alerts/notification.ts';
import { parseAlertNotification } from '#render/alerts/notification-schema.ts';
import { renderSlackMessage, type SlackMessage } from '#render/alerts/slack-blocks.ts';

/** Posts one Slack message; `duplicate` when its notification id was already posted. */
export interface SlackPoster {
  send(
    message: SlackMessage,
    signal: AbortSignal | undefined,
    id: string,
  ): Promise<{ readonly attempts: number; readonly duplicate: boolean }>;
}

/** How long a delivery holds a notification id while it posts (longer than any post takes). */
export const CLAIM_MS = 5 * 60_000;
/** How long a posted id is remembered: longer than SNS retries and redeliveries go on. */
export const POSTED_KEEP_MS = 7 * 86_400_000;

/** What `notifySlack` posts with. */
export interface NotifySlackDeps {
  readonly poster: SlackPoster;
  readonly output: NotifySlackOutput;
  /** The durable record of posted ids (across containers); without it, only the poster's own. */
  readonly ledger?: NotificationLedger;
  readonly clock: Clock;
}

/** What `notifySlack` reports as it goes (logs and metrics, in the composition root). */
export interface NotifySlackOutput {
  readonly duplicate: (notification: AlertNotification) => void;
  readonly posted: (notification: AlertNotification, attempts: number) => void;
  readonly total: (posted: number) => void;
}

/**
 * Checks each alert message (the JSON alert notification of the topic's `lambda` key), renders
 * it as Block Kit and posts it, one after another; a notification already posted is not posted
 * again: neither by this container's poster nor, with a `ledger`, by any other delivery (the id
 * is claimed with a conditional write before the post, kept as posted after it, and given back
 * when the post fails so a retry can post it). Returns the number of messages posted.
 *
 * @throws InputError when a message is not an alert notification; DeliveryError when Slack
 *   refuses or keeps failing (the messages after it are not posted; the invocation is retried).
 * @example
 * const { posted } = await postAlertsToSlack({ poster, output, ledger, clock }, [record.Sns.Message], signal);
 */
export async function postAlertsToSlack(
  deps: NotifySlackDeps,
  messages: readonly string[],
  signal?: AbortSignal,
): Promise<{ readonly posted: number }> {
  let posted = 0;
  for (const text of messages) {
    const notification = parseAlertNotification(text);
    const message = renderSlackMessage(notification);
    const { attempts, duplicate } = await postOnce(deps, message, notification.id, signal);
    if (duplicate) {
      deps.output.duplicate(notification);
      continue;
    }
    posted++;
    deps.output.posted(notification, attempts);
  }
  deps.output.total(posted);
  return { posted };
}

async function postOnce(
  deps: NotifySlackDeps,
  message: SlackMessage,
  id: string,
  signal: AbortSignal | undefined,
): Promise<{ readonly attempts: number; readonly duplicate: boolean }> {
  const { ledger, clock } = deps;
  if (ledger === undefined) return deps.poster.send(message, signal, id);
  const claim = await ledger.claim(id, clock.now(), CLAIM_MS);
  if (claim === null) return { attempts: 0, duplicate: true };
  let sent: { readonly attempts: number; readonly duplicate: boolean };
  try {
    sent = await deps.poster.send(message, signal, id);
  } catch (error) {
    await ledger.release(claim, clock.now()).catch(() => undefined);
    throw error;
  }
  await ledger.posted(claim, clock.now(), POSTED_KEEP_MS);
  return sent;
}
