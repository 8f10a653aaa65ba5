import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbConcurrencySlots } from '#adapters/aws/dynamodb-concurrency-slots.ts';
import { tryAcquireSlot } from '#app/fanout/query-slots.ts';
import { AwsCallError } from '#core/errors.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { createStateTable } from '#test/helpers/moto-resources.ts';

const NOW = Date.UTC(2026, 10, 28, 15);
const ACCOUNT = '210987654321';

function lease(holder: string, index = 0, expiresAt = NOW + 60_000) {
  return { scope: ACCOUNT, index, holder, label: `${ACCOUNT}/eu-west-1/${holder}`, expiresAt };
}

describe('DynamoDbConcurrencySlots against moto_server', () => {
  it('lets exactly one of two workers take the same slot (conditional put)', async () => {
    // Prepare
    const { client, tableName } = await createStateTable();
    const slots = new DynamoDbConcurrencySlots(client, tableName);
    // Act
    const [first, second] = await Promise.all([
      slots.take(lease('worker-a'), NOW),
      slots.take(lease('worker-b'), NOW),
    ]);
    const stored = await slots.list(ACCOUNT);
    // Assess
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(stored).toEqual([lease(first ? 'worker-a' : 'worker-b')]);
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { pk: { S: `account#${ACCOUNT}` }, sk: { S: 'slot#000' } },
      }),
    );
    expect(Item?.expiresAt?.N).toBe(String((NOW + 60_000) / 1000));
    client.destroy();
  });

  it('hands a slot whose lease ran out to the next taker, and lets only the holder release it', async () => {
    // Prepare
    const { client, tableName } = await createStateTable();
    const slots = new DynamoDbConcurrencySlots(client, tableName);
    await slots.take(lease('crashed', 0, NOW + 1_000), NOW);
    // Act
    const whileHeld = await slots.take(lease('next', 0, NOW + 70_000), NOW + 999);
    const afterExpiry = await slots.take(lease('next', 0, NOW + 70_000), NOW + 1_001);
    const byOldHolder = await slots.release(lease('crashed'));
    const byHolder = await slots.release(lease('next'));
    // Assess
    expect([whileHeld, afterExpiry]).toEqual([false, true]);
    expect([byOldHolder, byHolder]).toEqual([false, true]);
    expect(await slots.list(ACCOUNT)).toEqual([]);
    client.destroy();
  });

  it('never leases more than the cap when five workers ask at once for two slots', async () => {
    // Prepare
    const { client, tableName } = await createStateTable();
    const slots = new DynamoDbConcurrencySlots(client, tableName);
    const clock = new FakeClock(NOW);
    // Act
    const leases = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((holder) =>
        tryAcquireSlot(
          { slots, clock, random: () => 0 },
          { scope: ACCOUNT, cap: 2, holder, label: holder, leaseMs: 60_000 },
        ),
      ),
    );
    // Assess
    const won = leases.filter((l) => l !== null);
    expect(won).toHaveLength(2);
    expect((await slots.list(ACCOUNT)).length).toBe(won.length);
    expect(new Set(won.map((l) => l?.index)).size).toBe(won.length);
    client.destroy();
  });

  it('names the table and the slot when DynamoDB fails', async () => {
    // Prepare
    const { client } = await createStateTable();
    const slots = new DynamoDbConcurrencySlots(client, 'no-such-table');
    // Act
    const act = slots.take(lease('a'), NOW);
    // Assess
    await expect(act).rejects.toThrow(AwsCallError);
    await expect(act).rejects.toThrow(
      /^PutItem: no-such-table slot account#210987654321 slot#000: /,
    );
    client.destroy();
  });
});
