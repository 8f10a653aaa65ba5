import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { SNSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadNotifySlackConfig } from '#config/load-config.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { captureOutput } from '#test/helpers/capture-output.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { lambdaContext } from '#test/helpers/lambda-context.ts';
import { createStateTable } from '#test/helpers/moto-state-table.ts';
import { FakeSlack } from '#test/helpers/slack-server.ts';

vi.hoisted(() => {
  process.env.SLACK_WEBHOOK_PARAMETER ??= '/eks-sg-advisor/slack-webhook';
});
const { makeHandler } = await import('#functions/notify-slack.ts');

const EVENT = JSON.parse(
  readFileSync(new URL('../../../events/notify-slack.json', import.meta.url), 'utf8'),
) as SNSEvent;
const CONTEXT = lambdaContext('eks-sg-advisor-test-notifySlack');

let slack: FakeSlack;
let ssm: SSMClient;
let secretsManager: SecretsManagerClient;
let dynamodb: DynamoDBClient;

beforeEach(async () => {
  slack = await FakeSlack.start();
  ssm = new SSMClient(testClientConfig);
  secretsManager = new SecretsManagerClient(testClientConfig);
  dynamodb = new DynamoDBClient(testClientConfig);
});

afterEach(async () => {
  await slack.close();
  ssm.destroy();
  secretsManager.destroy();
  dynamodb.destroy();
});

function handlerWith(env: Record<string, string>) {
  return makeHandler({
    config: loadNotifySlackConfig({ SERVICE_NAME: 'eks-sg-advisor-test', ...env }),
    clients: { ssm: () => ssm, secretsManager: () => secretsManager, dynamodb: () => dynamodb },
    clock: new FakeClock(0),
    sender: { maxAttempts: 2, baseDelayMs: 1 },
  });
}

async function storeInSsm(): Promise<void> {
  await ssm.send(
    new PutParameterCommand({
      Name: '/eks-sg-advisor/slack-webhook',
      Type: 'SecureString',
      Value: slack.url,
    }),
  );
}

describe('notifySlack handler (middy chain) with an SNS event, moto_server and a local Slack', () => {
  it('posts the Block Kit message of the SNS record to the webhook read from an SSM SecureString', async () => {
    // Prepare
    await storeInSsm();
    const handler = handlerWith({ SLACK_WEBHOOK_PARAMETER: '/eks-sg-advisor/slack-webhook' });
    // Act
    const { outcome, text, records } = await captureOutput(() => handler(EVENT, CONTEXT));
    // Assess
    expect(outcome).toEqual({ ok: true, value: { posted: 1 } });
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0]?.path).toBe(FakeSlack.SECRET_PATH);
    const body = JSON.parse(slack.requests[0]?.body ?? '') as { text: string; blocks: unknown[] };
    expect(body.text).toBe(
      'prod-eu-1 (123456789012, eu-west-1): 4 new security-group alert(s), severity critical',
    );
    expect(body.blocks.length).toBeGreaterThan(1);
    expect(records).toContainEqual(
      expect.objectContaining({ message: 'posted to Slack', cluster: 'prod-eu-1', attempts: 1 }),
    );
    expect(text).not.toContain('SECRET');
  });

  it('posts a notification delivered twice (an SNS redelivery) once, by its notification id', async () => {
    // Prepare
    await storeInSsm();
    const handler = handlerWith({ SLACK_WEBHOOK_PARAMETER: '/eks-sg-advisor/slack-webhook' });
    const twice = { Records: [...EVENT.Records, ...EVENT.Records] } as SNSEvent;
    // Act
    const first = await captureOutput(() => handler(twice, CONTEXT));
    const redelivered = await captureOutput(() => handler(EVENT, CONTEXT));
    // Assess
    expect(first.outcome).toEqual({ ok: true, value: { posted: 1 } });
    expect(redelivered.outcome).toEqual({ ok: true, value: { posted: 0 } });
    expect(slack.requests).toHaveLength(1);
    expect(`${first.text}${redelivered.text}`).not.toContain('SECRET');
  });

  it('posts one SNS message delivered to two containers once, by a claim in the state table', async () => {
    // Prepare
    await storeInSsm();
    const table = `state-${randomUUID()}`;
    await createStateTable(dynamodb, table);
    const env = { SLACK_WEBHOOK_PARAMETER: '/eks-sg-advisor/slack-webhook', STATE_TABLE: table };
    const container = handlerWith(env);
    const otherContainer = handlerWith(env);
    // Act
    const first = await captureOutput(() => container(EVENT, CONTEXT));
    const second = await captureOutput(() => otherContainer(EVENT, CONTEXT));
    // Assess
    expect(first.outcome).toEqual({ ok: true, value: { posted: 1 } });
    expect(second.outcome).toEqual({ ok: true, value: { posted: 0 } });
    expect(slack.requests).toHaveLength(1);
    expect(second.records).toContainEqual(
      expect.objectContaining({ message: 'already posted to Slack' }),
    );
  });

  it('gives the claim back when Slack refuses, so another container’s retry posts the message', async () => {
    // Prepare
    await storeInSsm();
    const table = `state-${randomUUID()}`;
    await createStateTable(dynamodb, table);
    const env = { SLACK_WEBHOOK_PARAMETER: '/eks-sg-advisor/slack-webhook', STATE_TABLE: table };
    slack.respond({ status: 400, body: 'invalid_payload' });
    const failing = handlerWith(env);
    const failed = await captureOutput(() => failing(EVENT, CONTEXT));
    // Act
    const retry = await captureOutput(() => handlerWith(env)(EVENT, CONTEXT));
    // Assess
    expect(failed.outcome.ok).toBe(false);
    expect(retry.outcome).toEqual({ ok: true, value: { posted: 1 } });
  });

  it('reads the webhook from Secrets Manager when configured so', async () => {
    // Prepare
    await secretsManager.send(
      new CreateSecretCommand({ Name: 'eks-sg-advisor/slack', SecretString: slack.url }),
    );
    const handler = handlerWith({ SLACK_WEBHOOK_SECRET_ID: 'eks-sg-advisor/slack' });
    // Act
    const { outcome } = await captureOutput(() => handler(EVENT, CONTEXT));
    // Assess
    expect(outcome).toEqual({ ok: true, value: { posted: 1 } });
    expect(slack.requests).toHaveLength(1);
  });

  it('fails when Slack refuses the message, naming the status and code but never the webhook URL', async () => {
    // Prepare
    await storeInSsm();
    slack.respond({ status: 400, body: 'invalid_blocks' });
    const handler = handlerWith({ SLACK_WEBHOOK_PARAMETER: '/eks-sg-advisor/slack-webhook' });
    // Act
    const { outcome, text } = await captureOutput(() => handler(EVENT, CONTEXT));
    // Assess
    expect(outcome.ok ? null : String(outcome.error)).toMatch(
      /DeliveryError: .*400.*invalid_blocks/,
    );
    expect(text).toContain('invocation failed');
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('127.0.0.1');
  });

  it('fails on a message that is not an alert notification', async () => {
    // Prepare
    await storeInSsm();
    const handler = handlerWith({ SLACK_WEBHOOK_PARAMETER: '/eks-sg-advisor/slack-webhook' });
    const record = EVENT.Records[0];
    const alarm = {
      Records: [{ ...record, Sns: { ...record?.Sns, Message: '{"AlarmName":"x"}' } }],
    } as SNSEvent;
    // Act
    const { outcome } = await captureOutput(() => handler(alarm, CONTEXT));
    // Assess
    expect(outcome.ok ? null : String(outcome.error)).toMatch(
      /InputError: the SNS message is not an alert notification/,
    );
    expect(slack.requests).toHaveLength(0);
  });
});
