import type { AlertDiff, DiffOptions } from '#core/alerts/alert-state.ts';
import { diffAlerts } from '#core/alerts/diff.ts';
import { AlertStateNotSavedError, AwsCallError } from '#core/errors.ts';
import type { AlertStateStore, Notifier } from '#core/gateways.ts';
import type { Report } from '#core/model/report.ts';
import { type ClusterPlace, UNKNOWN_PLACE } from '#render/alerts/cluster-label.ts';
import { buildAlertNotification } from '#render/alerts/notification.ts';
import { renderSnsMessage, type SnsRenderOptions } from '#render/alerts/sns-message.ts';

/** What {@link runAlertCycle} needs from the outside. */
export interface AlertCycleDeps {
  readonly store: AlertStateStore;
  readonly notifier: Notifier;
}

/** How an alert cycle diffs and renders; `place` is the cluster's account and Region. */
export type AlertCycleOptions = DiffOptions & SnsRenderOptions & { readonly place?: ClusterPlace };

/** What one alert cycle did. */
export interface AlertCycleResult {
  readonly diff: AlertDiff;
  /** The published message, or null when nothing was new, changed or resolved. */
  readonly published: {
    readonly messageId: string;
    readonly notificationId: string;
    readonly bytes: number;
    readonly omittedAlerts: number;
  } | null;
}

/**
 * One alerting run for one cluster: load the alert state, diff it with the report, publish the
 * delta (if any) and only then save the state, so a failed publish is retried by the next run
 * instead of being lost. A run with nothing new, changed or resolved publishes nothing (it may
 * still save, to keep `lastSeenAt` current).
 *
 * The store's client is expected to retry throttled and failed writes (see `awsClientConfig`): a
 * throttled save after a successful publish is retried there, so the next run finds the state
 * and does not notify again.
 *
 * @throws AwsCallError when loading or publishing fails (nothing is saved after a failed
 *   publish); AlertStateNotSavedError (an AwsCallError naming the operation) when the save fails
 *   after the publish: the next run publishes the same delta again, with the same
 *   notificationId; StateConflictError when another run saved first (this run's message was
 *   published).
 * @example
 * const result = await runAlertCycle({ store, notifier }, config.clusterKey, report, clock.now(), { resolveAfterMs: 3_600_000 });
 * logger.info('alert cycle', { published: result.published?.messageId ?? null });
 */
export async function runAlertCycle(
  deps: AlertCycleDeps,
  clusterKey: string,
  report: Report,
  now: number,
  options: AlertCycleOptions = {},
): Promise<AlertCycleResult> {
  const diff = diffAlerts(await deps.store.load(clusterKey), report, now, options);
  let published: AlertCycleResult['published'] = null;
  if (diff.new.length + diff.changed.length + diff.resolved.length > 0) {
    const notification = buildAlertNotification(report, diff, now, options.place ?? UNKNOWN_PLACE);
    const rendered = renderSnsMessage(notification, options);
    const { messageId } = await deps.notifier.publish(rendered);
    published = {
      messageId,
      notificationId: rendered.notification.id,
      bytes: rendered.bytes,
      omittedAlerts: rendered.notification.omitted.alerts,
    };
  }
  if (diff.writes.length > 0) {
    try {
      await deps.store.save(clusterKey, diff.writes);
    } catch (error) {
      if (published && error instanceof AwsCallError) {
        throw new AlertStateNotSavedError(error, published);
      }
      throw error;
    }
  }
  return { diff, published };
}
