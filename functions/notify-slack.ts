import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { SNSEvent } from 'aws-lambda';
import { SecretsManagerSecret } from '#adapters/aws/secrets-manager-secret.ts';
import { SsmSecureString } from '#adapters/aws/ssm-secure-string.ts';
import {
  type SlackSenderOptions,
  SlackWebhookSender,
} from '#adapters/slack/slack-webhook-sender.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { loadNotifySlackConfig, type NotifySlackConfig } from '#config/load-config.ts';
import type { Clock, SecretSource } from '#core/gateways.ts';
import { lambdaChain, makeObservability } from '#functions/middy.ts';
import { parseAlertNotification } from '#render/alerts/notification-schema.ts';
import { renderSlackMessage } from '#render/alerts/slack-blocks.ts';

/** What the notifySlack handler is built from. The SDK clients are created lazily per source. */
export interface NotifySlackDeps {
  readonly config: NotifySlackConfig;
  readonly clients: {
    readonly ssm: () => SSMClient;
    readonly secretsManager: () => SecretsManagerClient;
  };
  readonly clock: Clock;
  /** Sender tuning (timeouts, retries); the webhook URL always comes from the configured secret. */
  readonly sender?: Omit<SlackSenderOptions, 'webhookUrl' | 'clock'>;
  readonly timeoutEarlyInMillis?: number;
}

/**
 * The `notifySlack` handler, subscribed to the alert topic: each SNS record's message (the
 * `lambda` key, the JSON alert notification) is checked, rendered as Block Kit and posted to the
 * Slack incoming webhook whose URL is read from SSM (SecureString) or Secrets Manager at the first
 * post. The URL is never logged; errors name the HTTP status and Slack's error code only. A
 * notification id already posted by this container (an SNS redelivery, a retried invocation) is
 * not posted again.
 *
 * @throws InputError when a message is not an alert notification; DeliveryError when Slack
 *   refuses or keeps failing (SNS retries the invocation, then the dead-letter queue gets it).
 * @example
 * const handler = makeHandler({ config, clients: { ssm: () => ssm, secretsManager: () => sm }, clock: systemClock });
 */
export function makeHandler(deps: NotifySlackDeps) {
  const { config, clock } = deps;
  const observability = makeObservability(config);
  const source = config.slackWebhook;
  const webhookUrl: SecretSource =
    source.kind === 'ssm'
      ? new SsmSecureString(deps.clients.ssm(), source.parameterName)
      : new SecretsManagerSecret(deps.clients.secretsManager(), source.secretId);
  const sender = new SlackWebhookSender({ ...deps.sender, webhookUrl, clock });
  return lambdaChain<SNSEvent, { readonly posted: number }>(
    async (event, _context, { signal }) => {
      let posted = 0;
      for (const record of event.Records ?? []) {
        const notification = parseAlertNotification(record.Sns.Message);
        const message = renderSlackMessage(notification);
        const { attempts, duplicate } = await sender.send(message, signal, notification.id);
        if (duplicate) {
          observability.logger.info('already posted to Slack', { notificationId: notification.id });
          continue;
        }
        posted++;
        observability.logger.info('posted to Slack', {
          notificationId: notification.id,
          cluster: notification.cluster,
          severity: notification.severity,
          attempts,
        });
      }
      observability.metrics.addMetric('SlackMessagesPosted', 'Count', posted);
      return { posted };
    },
    observability,
    { timeoutEarlyInMillis: deps.timeoutEarlyInMillis },
  );
}

/** The deployed handler: configuration read once at cold start; only the needed client is built. */
export const handler = makeHandler({
  config: loadNotifySlackConfig(),
  clients: { ssm: () => new SSMClient({}), secretsManager: () => new SecretsManagerClient({}) },
  clock: systemClock,
});
