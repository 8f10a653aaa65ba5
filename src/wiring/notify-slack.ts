import { deployedSecretClients, type SecretClients } from '#adapters/aws/clients.ts';
import { DynamoDbNotificationLedger } from '#adapters/aws/dynamodb-notification-ledger.ts';
import { SecretsManagerSecret } from '#adapters/aws/secrets-manager-secret.ts';
import { SsmSecureString } from '#adapters/aws/ssm-secure-string.ts';
import {
  type SlackSenderOptions,
  SlackWebhookSender,
} from '#adapters/slack/slack-webhook-sender.ts';
import { systemClock } from '#adapters/system-clock.ts';
import type { NotifySlackDeps as PostDeps } from '#app/notify-slack.ts';
import { loadNotifySlackConfig, type NotifySlackConfig } from '#config/load-config.ts';
import type { Clock, SecretSource } from '#core/gateways.ts';
import { makeObservability, type Observability } from '#wiring/lambda-chain.ts';

/** What the notifySlack handler is built from. The SDK clients are created lazily per source. */
export interface NotifySlackDeps {
  readonly config: NotifySlackConfig;
  readonly clients: SecretClients;
  readonly clock: Clock;
  /** Sender tuning (timeouts, retries); the webhook URL always comes from the configured secret. */
  readonly sender?: Omit<SlackSenderOptions, 'webhookUrl' | 'clock'>;
  readonly timeoutEarlyInMillis?: number;
}

/**
 * The deployed function's dependencies: configuration read once at cold start; only the client of
 * the configured secret source is built, at the first post.
 *
 * @throws ConfigError when the configuration is invalid.
 * @example
 * export const handler = makeHandler(deployedNotifySlackDeps());
 */
export function deployedNotifySlackDeps(): NotifySlackDeps {
  return { config: loadNotifySlackConfig(), clients: deployedSecretClients(), clock: systemClock };
}

/** What `notifySlack` is built from once per cold start. */
export interface NotifySlackApp extends PostDeps {
  readonly observability: Observability;
}

/**
 * The Slack sender over the configured secret source (SSM SecureString or Secrets Manager), the
 * ledger of posted ids in the state table (when `STATE_TABLE` is set), and the logs and metrics of
 * each post. The webhook URL is never logged.
 *
 * @example
 * const app = notifySlackApp({ config, clients, clock: systemClock });
 */
export function notifySlackApp(deps: NotifySlackDeps): NotifySlackApp {
  const { config, clock } = deps;
  const observability = makeObservability(config);
  const source = config.slackWebhook;
  const webhookUrl: SecretSource =
    source.kind === 'ssm'
      ? new SsmSecureString(deps.clients.ssm(), source.parameterName)
      : new SecretsManagerSecret(deps.clients.secretsManager(), source.secretId);
  const sender = new SlackWebhookSender({ ...deps.sender, webhookUrl, clock });
  const { logger, metrics } = observability;
  return {
    observability,
    poster: sender,
    clock,
    ...(config.stateTable === null
      ? {}
      : { ledger: new DynamoDbNotificationLedger(deps.clients.dynamodb(), config.stateTable) }),
    output: {
      duplicate: (n) => logger.info('already posted to Slack', { notificationId: n.id }),
      posted: (n, attempts) =>
        logger.info('posted to Slack', {
          notificationId: n.id,
          cluster: n.cluster,
          severity: n.severity,
          attempts,
        }),
      total: (posted) => metrics.addMetric('SlackMessagesPosted', 'Count', posted),
    },
  };
}
