import { type AttributeValue, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { clusterPk } from '#adapters/aws/alert-item.ts';
import { awsErrorSummary } from '#adapters/aws/aws-error.ts';
import { checkClusterKey, queryClusterItems } from '#adapters/aws/cluster-items.ts';
import { digest } from '#core/alerts/fingerprint.ts';
import { AdvisorError, AwsCallError } from '#core/errors.ts';
import type { DriftStateStore } from '#core/gateways.ts';
import type { DriftKind, DriftState } from '#core/plan/drift.ts';

/** Sort-key prefix of drift items, beside the cluster's `alert#` and `window` items. */
export const DRIFT_SK_PREFIX = 'drift#';

const KINDS: readonly DriftKind[] = ['new-required-port', 'unused-rule'];

/**
 * The drift report's state in the project's DynamoDB table: one item per drift item,
 * `pk = cluster#<key>`, `sk = drift#<hash of the item key>`, `expiresAt` in epoch seconds (TTL).
 * Saves are plain PutItems of whole items (a retried save writes the same item); the weekly run
 * of a cluster is the only writer of its drift items.
 *
 * @example
 * const store = new DynamoDriftStateStore(dynamodb, config.stateTable);
 * const delta = driftDelta(await store.load('prod-eu'), driftItems(plan), clock.now());
 */
export class DynamoDriftStateStore implements DriftStateStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /**
   * Every drift item of the cluster, following pagination.
   *
   * @throws InputError for an empty cluster key; AwsCallError when Query fails; AdvisorError for
   *   an item that is not a drift state.
   */
  async load(clusterKey: string): Promise<DriftState[]> {
    const items = await queryClusterItems(this.client, this.tableName, clusterKey, DRIFT_SK_PREFIX);
    return items.map((item) => fromItem(item));
  }

  /**
   * Writes the states one by one.
   *
   * @throws AwsCallError when a PutItem fails (the states before it are written).
   */
  async save(clusterKey: string, states: readonly DriftState[]): Promise<void> {
    const pk = clusterPk(checkClusterKey(clusterKey));
    for (const state of states) {
      try {
        await this.client.send(
          new PutItemCommand({ TableName: this.tableName, Item: toItem(pk, state) }),
        );
      } catch (error) {
        const why = awsErrorSummary(error);
        throw new AwsCallError('PutItem', `table ${this.tableName}, ${pk}: ${why}`, {
          cause: error,
        });
      }
    }
  }
}

function toItem(pk: string, state: DriftState): Record<string, AttributeValue> {
  return {
    pk: { S: pk },
    sk: { S: `${DRIFT_SK_PREFIX}${digest([state.key])}` },
    key: { S: state.key },
    kind: { S: state.kind },
    firstSeenAt: { N: String(state.firstSeenAt) },
    lastSeenAt: { N: String(state.lastSeenAt) },
    expiresAt: { N: String(Math.ceil(state.expiresAt / 1000)) },
  };
}

function fromItem(item: Record<string, AttributeValue>): DriftState {
  const key = item.key?.S;
  const kind = KINDS.find((k) => k === item.kind?.S);
  const number = (name: string) => Number(item[name]?.N ?? Number.NaN);
  const firstSeenAt = number('firstSeenAt');
  const lastSeenAt = number('lastSeenAt');
  const expiresAt = number('expiresAt') * 1000;
  if (
    key === undefined ||
    kind === undefined ||
    ![firstSeenAt, lastSeenAt, expiresAt].every(Number.isFinite)
  ) {
    throw new AdvisorError(`drift item ${item.sk?.S ?? '?'} is not a valid drift state`);
  }
  return { key, kind, firstSeenAt, lastSeenAt, expiresAt };
}
