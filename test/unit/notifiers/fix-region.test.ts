import { describe, expect, it } from 'vitest';
import { renderChatbotNotification } from '#render/alerts/chatbot.ts';
import { alertFixes, PLAIN } from '#render/alerts/describe.ts';
import { renderEmailText } from '#render/alerts/email.ts';
import { renderSlackMessage } from '#render/alerts/slack-blocks.ts';
import { firstRun } from '#test/helpers/scenarios.ts';

function blockedAlert() {
  const alert = firstRun().notification.alerts.find((a) => a.recommendations.length > 0);
  if (!alert) throw new Error('the first-run scenario has no alert with a rule');
  return alert;
}

describe('the AWS CLI commands of the fixes', () => {
  it('carry --region with the notification’s Region, so a command copied from a chat runs there', () => {
    // Act
    const fixes = alertFixes(blockedAlert(), PLAIN, 'ap-southeast-2');
    // Assess
    expect(fixes.length).toBeGreaterThan(0);
    for (const fix of fixes) expect(fix.command).toMatch(/^aws ec2 .* --region ap-southeast-2$/);
  });

  it.each([[null], ['eu-west-1; rm -rf /'], ['']])(
    'leave the Region out when it is unknown or not a Region name (%j)',
    (region) => {
      // Act
      const fixes = alertFixes(blockedAlert(), PLAIN, region);
      // Assess
      for (const fix of fixes) expect(fix.command).not.toContain('--region');
    },
  );

  it('are shown with --region in the email, the Chatbot next steps and Slack', () => {
    // Prepare
    const { notification } = firstRun();
    // Act
    const email = renderEmailText(notification);
    const chatbot = JSON.stringify(renderChatbotNotification(notification));
    const slack = JSON.stringify(renderSlackMessage(notification));
    // Assess
    for (const text of [email, chatbot, slack]) {
      expect(text).toMatch(/authorize-security-group-ingress [^\n`]* --region eu-west-1/);
    }
  });
});
