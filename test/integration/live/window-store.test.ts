import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { CloudWatchLogsInsights } from '#adapters/aws/cloudwatch-logs-insights.ts';
import { DynamoDbWindowStore } from '#adapters/aws/dynamodb-window-store.ts';
import { fetchClusterEvents } from '#app/pipeline/read-events.ts';
import { runScheduledWindow } from '#app/pipeline/window-step.ts';
import { AwsCallError } from '#core/errors.ts';
import { DEFAULT_WINDOW_PLAN } from '#core/window/plan-window.ts';
import { testClientConfig } from '#test/helpers/aws.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { API_STREAM, seedClusterLogs } from '#test/helpers/moto-logs.ts';
import { createStateTable } from '#test/helpers/moto-state-table.ts';

const TABLE = 'eks-sg-advisor-state';
const CLUSTER = { name: 'prod', account: '123456789012', region: 'us-east-1' };
const KEY = { pk: { S: 'cluster#123456789012/us-east-1/prod' }, sk: { S: 'window' } };

async function store(clock = new FakeClock(1_800_000_000_000)) {
  const dynamo = new DynamoDBClient(testClientConfig);
  await createStateTable(dynamo, TABLE);
  return { dynamo, clock, store: new DynamoDbWindowStore(dynamo, { tableName: TABLE }, clock) };
}

describe('DynamoDbWindowStore against moto_server', () => {
  it('has no window before the first commit and stores the window item under the shared keys', async () => {
    // Prepare
    const { dynamo, store: windows } = await store();
    // Act
    const before = await windows.load(CLUSTER);
    const commit = await windows.commit(CLUSTER, null, 1_799_999_700);
    // Assess
    expect(before).toBeNull();
    expect(commit).toEqual({ outcome: 'committed' });
    expect(await windows.load(CLUSTER)).toBe(1_799_999_700);
    const { Item } = await dynamo.send(new GetItemCommand({ TableName: TABLE, Key: KEY }));
    expect(Item).toEqual({
      ...KEY,
      windowEnd: { N: '1799999700' },
      committedAt: { N: '1800000000' },
      expiresAt: { N: String(1_800_000_000 + 30 * 86_400) },
    });
  });

  it('lets exactly one of two concurrent commits from the same end win', async () => {
    // Prepare
    const { store: windows } = await store();
    await windows.commit(CLUSTER, null, 1_000);
    // Act
    const results = await Promise.all([
      windows.commit(CLUSTER, 1_000, 1_300),
      windows.commit(CLUSTER, 1_000, 1_301),
    ]);
    // Assess
    const outcomes = results.map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['committed', 'conflict']);
    const winner = results[0]?.outcome === 'committed' ? 1_300 : 1_301;
    expect(results.find((r) => r.outcome === 'conflict')).toEqual({
      outcome: 'conflict',
      currentEndSec: winner,
    });
    expect(await windows.load(CLUSTER)).toBe(winner);
  });

  it('refuses a first commit when another run already created the item', async () => {
    // Prepare
    const { store: windows } = await store();
    await windows.commit(CLUSTER, null, 2_000);
    // Act
    const result = await windows.commit(CLUSTER, null, 2_300);
    // Assess
    expect(result).toEqual({ outcome: 'conflict', currentEndSec: 2_000 });
  });

  it('leaves the alert items of the same partition alone', async () => {
    // Prepare
    const { dynamo, store: windows } = await store();
    const alertKey = { pk: KEY.pk, sk: { S: 'alert#webhook/vingress' } };
    await dynamo.send(
      new PutItemCommand({ TableName: TABLE, Item: { ...alertKey, expiresAt: { N: '1' } } }),
    );
    // Act
    await windows.commit(CLUSTER, null, 3_000);
    // Assess
    const { Item } = await dynamo.send(new GetItemCommand({ TableName: TABLE, Key: alertKey }));
    expect(Item).toEqual({ ...alertKey, expiresAt: { N: '1' } });
  });

  it('names the table and the cluster when the table is missing', async () => {
    // Prepare
    const windows = new DynamoDbWindowStore(
      new DynamoDBClient(testClientConfig),
      { tableName: 'missing' },
      new FakeClock(),
    );
    // Act
    const act = windows.load(CLUSTER);
    // Assess
    await expect(act).rejects.toThrow(AwsCallError);
    await expect(act).rejects.toThrow(
      /^GetItem: missing window of cluster#123456789012\/us-east-1\/prod: /,
    );
  });
});

describe('scheduled runs against moto_server', () => {
  it('read consecutive windows from the committed end and deliver each event once', async () => {
    // Prepare
    const now = Date.now();
    const clock = new FakeClock(now - 20 * 60_000);
    const { store: windows } = await store(clock);
    const base = now - 90 * 60_000;
    const events = Array.from({ length: 80 }, (_, i) => ({
      timestamp: base + i * 60_000 + 7,
      message: `I0101 e${i}`,
    }));
    await seedClusterLogs(new CloudWatchLogsClient(testClientConfig), 'prod', {
      [API_STREAM]: events,
    });
    const insights = new CloudWatchLogsInsights(new CloudWatchLogsClient(testClientConfig));
    const delivered: string[] = [];
    const run = () =>
      runScheduledWindow(
        { store: windows, clock },
        { cluster: CLUSTER, settings: DEFAULT_WINDOW_PLAN },
        async (_plan, window) => {
          const fetched = await fetchClusterEvents(
            { insights, clock },
            { cluster: 'prod', window },
          );
          delivered.push(...fetched.events.map((e) => e.message));
          return fetched.events.length;
        },
      );
    // Act
    const first = await run();
    clock.advance(5 * 60_000);
    const second = await run();
    clock.advance(10 * 60_000);
    const third = await run();
    // Assess
    expect([first.kind, second.kind, third.kind]).toEqual(['committed', 'committed', 'committed']);
    const firstStart = first.kind === 'committed' ? first.plan.window.startSec * 1000 : 0;
    const lastEnd = third.kind === 'committed' ? third.plan.window.endSec * 1000 : 0;
    const expected = events
      .filter((e) => e.timestamp >= firstStart && e.timestamp < lastEnd)
      .map((e) => e.message);
    expect(delivered).toEqual(expected);
    expect(expected.length).toBeGreaterThan(60);
  });
});
