import { describe, expect, it } from 'vitest';
import { InputError } from '#core/errors.ts';
import { parseAlertNotification } from '#render/alerts/notification-schema.ts';
import { renderSlackMessage } from '#render/alerts/slack-blocks.ts';
import { cutNotification } from '#render/alerts/sns-message.ts';
import { firstRun, naclRun, secondRun } from '#test/helpers/scenarios.ts';

describe('parseAlertNotification', () => {
  it('reads back the JSON report so Slack renders the same message from SNS as from the report', () => {
    // Prepare
    const { notification } = secondRun();

    // Act
    const parsed = parseAlertNotification(JSON.stringify(notification));

    // Assess
    expect(parsed).toEqual(notification);
    expect(renderSlackMessage(parsed)).toEqual(renderSlackMessage(notification));
  });

  it('reads a notification published before account and region were added, as unknown', () => {
    // Prepare: a message of the previous release, retried after an update.
    const { notification } = firstRun();
    const { account: _account, region: _region, ...older } = notification;
    // Act
    const parsed = parseAlertNotification(JSON.stringify(older));
    // Assess
    expect(parsed).toEqual({ ...notification, account: null, region: null });
  });

  it('carries the network ACL entries of the report, and cuts them with the recommendations', () => {
    // Prepare
    const { notification } = naclRun();

    // Act
    const parsed = parseAlertNotification(JSON.stringify(notification));
    const cut = cutNotification(notification, {
      alerts: 4,
      findings: 4,
      recommendations: 0,
      notes: 1,
    });

    // Assess
    expect(parsed.report.networkAclEntries).toEqual(notification.report.networkAclEntries);
    expect(parsed.report.networkAclEntries?.[0]?.ruleNumber).toBe(99);
    expect(cut.report.networkAclEntries).toEqual([]);
    expect(cut.omitted.recommendations).toBe(notification.report.recommendations.length + 1);
  });

  it('refuses text that is not JSON', () => {
    // Act / Assess
    expect(() => parseAlertNotification('{"default":')).toThrow(
      new InputError('the SNS message is not JSON; expected an eks-sg-advisor alert notification'),
    );
  });

  it('names the first offending field of a foreign or changed document', () => {
    // Prepare
    const { notification } = secondRun();
    const changed = {
      ...notification,
      alerts: [{ ...notification.alerts[0], verdicts: ['broken'] }],
    };

    // Act / Assess
    expect(() =>
      parseAlertNotification(JSON.stringify({ version: '1.0', source: 'custom' })),
    ).toThrow(/not an alert notification: schema/);
    expect(() => parseAlertNotification(JSON.stringify(changed))).toThrow(/alerts\.0\.verdicts\.0/);
  });
});
