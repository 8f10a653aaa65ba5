import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoAlertStateStore } from '#adapters/aws/dynamodb-alert-store.ts';
import type { AlertState } from '#core/alerts/alert-state.ts';
import { diffAlerts } from '#core/alerts/diff.ts';
import { AdvisorError, InputError, StateConflictError } from '#core/errors.ts';
import { createStateTable } from '#test/helpers/moto-resources.ts';
import {
  aFinding,
  aRecommendation,
  aReport,
  HOUR,
  loadReport,
  MINUTE,
  T0,
} from '#test/helpers/reports.ts';

const CLUSTER = 'prod-eu-1';

async function storeWithTable() {
  const { client, tableName } = await createStateTable();
  return { client, tableName, store: new DynamoAlertStateStore(client, tableName) };
}

describe('DynamoAlertStateStore against moto_server', () => {
  it('saves alert states and loads them back, one item per alert under cluster#<key>', async () => {
    // Prepare
    const { client, tableName, store } = await storeWithTable();
    const diff = diffAlerts([], loadReport('prod-eu'), T0);

    // Act
    await store.save(CLUSTER, diff.writes);
    const loaded = await store.load(CLUSTER);

    // Assess
    const byKey = (states: readonly AlertState[]) =>
      [...states].sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
    expect(byKey(loaded)).toEqual(byKey(diff.writes));
    const first = diff.writes[0] as AlertState;
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { pk: { S: `cluster#${CLUSTER}` }, sk: { S: `alert#${first.fingerprint}` } },
      }),
    );
    expect(Item?.expiresAt).toEqual({ N: String(first.expiresAt / 1000) });
    expect(Item?.revision).toEqual({ N: '1' });
  });

  it('loads only alert items of the cluster, not the window item nor other clusters', async () => {
    // Prepare
    const { client, tableName, store } = await storeWithTable();
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { pk: { S: `cluster#${CLUSTER}` }, sk: { S: 'window' }, end: { N: '1' } },
      }),
    );
    await store.save('other', diffAlerts([], aReport([aFinding()]), T0).writes);
    await store.save(CLUSTER, diffAlerts([], aReport([aFinding({ name: 'mine' })]), T0).writes);

    // Act
    const loaded = await store.load(CLUSTER);

    // Assess
    expect(loaded.map((state) => state.name)).toEqual(['mine']);
  });

  it('notifies nothing on the next run once the state is saved (load, diff, save, load, diff)', async () => {
    // Prepare
    const { store } = await storeWithTable();
    const report = aReport([aFinding()], [aRecommendation()]);
    const first = diffAlerts(await store.load(CLUSTER), report, T0);
    await store.save(CLUSTER, first.writes);

    // Act
    const second = diffAlerts(await store.load(CLUSTER), report, T0 + 5 * MINUTE);

    // Assess
    expect(first.new).toHaveLength(1);
    expect([...second.new, ...second.changed, ...second.resolved]).toEqual([]);
  });

  it('accepts the same save twice (a retried save is idempotent)', async () => {
    // Prepare
    const { store } = await storeWithTable();
    const first = diffAlerts([], aReport([aFinding()]), T0);
    await store.save(CLUSTER, first.writes);
    const later = diffAlerts(await store.load(CLUSTER), aReport([]), T0 + HOUR);

    // Act
    await store.save(CLUSTER, later.writes);
    await store.save(CLUSTER, later.writes);

    // Assess
    expect(later.resolved).toHaveLength(1);
    expect(await store.load(CLUSTER)).toEqual(later.writes);
  });

  it('refuses the save of a run that loaded state another run has since changed', async () => {
    // Prepare
    const { store } = await storeWithTable();
    await store.save(
      CLUSTER,
      diffAlerts([], aReport([aFinding({ verdict: 'allowed' })]), T0).writes,
    );
    const loaded = await store.load(CLUSTER);
    const runA = diffAlerts(loaded, aReport([aFinding()]), T0 + MINUTE);
    const runB = diffAlerts(loaded, aReport([aFinding()]), T0 + 2 * MINUTE);
    await store.save(CLUSTER, runA.writes);

    // Act
    const error = await store.save(CLUSTER, runB.writes).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(StateConflictError);
    expect((error as StateConflictError).keys).toEqual([runB.writes[0]?.fingerprint]);
    expect((error as StateConflictError).message).toMatch(
      /^alert state of cluster#prod-eu-1 in table eks-sg-advisor-state was changed by another run: 1 item\(s\) not written/,
    );
    expect(await store.load(CLUSTER)).toEqual(runA.writes);
  });

  it('refuses a first write over an item that already exists', async () => {
    // Prepare
    const { store } = await storeWithTable();
    await store.save(CLUSTER, diffAlerts([], aReport([aFinding()]), T0).writes);

    // Act
    const error = await store
      .save(CLUSTER, diffAlerts([], aReport([aFinding()]), T0 + MINUTE).writes)
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(StateConflictError);
  });

  it('rejects an empty cluster key and reports a corrupt item by its key', async () => {
    // Prepare
    const { client, tableName, store } = await storeWithTable();
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { pk: { S: `cluster#${CLUSTER}` }, sk: { S: 'alert#broken' }, kind: { S: 'nope' } },
      }),
    );

    // Act
    const empty = await store.load('').catch((caught: unknown) => caught);
    const corrupt = await store.load(CLUSTER).catch((caught: unknown) => caught);

    // Assess
    expect(empty).toBeInstanceOf(InputError);
    expect(corrupt).toBeInstanceOf(AdvisorError);
    expect((corrupt as AdvisorError).message).toBe(
      'alert item alert#broken of cluster#prod-eu-1: field kind is missing or invalid',
    );
  });
});
