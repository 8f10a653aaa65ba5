import type { OutboundAttribute, OutboundMessage } from '#core/gateways.ts';
import { renderChatbotNotification } from '#render/alerts/chatbot.ts';
import { clusterLabel } from '#render/alerts/cluster-label.ts';
import { countsText } from '#render/alerts/describe.ts';
import { renderEmailText } from '#render/alerts/email.ts';
import type { AlertNotification } from '#render/alerts/notification.ts';
import { asciiText, clip, jsonText, plainText } from '#render/escape.ts';

/** SNS's limit for one message: 256 KiB of UTF-8, attributes included. */
export const SNS_MAX_BYTES = 262_144;

/** A message for SNS Publish, with what was cut to fit. */
export interface RenderedSnsMessage extends OutboundMessage {
  /** UTF-8 bytes of message + subject + attributes (names, types and values). */
  readonly bytes: number;
  /** The JSON report as sent to SQS and Lambda subscribers (after cuts). */
  readonly notification: AlertNotification;
}

/** Options of {@link renderSnsMessage}. */
export interface SnsRenderOptions {
  /** Size budget in bytes (default {@link SNS_MAX_BYTES}). */
  readonly maxBytes?: number;
}

interface Limits {
  readonly alerts: number;
  readonly findings: number;
  readonly recommendations: number;
  readonly notes: number;
}

/**
 * Renders a notification for SNS Publish with `MessageStructure: "json"`, where each subscriber
 * gets the key of its protocol, else `default`:
 * - `default`: the Amazon Q Developer (AWS Chatbot) custom notification. Chatbot subscribes over
 *   `https`, so there is deliberately no `https` key (nor `http`, `email-json`): those protocols
 *   get this body, the only one Chatbot renders (it drops any other JSON);
 * - `email`: readable text with the fixes;
 * - `sqs`, `lambda`: the JSON report ({@link AlertNotification}). An HTTPS consumer that wants the
 *   report subscribes a queue or a function instead.
 * The subject is ASCII and under 100 characters; attributes `cluster`, `severity`, `findingCount`,
 * `changes` and `notificationId` serve subscription filter policies. Everything fits in
 * `maxBytes`: the report context is cut first, then notes, then alerts (each cut is counted in
 * `omitted`); it never fails on size.
 *
 * @example
 * const rendered = renderSnsMessage(buildAlertNotification(report, diff, clock.now()));
 * await notifier.publish(rendered);
 */
export function renderSnsMessage(
  n: AlertNotification,
  options: SnsRenderOptions = {},
): RenderedSnsMessage {
  const maxBytes = options.maxBytes ?? SNS_MAX_BYTES;
  const subject = subjectOf(n);
  const attributes = attributesOf(n);
  const fixed = Buffer.byteLength(subject, 'utf8') + attributeBytes(attributes);
  let limits = estimateLimits(n, maxBytes - fixed);
  for (;;) {
    const cut = cutNotification(n, limits);
    const message = compose(cut);
    const bytes = fixed + Buffer.byteLength(message, 'utf8');
    const next = bytes <= maxBytes ? null : shrink(limits, maxBytes / bytes);
    if (next === null) return { subject, message, attributes, bytes, notification: cut };
    limits = next;
  }
}

/**
 * The notification with its lists cut to `limits` (alerts, report findings, recommendations and
 * notes keep their order; findings stay a prefix, so recommendation indices remain valid). The
 * network ACL entries are fixes too: they are cut to the recommendations' limit and counted with
 * them in `omitted.recommendations`.
 *
 * @example
 * cutNotification(n, { alerts: 10, findings: 0, recommendations: 0, notes: 0 }).omitted.findings; // n.report.findings.length
 */
export function cutNotification(n: AlertNotification, limits: Limits): AlertNotification {
  const { report } = n;
  return {
    ...n,
    alerts: n.alerts.slice(0, limits.alerts),
    report: {
      ...report,
      findings: report.findings.slice(0, limits.findings),
      recommendations: report.recommendations.slice(0, limits.recommendations),
      ...(report.networkAclEntries
        ? { networkAclEntries: report.networkAclEntries.slice(0, limits.recommendations) }
        : {}),
      notes: report.notes.slice(0, limits.notes),
    },
    omitted: {
      alerts: n.omitted.alerts + Math.max(0, n.alerts.length - limits.alerts),
      findings: n.omitted.findings + Math.max(0, report.findings.length - limits.findings),
      recommendations:
        n.omitted.recommendations +
        Math.max(0, report.recommendations.length - limits.recommendations) +
        Math.max(0, (report.networkAclEntries?.length ?? 0) - limits.recommendations),
      notes: n.omitted.notes + Math.max(0, report.notes.length - limits.notes),
    },
  };
}

function compose(n: AlertNotification): string {
  const json = jsonText(n);
  return jsonText({
    default: jsonText(renderChatbotNotification(n)),
    email: renderEmailText(n),
    sqs: json,
    lambda: json,
  });
}

/** Copies of the JSON report in one message (the `sqs` and `lambda` keys). */
const REPORT_COPIES = 2;

// A first guess of what fits, from the size of each item as it will appear twice (sqs, lambda)
// escaped inside the outer JSON: alerts first, then the report context. The loop
// in renderSnsMessage checks the guess and cuts further when it is short.
function estimateLimits(n: AlertNotification, budget: number): Limits {
  const empty = { alerts: 0, findings: 0, recommendations: 0, notes: 0 };
  const full = cutNotification(n, {
    alerts: n.alerts.length,
    findings: 0,
    recommendations: 0,
    notes: 0,
  });
  const readable =
    Buffer.byteLength(JSON.stringify(renderEmailText(full)), 'utf8') +
    Buffer.byteLength(JSON.stringify(JSON.stringify(renderChatbotNotification(full))), 'utf8');
  let left = budget - Buffer.byteLength(compose(cutNotification(n, empty)), 'utf8') - readable;
  const take = (items: readonly unknown[]): number => {
    let count = 0;
    for (const item of items) {
      const cost =
        REPORT_COPIES * (Buffer.byteLength(JSON.stringify(JSON.stringify(item)), 'utf8') - 1);
      if (cost > left) break;
      left -= cost;
      count += 1;
    }
    return count;
  };
  const alerts = take(n.alerts);
  const notes = alerts < n.alerts.length ? 0 : take(n.report.notes);
  const findings = notes < n.report.notes.length ? 0 : take(n.report.findings);
  const recommendations = findings < n.report.findings.length ? 0 : take(n.report.recommendations);
  return { alerts, findings, recommendations, notes };
}

// Scales the lists down by `ratio` (with a margin), context first, alerts last; null when
// nothing is left to cut (then the message is already as small as it gets).
function shrink(limits: Limits, ratio: number): Limits | null {
  const scale = (count: number): number => Math.min(count - 1, Math.floor(count * ratio * 0.9));
  if (limits.findings > 0 || limits.recommendations > 0) {
    return {
      ...limits,
      findings: Math.max(0, scale(limits.findings)),
      recommendations: Math.max(0, scale(limits.recommendations)),
    };
  }
  if (limits.notes > 0) return { ...limits, notes: Math.max(0, scale(limits.notes)) };
  if (limits.alerts > 0) return { ...limits, alerts: Math.max(0, scale(limits.alerts)) };
  return null;
}

function subjectOf(n: AlertNotification): string {
  const rest = `: ${countsText(n.counts)} (${n.severity})`;
  const prefix = '[eks-sg-advisor] ';
  const cluster = asciiText(clusterLabel(n), Math.max(8, 99 - prefix.length - rest.length));
  return asciiText(`${prefix}${cluster}${rest}`, 99);
}

function attributesOf(n: AlertNotification): Record<string, OutboundAttribute> {
  const changes = (['new', 'changed', 'resolved'] as const).filter(
    (change) => n.counts[change] > 0,
  );
  const cluster = clip(plainText(n.cluster), 256).trim();
  // Subscription filter policies can route by account and Region (present when known).
  const place: Record<string, OutboundAttribute> = {};
  for (const [key, value] of [
    ['account', n.account],
    ['region', n.region],
  ] as const) {
    const text = value === null ? '' : clip(plainText(value), 64).trim();
    if (text !== '') place[key] = { dataType: 'String', value: text };
  }
  return {
    cluster: { dataType: 'String', value: cluster === '' ? '-' : cluster },
    ...place,
    severity: { dataType: 'String', value: n.severity },
    findingCount: { dataType: 'Number', value: String(n.counts.findings) },
    changes: { dataType: 'String.Array', value: JSON.stringify(changes) },
    notificationId: { dataType: 'String', value: n.id },
  };
}

function attributeBytes(attributes: Record<string, OutboundAttribute>): number {
  let total = 0;
  for (const [name, attribute] of Object.entries(attributes)) {
    total += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(attribute.dataType, 'utf8');
    total += Buffer.byteLength(attribute.value, 'utf8');
  }
  return total;
}
