import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffAlerts } from '#core/alerts/diff.ts';
import type { Report, ReportFinding } from '#core/model/report.ts';
import { buildAlertNotification } from '#render/alerts/notification.ts';
import { parseAlertNotification } from '#render/alerts/notification-schema.ts';
import { renderSnsMessage, SNS_MAX_BYTES } from '#render/alerts/sns-message.ts';
import { hostileText } from '#test/helpers/hostile.ts';
import { aFinding, aRecommendation, aReport, T0 } from '#test/helpers/reports.ts';
import { firstRun, secondRun } from '#test/helpers/scenarios.ts';

function measured(rendered: ReturnType<typeof renderSnsMessage>): number {
  let bytes =
    Buffer.byteLength(rendered.message, 'utf8') + Buffer.byteLength(rendered.subject, 'utf8');
  for (const [name, attribute] of Object.entries(rendered.attributes)) {
    bytes +=
      Buffer.byteLength(name) +
      Buffer.byteLength(attribute.dataType) +
      Buffer.byteLength(attribute.value);
  }
  return bytes;
}

function notificationOf(report: Report) {
  return buildAlertNotification(report, diffAlerts([], report, T0), T0);
}

// `count` findings, each its own alert with a rule, with names of `nameLength` characters.
function bigReport(count: number, nameLength: number): Report {
  const findings: ReportFinding[] = [];
  for (let i = 0; i < count; i += 1) {
    const name = `${i}.${'é'.repeat(nameLength)}`;
    findings.push(
      aFinding({ name, host: `${name}.ns.svc`, reason: `reason ${'ü'.repeat(nameLength)}` }),
    );
  }
  const recommendations = findings.map((_, i) =>
    aRecommendation({ findings: [i], fromPort: 1024 + (i % 60_000), toPort: 1024 + (i % 60_000) }),
  );
  return aReport(findings, recommendations);
}

describe('renderSnsMessage', () => {
  it('gives Chatbot (https, and any protocol without a key) the custom notification, email the text, SQS and Lambda the JSON report', () => {
    // Prepare
    const { notification } = firstRun();

    // Act
    const rendered = renderSnsMessage(notification);

    // Assess
    const message = JSON.parse(rendered.message) as Record<string, string>;
    expect(Object.keys(message)).toEqual(['default', 'email', 'sqs', 'lambda']);
    expect(JSON.parse(message.default ?? '')).toMatchObject({
      version: '1.0',
      source: 'custom',
      content: { textType: 'client-markdown' },
      metadata: { threadId: expect.stringMatching(/^eks-sg-advisor\/prod-eu-1\//) },
    });
    expect(message.email).toContain(
      'aws ec2 authorize-security-group-ingress --group-id sg-0123456789abcdef0',
    );
    expect(message.lambda).toBe(message.sqs);
    expect(parseAlertNotification(message.sqs ?? '')).toEqual(notification);
  });

  it('sets an ASCII subject under 100 characters and the filter-policy attributes', () => {
    // Prepare
    const { notification } = secondRun();

    // Act
    const rendered = renderSnsMessage(notification);

    // Assess
    expect(rendered.subject).toBe('[eks-sg-advisor] prod-eu-1: 1 changed, 2 resolved (critical)');
    expect(rendered.attributes).toEqual({
      cluster: { dataType: 'String', value: 'prod-eu-1' },
      severity: { dataType: 'String', value: 'critical' },
      findingCount: { dataType: 'Number', value: '2' },
      changes: { dataType: 'String.Array', value: '["changed","resolved"]' },
      notificationId: { dataType: 'String', value: notification.id },
    });
    expect(rendered.bytes).toBe(measured(rendered));
  });

  it('keeps the counts visible in the subject of a long, non-ASCII cluster name', () => {
    // Prepare
    const notification = notificationOf(
      aReport([aFinding()], [aRecommendation()], { cluster: `clüster-${'x'.repeat(300)}\n` }),
    );

    // Act
    const { subject } = renderSnsMessage(notification);

    // Assess
    expect(subject).toMatch(/^\[eks-sg-advisor\] cl\?ster-x+\.\.\.: 1 new \(critical\)$/);
    expect(subject.length).toBeLessThan(100);
  });

  it('fits 5,000 findings with long multibyte names under 256 KB and counts what it cut', () => {
    // Prepare
    const notification = notificationOf(bigReport(5_000, 400));

    // Act
    const rendered = renderSnsMessage(notification);

    // Assess
    expect(measured(rendered)).toBeLessThanOrEqual(SNS_MAX_BYTES);
    const sent = parseAlertNotification((JSON.parse(rendered.message) as { sqs: string }).sqs);
    expect(sent.counts).toMatchObject({ new: 5_000, findings: 5_000 });
    expect(sent.omitted.findings).toBe(5_000 - sent.report.findings.length);
    expect(sent.omitted.alerts).toBe(5_000 - sent.alerts.length);
    expect(sent.alerts.length).toBeGreaterThan(0);
    const email = (JSON.parse(rendered.message) as { email: string }).email;
    expect(email).toMatch(/\.\.\.and \d+ more alert\(s\) not shown here/);
  });

  it('never exceeds the budget and never loses the counts, for any report', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ name: hostileText(6), reason: hostileText(6), host: hostileText(3) }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.integer({ min: 4_000, max: 40_000 }),
        (rows, maxBytes) => {
          // Prepare
          const findings = rows.map((row) => aFinding(row));
          const notification = notificationOf(
            aReport(
              findings,
              findings.map((_, i) => aRecommendation({ findings: [i] })),
            ),
          );

          // Act
          const rendered = renderSnsMessage(notification, { maxBytes });

          // Assess
          expect(measured(rendered)).toBeLessThanOrEqual(maxBytes);
          const sent = parseAlertNotification(
            (JSON.parse(rendered.message) as { sqs: string }).sqs,
          );
          expect(sent.counts.new).toBe(notification.counts.new);
          expect(sent.alerts.length + sent.omitted.alerts).toBe(notification.alerts.length);
        },
      ),
      { numRuns: 40 },
    );
  });
});
