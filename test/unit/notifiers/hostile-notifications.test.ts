import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffAlerts } from '#core/alerts/diff.ts';
import type { Report } from '#core/model/report.ts';
import { renderChatbotNotification } from '#render/alerts/chatbot.ts';
import { renderEmailText } from '#render/alerts/email.ts';
import { type AlertNotification, buildAlertNotification } from '#render/alerts/notification.ts';
import { renderSlackMessage } from '#render/alerts/slack-blocks.ts';
import { renderSnsMessage } from '#render/alerts/sns-message.ts';
import { hostileText, UNSAFE_CHAR, UNSAFE_CHAR_BUT_LF } from '#test/helpers/hostile.ts';
import { naclEntry } from '#test/helpers/report-fixture.ts';
import { aFinding, aRecommendation, aReport, T0 } from '#test/helpers/reports.ts';

/** A report whose log-, snapshot- and cluster-derived strings are hostile, invalid IDs included. */
function hostileReport(t: Record<string, string>): Report {
  return aReport(
    [
      aFinding({
        name: t.name ?? '',
        host: t.host ?? '',
        reason: t.reason ?? '',
        target: { ip: '10.0.33.17', port: 9443, source: 'dialer', portName: t.portName ?? '' },
        networkInterface: {
          id: t.eni ?? '',
          role: 'node',
          match: 'exact',
          description: t.eni ?? '',
          groupIds: [t.group ?? ''],
        },
      }),
    ],
    [
      aRecommendation({ description: t.description ?? '', reason: t.recReason ?? '' }),
      // An invalid group id and CIDR: rendered as "no command (...)".
      aRecommendation({ groupId: `!${t.group ?? ''}`, peer: { cidr: `!${t.cidr ?? ''}` } }),
    ],
    {
      cluster: t.cluster ?? '',
      window: { start: t.start ?? '', end: t.start ?? '' },
      networkAclEntries: [
        naclEntry({ reason: t.aclReason ?? '' }),
        naclEntry({ cidr: `10.0.0.0/8!${t.cidr ?? ''}`, ruleNumber: 7 }),
      ],
      notes: [{ code: t.note ?? '', message: t.note ?? '' }],
    },
  );
}

const texts: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.constantFrom(
    'name',
    'host',
    'reason',
    'portName',
    'eni',
    'group',
    'description',
    'recReason',
    'cidr',
    'cluster',
    'start',
    'aclReason',
    'note',
  ),
  hostileText(),
  { minKeys: 13 },
);

function notificationOf(t: Record<string, string>): AlertNotification {
  const report = hostileReport(t);
  return buildAlertNotification(report, diffAlerts([], report, T0), T0);
}

const notifications: fc.Arbitrary<AlertNotification> = texts.map(notificationOf);

// Same length, spaces where the hostile text has spaces or unsafe characters: a renderer that
// keeps each value on its line lays both out in the same lines.
function benignTwin(text: string): string {
  return [...text]
    .map((ch) =>
      ch === ' ' || UNSAFE_CHAR.test(ch) ? ' '.repeat(ch.length) : 'x'.repeat(ch.length),
    )
    .join('');
}

function slackTexts(n: AlertNotification): string[] {
  const message = renderSlackMessage(n);
  return [
    message.text,
    ...message.blocks.flatMap((block) => {
      if (block.type === 'header' || block.type === 'section') return [block.text.text];
      if (block.type === 'context') return block.elements.map((element) => element.text);
      return [];
    }),
  ];
}

function chatbotTexts(n: AlertNotification): string[] {
  const { content, metadata } = renderChatbotNotification(n);
  return [
    content.title,
    content.description,
    ...content.nextSteps,
    ...content.keywords,
    metadata.summary,
    metadata.threadId,
    ...Object.values(metadata.additionalContext),
  ];
}

describe('notification renderers on hostile text', () => {
  it('give Slack and Chatbot no mention, link, control, separator or bidi character', () => {
    fc.assert(
      fc.property(notifications, (n) => {
        // Act
        const texts = [...slackTexts(n), ...chatbotTexts(n)];

        // Assess
        for (const text of texts) {
          expect(text).not.toMatch(/[<>]/);
          expect(text).not.toMatch(UNSAFE_CHAR_BUT_LF);
          expect(text.split('```').length % 2).toBe(1);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('write email text with one line per value: nothing hostile adds a line or a control character', () => {
    fc.assert(
      fc.property(texts, (t) => {
        // Act
        const email = renderEmailText(notificationOf(t));
        const plain = renderEmailText(
          notificationOf(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, benignTwin(v)]))),
        );

        // Assess
        expect(email).not.toMatch(UNSAFE_CHAR_BUT_LF);
        expect(email.split('\n')).toHaveLength(plain.split('\n').length);
      }),
      { numRuns: 60 },
    );
  });

  it('publish an SNS message, subject and attributes with no raw control, separator or bidi character', () => {
    fc.assert(
      fc.property(notifications, (n) => {
        // Act
        const rendered = renderSnsMessage(n);

        // Assess
        expect(rendered.message).not.toMatch(UNSAFE_CHAR);
        expect(rendered.subject).toMatch(/^[\x20-\x7e]{1,99}$/);
        for (const attribute of Object.values(rendered.attributes))
          expect(attribute.value).not.toMatch(UNSAFE_CHAR);
        const bodies = JSON.parse(rendered.message) as Record<string, string>;
        expect(JSON.parse(bodies.sqs ?? '')).toEqual(rendered.notification);
      }),
      { numRuns: 40 },
    );
  });

  it('escapes the refused value that a "no command" fix echoes in Slack, Chatbot and email', () => {
    // Prepare: a network ACL entry whose CIDR a crafted snapshot filled with markup.
    const report = aReport([aFinding()], [], {
      networkAclEntries: [naclEntry({ cidr: '<!channel> <https://evil.example|x>\u202e' })],
    });
    const n = buildAlertNotification(report, diffAlerts([], report, T0), T0);

    // Act
    const slack = slackTexts(n).join('\n');
    const chatbot = renderChatbotNotification(n).content.nextSteps.join('\n');
    const email = renderEmailText(n);

    // Assess
    expect(slack).toContain('no command: refusing to render: "&lt;!channel&gt;');
    expect(chatbot).toContain('no command (refusing to render: "&lt;!channel&gt;');
    for (const text of [slack, chatbot]) expect(text).not.toMatch(/<!channel>|\u202e/);
    expect(email).toContain(
      '(no command: refusing to render: "<!channel> <https://evil.example|x> "',
    );
  });
});
