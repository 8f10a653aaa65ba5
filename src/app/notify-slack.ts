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

/** What `notifySlack` reports as it goes (logs and metrics, in the composition root). */
export interface NotifySlackOutput {
  readonly duplicate: (notification: AlertNotification) => void;
  readonly posted: (notification: AlertNotification, attempts: number) => void;
  readonly total: (posted: number) => void;
}

/**
 * Checks each alert message (the JSON alert notification of the topic's `lambda` key), renders
 * it as Block Kit and posts it, one after another; a notification already posted is not posted
 * again. Returns the number of messages posted.
 *
 * @throws InputError when a message is not an alert notification; DeliveryError when Slack
 *   refuses or keeps failing (the messages after it are not posted; the invocation is retried).
 * @example
 * const { posted } = await postAlertsToSlack({ poster, output }, [record.Sns.Message], signal);
 */
export async function postAlertsToSlack(
  deps: { readonly poster: SlackPoster; readonly output: NotifySlackOutput },
  messages: readonly string[],
  signal?: AbortSignal,
): Promise<{ readonly posted: number }> {
  let posted = 0;
  for (const text of messages) {
    const notification = parseAlertNotification(text);
    const message = renderSlackMessage(notification);
    const { attempts, duplicate } = await deps.poster.send(message, signal, notification.id);
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
