import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { awsErrorMessage, awsErrorName } from '#adapters/aws/aws-error.ts';
import { AwsCallError } from '#core/errors.ts';
import type {
  Clock,
  ClusterRef,
  WindowCommitResult,
  WindowExtras,
  WindowStore,
} from '#core/gateways.ts';
import { clusterPartitionKey, WINDOW_SORT_KEY } from '#core/run/state-keys.ts';

/** Settings of {@link DynamoDbWindowStore}. */
export interface WindowStoreSettings {
  readonly tableName: string;
  /** The window item expires this long after its last commit (default 30 days): a removed cluster's state goes away. */
  readonly ttlMs?: number;
}

const DEFAULT_TTL_MS = 30 * 86_400_000;

/**
 * {@link WindowStore} over the project's DynamoDB state table: one item per cluster,
 * `{pk: cluster#..., sk: "window", windowEnd: N, committedAt: N, expiresAt: N}`, plus the late-event
 * settle state `settledEnd: N, seen: L<S>` and the window limit `pieceSec: N` when a run gives them. Commits are
 * conditional on the stored `windowEnd` (or on the item being absent), so of two concurrent runs
 * only one advances it; the other gets `conflict` with the current end. Reads are strongly
 * consistent.
 *
 * @example
 * const store = new DynamoDbWindowStore(new DynamoDBClient({}), { tableName: 'eks-sg-advisor-state' }, systemClock);
 */
export class DynamoDbWindowStore implements WindowStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly settings: WindowStoreSettings,
    private readonly clock: Clock,
  ) {}

  async load(cluster: ClusterRef): Promise<number | null> {
    try {
      const { Item } = await this.client.send(
        new GetItemCommand({
          TableName: this.settings.tableName,
          Key: this.key(cluster),
          ConsistentRead: true,
          ProjectionExpression: 'windowEnd',
        }),
      );
      const end = Item?.windowEnd?.N;
      return end === undefined ? null : Number(end);
    } catch (error) {
      throw this.failure('GetItem', cluster, error);
    }
  }

  async loadExtras(cluster: ClusterRef): Promise<WindowExtras> {
    try {
      const { Item } = await this.client.send(
        new GetItemCommand({
          TableName: this.settings.tableName,
          Key: this.key(cluster),
          ConsistentRead: true,
          ProjectionExpression: 'settledEnd, seen, pieceSec',
        }),
      );
      const settledEnd = Item?.settledEnd?.N;
      const pieceSec = Item?.pieceSec?.N;
      const seen = (Item?.seen?.L ?? []).flatMap((entry) =>
        entry.S === undefined ? [] : [entry.S],
      );
      return {
        settle: settledEnd === undefined ? null : { settledEndSec: Number(settledEnd), seen },
        pieceSec: pieceSec === undefined ? null : Number(pieceSec),
      };
    } catch (error) {
      throw this.failure('GetItem', cluster, error);
    }
  }

  async commit(
    cluster: ClusterRef,
    expectedPreviousEndSec: number | null,
    newEndSec: number,
    extras?: WindowExtras,
  ): Promise<WindowCommitResult> {
    const now = this.clock.now();
    const expiresAt = Math.floor((now + (this.settings.ttlMs ?? DEFAULT_TTL_MS)) / 1000);
    const first = expectedPreviousEndSec === null;
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.settings.tableName,
          Item: {
            ...this.key(cluster),
            windowEnd: { N: String(newEndSec) },
            committedAt: { N: String(Math.floor(now / 1000)) },
            expiresAt: { N: String(expiresAt) },
            ...(extras?.settle
              ? {
                  settledEnd: { N: String(extras.settle.settledEndSec) },
                  seen: { L: extras.settle.seen.map((entry) => ({ S: entry })) },
                }
              : {}),
            ...(extras?.pieceSec ? { pieceSec: { N: String(extras.pieceSec) } } : {}),
          },
          ConditionExpression: first ? 'attribute_not_exists(pk)' : 'windowEnd = :expected',
          ExpressionAttributeValues: first
            ? undefined
            : { ':expected': { N: String(expectedPreviousEndSec) } },
        }),
      );
      return { outcome: 'committed' };
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') {
        return { outcome: 'conflict', currentEndSec: await this.load(cluster) };
      }
      throw this.failure('PutItem', cluster, error);
    }
  }

  private key(cluster: ClusterRef): Record<'pk' | 'sk', { S: string }> {
    return { pk: { S: clusterPartitionKey(cluster) }, sk: { S: WINDOW_SORT_KEY } };
  }

  private failure(operation: string, cluster: ClusterRef, error: unknown): AwsCallError {
    return new AwsCallError(
      operation,
      `${this.settings.tableName} window of ${clusterPartitionKey(cluster)}: ${awsErrorMessage(error)}`,
      { cause: error },
    );
  }
}
