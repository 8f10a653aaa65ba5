import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffAlerts } from '#core/alerts/diff.ts';
import type { Report } from '#core/model/report.ts';
import { CHATBOT_DESCRIPTION_MAX, renderChatbotNotification } from '#render/alerts/chatbot.ts';
import { buildAlertNotification } from '#render/alerts/notification.ts';
import {
  renderSlackMessage,
  SLACK_LIMITS,
  type SlackMessage,
} from '#render/alerts/slack-blocks.ts';
import { hostileText } from '#test/helpers/hostile.ts';
import { aFinding, aRecommendation, aReport, T0 } from '#test/helpers/reports.ts';

interface Texts {
  readonly report: Report;
  readonly benign: Report;
}

// A report whose every log-derived string is hostile, and the same report with each distinct such
// string replaced by a distinct plain word: rendering both must give the same markup outside code.
const reports: fc.Arbitrary<Texts> = fc
  .array(
    fc.record({
      name: hostileText(),
      host: hostileText(4),
      reason: hostileText(),
      portName: hostileText(3),
      groupId: hostileText(2),
      description: hostileText(4),
      recReason: hostileText(),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .chain((rows) => fc.record({ rows: fc.constant(rows), cluster: hostileText(4) }))
  .map(({ rows, cluster }) => {
    const build = (pick: (text: string) => string): Report =>
      aReport(
        rows.map((row, i) =>
          aFinding({
            name: `${i}${pick(row.name)}`,
            host: `${pick(row.host)}.svc`,
            reason: pick(row.reason),
            target: {
              ip: '10.0.33.17',
              port: 9443,
              source: 'dialer',
              portName: pick(row.portName),
            },
          }),
        ),
        rows.map((row, i) =>
          aRecommendation({
            findings: [i],
            groupId: pick(row.groupId),
            description: pick(row.description),
            reason: pick(row.recReason),
          }),
        ),
        {
          cluster: pick(cluster),
          notes: [{ code: pick(cluster), message: pick(rows[0]?.reason ?? '') }],
        },
      );
    const words = new Map<string, string>();
    const word = (text: string): string => {
      if (!words.has(text)) words.set(text, `x${words.size}`);
      return words.get(text) ?? 'x';
    };
    return { report: build((text) => text), benign: build(word) };
  });

function render(report: Report) {
  const notification = buildAlertNotification(report, diffAlerts([], report, T0), T0);
  return {
    chatbot: renderChatbotNotification(notification),
    slack: renderSlackMessage(notification),
  };
}

function mrkdwnTexts(rendered: ReturnType<typeof render>): string[] {
  const { content } = rendered.chatbot;
  const slackMrkdwn = rendered.slack.blocks.flatMap((block) => {
    if (block.type === 'section') return [block.text.text];
    if (block.type === 'context') return block.elements.map((element) => element.text);
    return [];
  });
  return [
    content.title,
    content.description,
    ...content.nextSteps,
    rendered.slack.text,
    ...slackMrkdwn,
  ];
}

function slackTexts(message: SlackMessage): string[] {
  return message.blocks.flatMap((block) => {
    if (block.type === 'header' || block.type === 'section') return [block.text.text];
    if (block.type === 'context') return block.elements.map((element) => element.text);
    return [];
  });
}

// Markup characters left once code blocks and code spans are removed.
function markupOutsideCode(text: string): string {
  return text
    .replace(/```[^`]*```/g, '')
    .replace(/`[^`]*`/g, '')
    .replace(/[^*_~`]/g, '');
}

describe('Slack and Chatbot renderers on hostile log text', () => {
  it('emit no angle bracket (so no mention or link) and no markup outside code that the same report with plain names would not', () => {
    fc.assert(
      fc.property(reports, ({ report, benign }) => {
        // Act
        const hostile = mrkdwnTexts(render(report));
        const plain = mrkdwnTexts(render(benign));

        // Assess
        for (const text of hostile) {
          expect(text).not.toMatch(/[<>]/);
          expect(text.split('`').length % 2).toBe(1);
        }
        expect(hostile.map(markupOutsideCode)).toEqual(plain.map(markupOutsideCode));
      }),
      { numRuns: 150 },
    );
  });

  it('keep plain_text headers and Chatbot metadata free of angle brackets and line breaks', () => {
    fc.assert(
      fc.property(reports, ({ report }) => {
        // Act
        const { chatbot, slack } = render(report);

        // Assess
        const header = slack.blocks[0];
        expect(header?.type).toBe('header');
        const plainTexts = [
          header?.type === 'header' ? header.text.text : '',
          chatbot.metadata.summary,
          chatbot.metadata.threadId,
          ...Object.values(chatbot.metadata.additionalContext),
          ...chatbot.content.keywords,
        ];
        for (const text of plainTexts) expect(text).not.toMatch(/[<>\r\n]/);
      }),
      { numRuns: 100 },
    );
  });
});

describe('Slack and Chatbot size limits', () => {
  it('respect 50 blocks, 3,000 characters per section, 150 per header and the aggregate budget for any report', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc.string({ unit: 'binary', maxLength: 2_000 }),
            reason: fc.string({ maxLength: 3_000 }),
            recs: fc.integer({ min: 0, max: 12 }),
          }),
          {
            minLength: 1,
            maxLength: 120,
          },
        ),
        (rows) => {
          // Prepare
          const findings = rows.map((row, i) =>
            aFinding({ name: `${i}-${row.name}`, reason: row.reason }),
          );
          const recommendations = rows.flatMap((row, i) =>
            Array.from({ length: row.recs }, (_, j) =>
              aRecommendation({ findings: [i], fromPort: 1000 + j, toPort: 1000 + j }),
            ),
          );

          // Act
          const { chatbot, slack } = render(aReport(findings, recommendations));

          // Assess
          expect(slack.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
          for (const block of slack.blocks) {
            if (block.type === 'section')
              expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
            if (block.type === 'header')
              expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
          }
          expect(slackTexts(slack).join('').length).toBeLessThanOrEqual(SLACK_LIMITS.totalText);
          expect(chatbot.content.description.length).toBeLessThanOrEqual(CHATBOT_DESCRIPTION_MAX);
          expect(chatbot.content.title.length).toBeLessThanOrEqual(1_000);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('counts the alerts it could not show', () => {
    // Prepare
    const findings = Array.from({ length: 60 }, (_, i) =>
      aFinding({ name: `webhook-${i}.example.com` }),
    );
    const recommendations = findings.map((_, i) =>
      aRecommendation({ findings: [i], fromPort: 9000 + i, toPort: 9000 + i }),
    );

    // Act
    const { slack, chatbot } = render(aReport(findings, recommendations));

    // Assess
    const texts = slackTexts(slack).join('\n');
    const shown = (texts.match(/\*NEW\*/g) ?? []).length;
    expect(shown).toBeGreaterThan(5);
    expect(texts).toContain(`…and ${60 - shown} more alert(s) not shown`);
    expect(chatbot.content.description).toMatch(/…and \d+ more alert\(s\)/);
    expect(chatbot.content.nextSteps.at(-1)).toBe(
      '…and 55 more fix(es) in the email and the JSON report.',
    );
  });
});
