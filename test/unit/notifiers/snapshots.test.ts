import { describe, expect, it } from 'vitest';
import { renderChatbotNotification } from '#render/alerts/chatbot.ts';
import { renderEmailText } from '#render/alerts/email.ts';
import { renderSlackMessage } from '#render/alerts/slack-blocks.ts';
import { firstRun, hostileRun, naclRun, secondRun } from '#test/helpers/scenarios.ts';

// Reviewed renderings, committed under __snapshots__/: a diff there is a visible change of what
// people receive.
const SCENARIOS = [
  ['first-run', firstRun],
  ['second-run', secondRun],
  ['hostile-names', hostileRun],
  ['nacl-blocked', naclRun],
] as const;

describe.each(SCENARIOS)('renderers on the %s scenario', (name, scenario) => {
  it('renders the Amazon Q Developer (Chatbot) custom notification', async () => {
    // Act
    const payload = renderChatbotNotification(scenario().notification);

    // Assess
    await expect(`${JSON.stringify(payload, null, 2)}\n`).toMatchFileSnapshot(
      `./__snapshots__/${name}.chatbot.json.snap`,
    );
  });

  it('renders the email text', async () => {
    // Act
    const text = renderEmailText(scenario().notification);

    // Assess
    await expect(text).toMatchFileSnapshot(`./__snapshots__/${name}.email.txt`);
  });

  it('renders the Slack Block Kit message', async () => {
    // Act
    const message = renderSlackMessage(scenario().notification);

    // Assess
    await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot(
      `./__snapshots__/${name}.slack.json.snap`,
    );
  });
});
