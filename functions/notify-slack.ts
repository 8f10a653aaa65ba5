import type { SNSEvent } from 'aws-lambda';
import { postAlertsToSlack } from '#app/notify-slack.ts';
import { lambdaChain } from '#wiring/lambda-chain.ts';
import {
  deployedNotifySlackDeps,
  type NotifySlackDeps,
  notifySlackApp,
} from '#wiring/notify-slack.ts';

/**
 * The `notifySlack` handler, subscribed to the alert topic: each SNS record's alert notification
 * is rendered as Block Kit and posted to the Slack incoming webhook whose URL is read from SSM or
 * Secrets Manager at the first post (see {@link postAlertsToSlack}).
 *
 * @throws InputError when a message is not an alert notification; DeliveryError when Slack
 *   refuses or keeps failing (SNS retries the invocation, then the dead-letter queue gets it).
 * @example
 * const handler = makeHandler({ config, clients: { ssm: () => ssm, secretsManager: () => sm }, clock: systemClock });
 */
export function makeHandler(deps: NotifySlackDeps) {
  const app = notifySlackApp(deps);
  return lambdaChain<SNSEvent, { readonly posted: number }>(
    (event, _context, { signal }) =>
      postAlertsToSlack(
        app,
        (event.Records ?? []).map((record) => record.Sns.Message),
        signal,
      ),
    app.observability,
    { timeoutEarlyInMillis: deps.timeoutEarlyInMillis },
  );
}

/** The deployed handler: configuration read once at cold start; only the needed client is built. */
export const handler = makeHandler(deployedNotifySlackDeps());
