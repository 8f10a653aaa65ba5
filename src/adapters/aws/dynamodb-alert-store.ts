import { type AttributeValue, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  ALERT_SK_PREFIX,
  clusterPk,
  fromAlertItem,
  toAlertItem,
} from '#adapters/aws/alert-item.ts';
import { awsErrorSummary } from '#adapters/aws/aws-error.ts';
import { checkClusterKey, queryClusterItems } from '#adapters/aws/cluster-items.ts';
import type { AlertState } from '#core/alerts/alert-state.ts';
import { AwsCallError, StateConflictError } from '#core/errors.ts';
import type { AlertStateStore } from '#core/gateways.ts';

/**
 * Alert state in the project's DynamoDB table (partition key `pk`, sort key `sk`, TTL attribute
 * `expiresAt`): one item per alert, `pk = cluster#<key>`, `sk = alert#<fingerprint>`. Loads are
 * strongly consistent; each save is a conditional PutItem on the revision the run loaded, or on the
 * item already holding this very write (same revision and run time), so a retried save succeeds
 * and a run that lost a race learns it instead of overwriting newer state.
 *
 * @example
 * const store = new DynamoAlertStateStore(new DynamoDBClient({}), config.tableName);
 * const diff = diffAlerts(await store.load('prod-eu'), report, clock.now());
 * // ... publish the delta, then:
 * await store.save('prod-eu', diff.writes);
 */
export class DynamoAlertStateStore implements AlertStateStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly concurrency = 8,
  ) {}

  /**
   * Every alert item of the cluster (not the window item), following pagination.
   *
   * @throws InputError for an empty cluster key; AwsCallError when Query fails;
   *   AdvisorError when an item is not a valid alert state.
   */
  async load(clusterKey: string): Promise<AlertState[]> {
    const items = await queryClusterItems(this.client, this.tableName, clusterKey, ALERT_SK_PREFIX);
    return items.map((item) => fromAlertItem(item));
  }

  /**
   * Writes the states, `concurrency` at a time; every write is attempted.
   *
   * @throws StateConflictError listing the fingerprints another run wrote first;
   *   AwsCallError for any other failed PutItem.
   */
  async save(clusterKey: string, states: readonly AlertState[]): Promise<void> {
    checkClusterKey(clusterKey);
    const conflicts: string[] = [];
    let failure: AwsCallError | null = null;
    for (let i = 0; i < states.length; i += this.concurrency) {
      const batch = states.slice(i, i + this.concurrency);
      const results = await Promise.allSettled(batch.map((state) => this.put(clusterKey, state)));
      results.forEach((result, j) => {
        if (result.status === 'fulfilled') return;
        const state = batch[j];
        if (nameOf(result.reason) === 'ConditionalCheckFailedException' && state)
          conflicts.push(state.fingerprint);
        else
          failure ??= new AwsCallError(
            'PutItem',
            `table ${this.tableName}, ${clusterPk(clusterKey)}: ${awsErrorSummary(result.reason)}`,
            { cause: result.reason },
          );
      });
    }
    if (failure) throw failure;
    if (conflicts.length > 0) {
      throw new StateConflictError(
        conflicts,
        `alert state of ${clusterPk(clusterKey)} in table ${this.tableName} was changed by another run: ${conflicts.length} item(s) not written (${conflicts.slice(0, 5).join(', ')})`,
      );
    }
  }

  private async put(clusterKey: string, state: AlertState): Promise<void> {
    const first = state.revision <= 1;
    const values: Record<string, AttributeValue> = {
      ':rev': { N: String(state.revision) },
      ':upd': { N: String(state.updatedAt) },
    };
    if (!first) values[':prev'] = { N: String(state.revision - 1) };
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: toAlertItem(clusterKey, state),
        ConditionExpression: `${first ? 'attribute_not_exists(pk)' : '#rev = :prev'} OR (#rev = :rev AND #upd = :upd)`,
        ExpressionAttributeNames: { '#rev': 'revision', '#upd': 'updatedAt' },
        ExpressionAttributeValues: values,
      }),
    );
  }
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}
