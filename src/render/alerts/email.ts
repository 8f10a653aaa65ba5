import { clusterLabel } from '#render/alerts/cluster-label.ts';
import {
  alertFixes,
  alertHeadline,
  countsText,
  PLAIN,
  targetText,
  timeText,
  VERDICT_TEXT,
  verdictsText,
} from '#render/alerts/describe.ts';
import type { AlertNotification, NotifiedAlert } from '#render/alerts/notification.ts';
import { clip, plainText } from '#render/escape.ts';

/** The email body stops adding alerts past this many characters (the JSON report has the rest). */
export const EMAIL_MAX_CHARS = 32_000;

/**
 * The email body of a notification: a summary, then each alert that moved with its verdict,
 * where the traffic went and the fix (the rule in words and as an `aws ec2` command). Plain text:
 * log text is kept on one line and clipped, nothing is interpreted. Alerts that do not fit in
 * {@link EMAIL_MAX_CHARS} are counted at the end.
 *
 * @example
 * renderEmailText(notification);
 * // 'Security-group alerts for EKS cluster prod-eu: 1 new (severity critical)\n...'
 */
export function renderEmailText(n: AlertNotification): string {
  const head = [
    `Security-group alerts for EKS cluster ${PLAIN.value(clusterLabel(n))}: ${countsText(n.counts)} (severity ${n.severity})`,
    n.window
      ? `Log window: ${timeText(n.window.start, PLAIN)} to ${timeText(n.window.end, PLAIN)}`
      : 'Log window: not stated',
    `Open alerts after this run: ${n.counts.open}. Findings in the report: ${n.counts.findings}.`,
    '',
  ];
  const tail = [
    ...notesSection(n),
    '--',
    `Sent by eks-sg-advisor, notification ${n.id}, ${timeText(n.generatedAt, PLAIN)}.`,
    'Unchanged alerts are not repeated; SQS and Lambda subscribers receive the full JSON report.',
  ];
  const body: string[] = [];
  let used = [...head, ...tail].join('\n').length;
  let shown = 0;
  for (const alert of n.alerts) {
    const block = alertBlock(alert, n.region).join('\n');
    if (used + block.length + 200 > EMAIL_MAX_CHARS) break;
    body.push(block, '');
    used += block.length + 1;
    shown += 1;
  }
  const omitted = n.alerts.length - shown + n.omitted.alerts;
  if (omitted > 0)
    body.push(`...and ${omitted} more alert(s) not shown here (see the JSON report).`, '');
  return [...head, ...body, ...tail].join('\n');
}

function alertBlock(alert: NotifiedAlert, region: string | null): string[] {
  const lines = [`[${alert.change.toUpperCase()}] ${alertHeadline(alert, PLAIN)}`];
  if (alert.change === 'resolved') {
    lines.push(
      `  Not seen since ${timeText(alert.lastSeenAt, PLAIN)} (first alerted ${timeText(alert.openedAt, PLAIN)}); was: ${verdictsText(alert.verdicts)}.`,
    );
    return lines;
  }
  for (const verdict of alert.verdicts)
    lines.push(`  Verdict: ${verdict} - ${VERDICT_TEXT[verdict]}`);
  if (alert.previousVerdicts) lines.push(`  Was: ${verdictsText(alert.previousVerdicts)}`);
  if (alert.previousRules) {
    lines.push(
      `  Rules before: ${alert.previousRules.length === 0 ? 'none' : alert.previousRules.map((rule) => PLAIN.value(rule)).join('; ')}`,
    );
  }
  lines.push(
    `  Seen ${alert.count} time(s), last ${timeText(alert.lastSeenAt, PLAIN)}; first alerted ${timeText(alert.openedAt, PLAIN)}`,
  );
  for (const finding of alert.findings) {
    const target = targetText(finding, PLAIN);
    lines.push(
      `  - ${target ?? 'no endpoint'}${finding.error ? ` [${finding.error}]` : ''}: ${PLAIN.sentence(finding.reason)}`,
    );
  }
  if (alert.omittedFindings > 0) lines.push(`  - ...and ${alert.omittedFindings} more finding(s)`);
  for (const fix of alertFixes(alert, PLAIN, region)) {
    lines.push(`  Fix: ${fix.sentence}. ${PLAIN.sentence(fix.reason)}`);
    lines.push(
      fix.command
        ? `    ${fix.command}`
        : `    (no command: ${PLAIN.sentence(fix.problem ?? 'unknown')})`,
    );
  }
  return lines;
}

function notesSection(n: AlertNotification): string[] {
  if (n.report.notes.length === 0) return [];
  const lines = ['Notes:'];
  for (const note of n.report.notes.slice(0, 20)) {
    lines.push(`  - ${clip(plainText(note.code), 64)}: ${PLAIN.sentence(note.message)}`);
  }
  const more = n.report.notes.length - Math.min(20, n.report.notes.length) + n.omitted.notes;
  if (more > 0) lines.push(`  - ...and ${more} more note(s)`);
  lines.push('');
  return lines;
}
