import { digest } from '#core/alerts/fingerprint.ts';
import { SECURITY_GROUP_ID } from '#core/model/aws-names.ts';
import { clusterLabel } from '#render/alerts/cluster-label.ts';
import {
  type AlertFix,
  alertFixes,
  alertHeadline,
  countsText,
  MRKDWN,
  timeText,
  VERDICT_TEXT,
  verdictsText,
} from '#render/alerts/describe.ts';
import {
  type AlertNotification,
  bySeverity,
  type NotifiedAlert,
  type Severity,
} from '#render/alerts/notification.ts';
import { slackCode, slackPlain, slackProse } from '#render/escape.ts';

/** An Amazon Q Developer in chat applications (AWS Chatbot) custom notification. */
export interface ChatbotNotification {
  readonly version: '1.0';
  readonly source: 'custom';
  readonly id: string;
  readonly content: {
    readonly textType: 'client-markdown';
    readonly title: string;
    readonly description: string;
    readonly nextSteps: readonly string[];
    readonly keywords: readonly string[];
  };
  readonly metadata: {
    readonly threadId: string;
    readonly summary: string;
    readonly eventType: string;
    readonly relatedResources: readonly string[];
    readonly additionalContext: Readonly<Record<string, string>>;
  };
}

/** Description budget: it is shown in one Slack section (3,000 characters at most). */
export const CHATBOT_DESCRIPTION_MAX = 2_800;
/** Fix commands listed as next steps; the email and the JSON report have all of them. */
export const CHATBOT_MAX_FIXES = 5;

const EMOJI: Readonly<Record<Severity, string>> = {
  critical: ':rotating_light:',
  warning: ':warning:',
  info: ':white_check_mark:',
};

/**
 * The custom notification that Amazon Q Developer (AWS Chatbot) posts to a Slack channel
 * subscribed to the topic: a title with the counts, a description listing the alerts that moved,
 * the fixes (`aws ec2 authorize-security-group-…` commands) as next steps, and one thread per
 * cluster (`metadata.threadId`). All log-derived text is escaped for Slack markdown (values in
 * code spans, sentences with `&<>` and formatting characters neutralised).
 *
 * @example
 * const payload = renderChatbotNotification(notification);
 * JSON.stringify(payload); // '{"version":"1.0","source":"custom","id":"…","content":{"textType":"client-markdown",…}}'
 */
export function renderChatbotNotification(n: AlertNotification): ChatbotNotification {
  const live = n.alerts.filter((alert) => alert.change !== 'resolved');
  const safeCluster = n.cluster.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 40);
  const label = clusterLabel(n);
  const verdicts = [...new Set(live.flatMap((alert) => alert.verdicts))];
  return {
    version: '1.0',
    source: 'custom',
    id: n.id,
    content: {
      textType: 'client-markdown',
      title: `${EMOJI[n.severity]} EKS security-group alerts on ${slackCode(label, 100)}: ${countsText(n.counts)}`,
      description: description(n),
      nextSteps: nextSteps(live, n.region),
      keywords: [
        ...new Set(['EKS', 'security-group', n.severity, safeCluster, ...verdicts]),
      ].filter((k) => k !== ''),
    },
    metadata: {
      threadId: `eks-sg-advisor/${safeCluster}/${digest([label]).slice(0, 8)}`,
      summary: slackPlain(
        `${label}: ${countsText(n.counts)} security-group alert(s), severity ${n.severity}`,
        300,
      ),
      eventType: 'EksSecurityGroupAlert',
      relatedResources: [
        ...new Set(
          live
            .flatMap((alert) => alert.recommendations.map((rec) => rec.groupId))
            .filter((id) => SECURITY_GROUP_ID.test(id)),
        ),
      ].slice(0, 10),
      additionalContext: {
        cluster: slackPlain(label, 256),
        severity: n.severity,
        notificationId: n.id,
        window: n.window ? slackPlain(`${n.window.start}/${n.window.end}`, 140) : 'not stated',
        openAlerts: String(n.counts.open),
      },
    },
  };
}

function description(n: AlertNotification): string {
  const lines = [
    `${MRKDWN.strong(countsText(n.counts))} on cluster ${slackCode(clusterLabel(n), 100)}, ${n.counts.open} alert(s) open.`,
    n.window
      ? `Log window ${timeText(n.window.start, MRKDWN)} to ${timeText(n.window.end, MRKDWN)}.`
      : '',
  ].filter((line) => line !== '');
  let used = lines.join('\n').length;
  let shown = 0;
  for (const alert of n.alerts) {
    const line = alertLine(alert);
    if (used + line.length + 120 > CHATBOT_DESCRIPTION_MAX) break;
    lines.push(line);
    used += line.length + 1;
    shown += 1;
  }
  const omitted = n.alerts.length - shown + n.omitted.alerts;
  if (omitted > 0) lines.push(`…and ${omitted} more alert(s): see the email or the JSON report.`);
  return lines.join('\n');
}

function alertLine(alert: NotifiedAlert): string {
  const head = `• ${MRKDWN.strong(alert.change.toUpperCase())} ${alertHeadline(alert, MRKDWN)}`;
  if (alert.change === 'resolved')
    return `${head}: not seen since ${timeText(alert.lastSeenAt, MRKDWN)}.`;
  const was = alert.previousVerdicts ? ` (was ${verdictsText(alert.previousVerdicts)})` : '';
  return `${head}: ${MRKDWN.strong(verdictsText(alert.verdicts))}${was}, ${alert.count} failure(s), last ${timeText(alert.lastSeenAt, MRKDWN)}.`;
}

function nextSteps(live: readonly NotifiedAlert[], region: string | null): string[] {
  const fixes = new Map<string, { fix: AlertFix; alert: NotifiedAlert }>();
  for (const alert of live) {
    for (const fix of alertFixes(alert, MRKDWN, region)) {
      if (!fixes.has(fix.key)) fixes.set(fix.key, { fix, alert });
    }
  }
  const steps = [...fixes.values()].slice(0, CHATBOT_MAX_FIXES).map(({ fix, alert }) => {
    const { command, problem } = fix;
    const what = `${fix.sentence} for ${alertHeadline(alert, MRKDWN)}`;
    return command
      ? `${what}: ${slackCode(command, 4_000)}`
      : `${what}: no command (${slackProse(problem ?? 'unknown')}).`;
  });
  if (fixes.size > CHATBOT_MAX_FIXES) {
    steps.push(
      `…and ${fixes.size - CHATBOT_MAX_FIXES} more fix(es) in the email and the JSON report.`,
    );
  }
  // Blocked alerts have their fixes above; every other verdict gets one line of advice.
  for (const verdict of bySeverity(live.flatMap((alert) => alert.verdicts))) {
    if (verdict !== 'blocked') steps.push(`For ${verdict} alerts: ${VERDICT_TEXT[verdict]}.`);
  }
  if (steps.length === 0) steps.push('No action needed.');
  return steps;
}
