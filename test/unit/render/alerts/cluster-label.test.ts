import { describe, expect, it } from 'vitest';
import { diffAlerts } from '#core/alerts/diff.ts';
import { renderChatbotNotification } from '#render/alerts/chatbot.ts';
import { clusterLabel } from '#render/alerts/cluster-label.ts';
import { buildAlertNotification } from '#render/alerts/notification.ts';
import { renderSnsMessage } from '#render/alerts/sns-message.ts';
import { loadReport, T0 } from '#test/helpers/reports.ts';

const EU = { account: '210987654321', region: 'eu-west-1' };
const US = { account: '345678901234', region: 'us-east-2' };

/** The same report (and so the same delta) for a cluster of the same name at `place`. */
function notificationAt(place: { account: string | null; region: string | null }) {
  const report = loadReport('prod-eu');
  return buildAlertNotification(report, diffAlerts([], report, T0), T0, place);
}

describe('clusterLabel', () => {
  it.each([
    [{ cluster: 'payments', ...EU }, 'payments (210987654321, eu-west-1)'],
    [{ cluster: 'payments', account: '210987654321', region: null }, 'payments (210987654321)'],
    [{ cluster: 'payments', account: null, region: null }, 'payments'],
    [{ cluster: 'payments', account: '', region: '' }, 'payments'],
  ])('names %j as %s', (cluster, label) => {
    expect(clusterLabel(cluster)).toBe(label);
  });
});

describe('notifications of same-named clusters in two accounts', () => {
  it('differ in id, Chatbot thread, subject and attributes', () => {
    // Act
    const eu = renderSnsMessage(notificationAt(EU));
    const us = renderSnsMessage(notificationAt(US));
    // Assess
    expect(eu.notification.cluster).toBe(us.notification.cluster);
    expect(eu.notification.id).not.toBe(us.notification.id);
    expect(renderChatbotNotification(eu.notification).metadata.threadId).not.toBe(
      renderChatbotNotification(us.notification).metadata.threadId,
    );
    expect(eu.subject).toContain('(210987654321, eu-west-1)');
    expect(us.subject).toContain('(345678901234, us-east-2)');
    expect(us.attributes).toMatchObject({
      account: { dataType: 'String', value: '345678901234' },
      region: { dataType: 'String', value: 'us-east-2' },
    });
  });

  it('carry no account or Region attribute when the place is not known', () => {
    // Act
    const rendered = renderSnsMessage(notificationAt({ account: null, region: null }));
    // Assess
    expect(rendered.notification).toMatchObject({ account: null, region: null });
    expect(Object.keys(rendered.attributes)).not.toContain('account');
    expect(Object.keys(rendered.attributes)).not.toContain('region');
    expect(rendered.subject).toBe('[eks-sg-advisor] prod-eu-1: 4 new (critical)');
  });
});
