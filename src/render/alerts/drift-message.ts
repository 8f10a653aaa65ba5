import { digest } from '#core/alerts/fingerprint.ts';
import type { OutboundMessage } from '#core/gateways.ts';
import type { DriftItem, DriftKind } from '#core/plan/drift.ts';
import type { Plan } from '#core/plan/plan-types.ts';
import { type ClusterPlace, clusterLabel } from '#render/alerts/cluster-label.ts';
import { asciiText, clip, jsonText, plainText, slackCode } from '#render/escape.ts';
import { renderPlanAwsCli } from '#render/plan/plan-fixes.ts';
import { changeText } from '#render/plan/plan-text.ts';

/** Identifies the drift document below; bumped on incompatible changes. */
export const DRIFT_SCHEMA = 'eks-sg-advisor/plan-drift@1';

/** Items listed in one message; the others are counted in `omitted`. */
export const MAX_DRIFT_ITEMS = 50;
/** Evidence lines kept per item. */
const MAX_EVIDENCE = 5;

/** The JSON document of one drift notification (the `sqs` and `lambda` keys of the message). */
export interface DriftNotification {
  readonly schema: typeof DRIFT_SCHEMA;
  /** Hash of the cluster and the items: the same news always gets the same id. */
  readonly id: string;
  readonly cluster: string;
  readonly account: string | null;
  readonly region: string | null;
  readonly generatedAt: string;
  readonly window: Plan['window'];
  /** `pass` or `fail`: whether the whole plan passes the replay check. */
  readonly replay: Plan['replay']['status'];
  readonly counts: { readonly newRequiredPorts: number; readonly unusedRules: number };
  readonly items: readonly DriftNotificationItem[];
  readonly omitted: number;
}

/** One new drift item, self-contained. */
export interface DriftNotificationItem {
  readonly kind: DriftKind;
  readonly key: string;
  /** The change in `plan`'s JSON shape (`authorize-ingress`, `revoke-ingress`, ...). */
  readonly change: Plan['changes'][number];
}

/**
 * The drift notification of the items a run found new.
 *
 * @example
 * const n = buildDriftNotification(plan, delta.news, { account: '123456789012', region: 'eu-west-1' }, clock.now());
 */
export function buildDriftNotification(
  plan: Plan,
  news: readonly DriftItem[],
  place: ClusterPlace,
  now: number,
): DriftNotification {
  const count = (kind: DriftKind) => news.filter((i) => i.kind === kind).length;
  const items = news.slice(0, MAX_DRIFT_ITEMS).map((item) => ({
    kind: item.kind,
    key: clip(item.key, 512),
    change: {
      ...item.change,
      description: clip(item.change.description, 255),
      reason: clip(item.change.reason, 512),
      evidence: item.change.evidence.slice(0, MAX_EVIDENCE).map((e) => clip(e, 512)),
    },
  }));
  return {
    schema: DRIFT_SCHEMA,
    id: digest([plan.cluster, place.account ?? '', place.region ?? '', ...news.map((i) => i.key)]),
    cluster: plan.cluster,
    account: place.account,
    region: place.region,
    generatedAt: new Date(now).toISOString(),
    window: plan.window,
    replay: plan.replay.status,
    counts: { newRequiredPorts: count('new-required-port'), unusedRules: count('unused-rule') },
    items,
    omitted: news.length - items.length,
  };
}

/**
 * Renders a drift notification for SNS Publish with `MessageStructure: "json"`: `default` is an
 * Amazon Q Developer (AWS Chatbot) custom notification, `email` readable text with the AWS CLI
 * commands, `sqs` and `lambda` the JSON document. Attributes `cluster`, `driftId` and
 * `driftCount` serve subscription filter policies; there is no `notificationId`, so the Slack
 * function (which reads alert notifications only) is not invoked for it.
 *
 * @example
 * await notifier.publish(renderDriftMessage(n, plan));
 */
export function renderDriftMessage(n: DriftNotification, plan: Plan): OutboundMessage {
  const label = clusterLabel(n);
  const headline = `${n.counts.newRequiredPorts} new required port(s), ${n.counts.unusedRules} unused rule(s)`;
  const subject = asciiText(`eks-sg-advisor drift: ${n.cluster}: ${headline}`, 99);
  const lines = n.items.map((i) => `${kindText(i.kind)}: ${changeText(i.change)}`);
  const chatbot = {
    version: '1.0',
    source: 'custom',
    id: n.id,
    content: {
      textType: 'client-markdown',
      title: plainText(clip(`Security-group drift on ${label}: ${headline}`, 250)),
      description: clip(lines.map((l) => `• ${slackCode(l, 300)}`).join('\n'), 2_800),
      nextSteps: [
        'Add the proposed rules before the new calls fail; revoke unused rules only after checking the plan (eks-sg-advisor plan --cluster NAME).',
      ],
      keywords: ['eks-sg-advisor', 'drift'],
    },
    metadata: {
      threadId: `eks-sg-advisor-drift-${digest([label])}`,
      summary: plainText(clip(`${label}: ${headline}`, 250)),
      eventType: 'plan-drift',
      relatedResources: [],
      additionalContext: { cluster: plainText(clip(n.cluster, 100)) },
    },
  };
  const commands = renderPlanAwsCli(
    { ...plan, changes: plan.changes.filter((c) => isSameChange(c, n.items)) },
    { region: n.region },
  );
  const email = [
    `Security-group drift on ${plainText(label)} (window ${n.window.start ?? '?'} to ${n.window.end ?? '?'}, ${n.window.days} days).`,
    '',
    ...n.items.flatMap((i) => [
      `- ${plainText(kindText(i.kind))}: ${plainText(changeText(i.change))}`,
      `  ${plainText(i.change.reason)}`,
      ...i.change.evidence.map((e) => `    ${plainText(e)}`),
    ]),
    ...(n.omitted > 0 ? [`... and ${n.omitted} more`] : []),
    '',
    n.replay === 'pass'
      ? 'The whole plan passes the replay check.'
      : 'The whole plan does NOT pass the replay check: run eks-sg-advisor plan before changing anything.',
    'Revoking does not cut connections already tracked: the next weekly run checks again.',
    '',
    'AWS CLI:',
    commands,
  ].join('\n');
  const document = jsonText(n);
  return {
    subject,
    message: jsonText({ default: jsonText(chatbot), email, sqs: document, lambda: document }),
    attributes: {
      cluster: { dataType: 'String', value: asciiText(n.cluster, 100) },
      driftId: { dataType: 'String', value: n.id },
      driftCount: { dataType: 'Number', value: String(n.items.length + n.omitted) },
    },
  };
}

function kindText(kind: DriftKind): string {
  return kind === 'new-required-port' ? 'new required port' : 'unused for the whole window';
}

function isSameChange(
  change: Plan['changes'][number],
  items: readonly DriftNotificationItem[],
): boolean {
  return items.some(
    (i) =>
      i.change.action === change.action &&
      i.change.groupId === change.groupId &&
      i.change.ruleId === change.ruleId &&
      i.change.fromPort === change.fromPort &&
      i.change.toPort === change.toPort &&
      i.change.protocol === change.protocol &&
      JSON.stringify(i.change.peer) === JSON.stringify(change.peer),
  );
}
