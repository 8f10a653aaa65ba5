import { describe, expect, it } from 'vitest';
import { computePlan } from '#core/plan/compute-plan.ts';
import { driftItems } from '#core/plan/drift.ts';
import type { Plan } from '#core/plan/plan-types.ts';
import {
  buildDriftNotification,
  DRIFT_SCHEMA,
  renderDriftMessage,
} from '#render/alerts/drift-message.ts';
import { planDemo } from '#test/helpers/plan-demo.ts';

const NOW = Date.UTC(2026, 11, 3, 8);

function demoPlan(): Plan {
  const { model, targets, records } = planDemo();
  return computePlan({
    model,
    targets,
    records,
    failures: [],
    controlPlaneGroup: null,
    minWindowMs: 7 * 86_400_000,
  });
}

describe('renderDriftMessage', () => {
  it('publishes the drift document to queues and functions, text with the commands to email, and a Chatbot notification by default', () => {
    // Prepare
    const plan = demoPlan();
    const news = driftItems(plan);
    const n = buildDriftNotification(
      plan,
      news,
      { account: '123456789012', region: 'eu-west-1' },
      NOW,
    );

    // Act
    const rendered = renderDriftMessage(n, plan);

    // Assess
    const message = JSON.parse(rendered.message);
    expect(Object.keys(message).sort()).toEqual(['default', 'email', 'lambda', 'sqs']);
    expect(JSON.parse(message.sqs)).toMatchObject({ schema: DRIFT_SCHEMA, cluster: plan.cluster });
    expect(JSON.parse(message.sqs).items).toHaveLength(news.length);
    expect(JSON.parse(message.default)).toMatchObject({ version: '1.0', source: 'custom' });
    expect(message.email).toContain('aws ec2 authorize-security-group-ingress');
    expect(rendered.subject).toMatch(/^[\x20-\x7e]{1,99}$/);
    expect(Object.keys(rendered.attributes).sort()).toEqual(['cluster', 'driftCount', 'driftId']);
  });

  it('gives the same news the same id, and different news another', () => {
    // Prepare
    const plan = demoPlan();
    const news = driftItems(plan);
    const place = { account: null, region: null };

    // Act
    const a = buildDriftNotification(plan, news, place, NOW).id;
    const b = buildDriftNotification(plan, news, place, NOW + 1).id;
    const c = buildDriftNotification(plan, news.slice(1), place, NOW).id;

    // Assess
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('neutralises Slack mentions and markup from rule descriptions in the Chatbot text', () => {
    // Prepare
    const plan = demoPlan();
    const [first] = driftItems(plan);
    if (first === undefined) throw new Error('the demo plan has drift');
    const hostile = {
      ...first,
      change: { ...first.change, peer: { prefixListId: '<!channel> `x`' } },
    };
    const n = buildDriftNotification(plan, [hostile], { account: null, region: null }, NOW);

    // Act
    const chatbot = JSON.parse(JSON.parse(renderDriftMessage(n, plan).message).default);

    // Assess
    expect(chatbot.content.description).not.toContain('<!channel>');
    expect(chatbot.content.description).toContain('&lt;!channel&gt;');
  });
});
