import { clusterLabel } from '#render/alerts/cluster-label.ts';
import {
  type AlertFix,
  alertFixes,
  alertHeadline,
  countsText,
  MRKDWN,
  targetText,
  timeText,
  VERDICT_TEXT,
  verdictsText,
} from '#render/alerts/describe.ts';
import type { AlertNotification, NotifiedAlert, Severity } from '#render/alerts/notification.ts';
import { slackCode, slackCodeLine, slackPlain, slackProse } from '#render/escape.ts';

/** A Block Kit text object. */
export interface SlackText {
  readonly type: 'mrkdwn' | 'plain_text';
  readonly text: string;
}

/** The Block Kit blocks this renderer uses. */
export type SlackBlock =
  | { readonly type: 'header'; readonly text: SlackText & { readonly type: 'plain_text' } }
  | { readonly type: 'section'; readonly text: SlackText }
  | { readonly type: 'context'; readonly elements: readonly SlackText[] }
  | { readonly type: 'divider' };

/** The body POSTed to an incoming webhook. */
export interface SlackMessage {
  /** Fallback text for notifications and clients without blocks. */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

/** Slack's documented limits, and a margin under its undocumented aggregate limit (~13.2k). */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3_000,
  headerText: 150,
  totalText: 12_000,
} as const;

const EMOJI: Readonly<Record<Severity, string>> = {
  critical: ':rotating_light:',
  warning: ':warning:',
  info: ':white_check_mark:',
};

/**
 * The Block Kit message for a notification (built from a report with `buildAlertNotification`
 * or parsed from the SNS JSON report with `parseAlertNotification`): a header, a summary, then one
 * section per alert that moved and one with its fix commands, as many as fit in 50 blocks,
 * 3,000 characters per section and 12,000 in all; the rest are counted in a context line.
 * Log-derived text is escaped so it can neither mention, link nor format.
 *
 * @example
 * const message = renderSlackMessage(parseAlertNotification(record.Sns.Message));
 * await sender.send(message);
 */
export function renderSlackMessage(n: AlertNotification): SlackMessage {
  const head: SlackBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: slackPlain(`EKS security-group alerts: ${clusterLabel(n)}`, SLACK_LIMITS.headerText),
      },
    },
    section(summary(n)),
    { type: 'divider' },
  ];
  const footer: SlackBlock = {
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `eks-sg-advisor · notification ${slackCode(n.id, 64)} · ${timeText(n.generatedAt, MRKDWN)}`,
      },
    ],
  };
  const body: SlackBlock[] = [];
  let chars = textLength([...head, footer]) + 200;
  let shown = 0;
  for (const alert of n.alerts) {
    const blocks = alertBlocks(alert, n.region);
    const size = textLength(blocks);
    if (
      head.length + body.length + blocks.length + 2 > SLACK_LIMITS.blocks ||
      chars + size > SLACK_LIMITS.totalText
    )
      break;
    body.push(...blocks);
    chars += size;
    shown += 1;
  }
  const omitted = n.alerts.length - shown + n.omitted.alerts;
  if (omitted > 0) {
    body.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `…and ${omitted} more alert(s) not shown: see the email or the JSON report.`,
        },
      ],
    });
  }
  return {
    text: slackProse(
      `${clusterLabel(n)}: ${countsText(n.counts)} security-group alert(s), severity ${n.severity}`,
      300,
    ),
    blocks: [...head, ...body, footer],
  };
}

function summary(n: AlertNotification): string {
  const window = n.window
    ? `\nLog window ${timeText(n.window.start, MRKDWN)} to ${timeText(n.window.end, MRKDWN)}.`
    : '';
  return `${EMOJI[n.severity]} ${MRKDWN.strong(countsText(n.counts))} on cluster ${slackCode(clusterLabel(n), 100)} · severity ${MRKDWN.strong(n.severity)} · ${n.counts.open} alert(s) open.${window}`;
}

function alertBlocks(alert: NotifiedAlert, region: string | null): SlackBlock[] {
  const lines = [`${MRKDWN.strong(alert.change.toUpperCase())} ${alertHeadline(alert, MRKDWN)}`];
  if (alert.change === 'resolved') {
    lines.push(
      `Not seen since ${timeText(alert.lastSeenAt, MRKDWN)}; first alerted ${timeText(alert.openedAt, MRKDWN)}; was ${verdictsText(alert.verdicts)}.`,
    );
    return [section(fitLines(lines))];
  }
  for (const verdict of alert.verdicts)
    lines.push(`${MRKDWN.strong(verdict)}: ${VERDICT_TEXT[verdict]}`);
  if (alert.previousVerdicts) lines.push(`Was: ${verdictsText(alert.previousVerdicts)}`);
  lines.push(
    `Seen ${alert.count} time(s), last ${timeText(alert.lastSeenAt, MRKDWN)}; first alerted ${timeText(alert.openedAt, MRKDWN)}.`,
  );
  for (const finding of alert.findings) {
    lines.push(
      `• ${targetText(finding, MRKDWN) ?? 'no endpoint'}: ${slackProse(finding.reason, 400)}`,
    );
  }
  if (alert.omittedFindings > 0) lines.push(`• …and ${alert.omittedFindings} more finding(s)`);
  const blocks = [section(fitLines(lines))];
  const fixList = alertFixes(alert, MRKDWN, region);
  if (fixList.length > 0) blocks.push(section(fixes(fixList)));
  return blocks;
}

function fixes(list: readonly AlertFix[]): string {
  const sentences: string[] = [];
  const commands: string[] = [];
  let used = 20;
  let skipped = 0;
  for (const { sentence: fix, command, problem } of list) {
    const sentence = `${fix}${command ? '' : ` (no command: ${slackProse(problem ?? 'unknown')})`}`;
    const line = command ? slackCodeLine(command) : '';
    if (used + sentence.length + line.length + 2 > SLACK_LIMITS.sectionText - 100) {
      skipped += 1;
      continue;
    }
    sentences.push(`• ${sentence}`);
    if (line !== '') commands.push(line);
    used += sentence.length + line.length + 4;
  }
  if (skipped > 0)
    sentences.push(`• …and ${skipped} more fix(es) in the email and the JSON report`);
  const block = commands.length > 0 ? `\n\`\`\`${commands.join('\n')}\`\`\`` : '';
  return `${MRKDWN.strong('Fix')}\n${sentences.join('\n')}${block}`;
}

// Keeps whole lines only, so a code span is never cut in half.
function fitLines(lines: readonly string[]): string {
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const safe =
      line.length > SLACK_LIMITS.sectionText / 2
        ? '(a line too long to show: see the email or the JSON report)'
        : line;
    if (used + safe.length + 1 > SLACK_LIMITS.sectionText - 60) {
      kept.push('…(more in the email and the JSON report)');
      break;
    }
    kept.push(safe);
    used += safe.length + 1;
  }
  return kept.join('\n');
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function textLength(blocks: readonly SlackBlock[]): number {
  let total = 0;
  for (const block of blocks) {
    if (block.type === 'header' || block.type === 'section') total += block.text.text.length;
    else if (block.type === 'context')
      for (const element of block.elements) total += element.text.length;
  }
  return total;
}
