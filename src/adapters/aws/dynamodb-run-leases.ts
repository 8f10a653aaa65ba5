import { randomUUID } from 'node:crypto';
import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { awsErrorMessage, awsErrorName } from '#adapters/aws/aws-error.ts';
import { AwsCallError } from '#core/errors.ts';
import type { ClusterRef, RunLease, RunLeases } from '#core/gateways.ts';
import { clusterPartitionKey, LEASE_SORT_KEY } from '#core/run/state-keys.ts';

/**
 * {@link RunLeases} in the project's DynamoDB state table: one item per cluster,
 * `{pk: cluster#..., sk: "lease", holder: S, leaseUntil: N (ms), expiresAt: N (TTL, s)}`. Taking
 * the lease is a PutItem conditional on the item being absent or its `leaseUntil` passed, so of
 * two concurrent runs exactly one gets it; giving it back is a PutItem conditional on the holder
 * (the functions' role may delete no cluster item), which frees it at once.
 *
 * @example
 * const leases = new DynamoDbRunLeases(new DynamoDBClient({}), 'eks-sg-advisor-state');
 * const lease = await leases.acquire({ name: 'prod' }, now, now + 300_000);
 */
export class DynamoDbRunLeases implements RunLeases {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly newHolder: () => string = randomUUID,
  ) {}

  /** @throws AwsCallError when PutItem fails for another reason than a held lease. */
  async acquire(cluster: ClusterRef, now: number, expiresAt: number): Promise<RunLease | null> {
    const lease = { holder: this.newHolder(), expiresAt };
    try {
      await this.put(cluster, lease.holder, expiresAt, {
        ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
        ExpressionAttributeValues: { ':now': { N: String(now) } },
      });
      return lease;
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return null;
      throw this.failure(cluster, error);
    }
  }

  /** @throws AwsCallError when PutItem fails for another reason than a lost lease. */
  async release(cluster: ClusterRef, lease: RunLease): Promise<boolean> {
    try {
      await this.put(cluster, '', 0, {
        ConditionExpression: 'holder = :holder',
        ExpressionAttributeValues: { ':holder': { S: lease.holder } },
      });
      return true;
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return false;
      throw this.failure(cluster, error);
    }
  }

  private async put(
    cluster: ClusterRef,
    holder: string,
    leaseUntil: number,
    condition: Pick<
      ConstructorParameters<typeof PutItemCommand>[0],
      'ConditionExpression' | 'ExpressionAttributeValues'
    >,
  ): Promise<void> {
    const until = Math.max(leaseUntil, 0);
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          pk: { S: clusterPartitionKey(cluster) },
          sk: { S: LEASE_SORT_KEY },
          holder: { S: holder },
          leaseUntil: { N: String(until) },
          // The item itself goes a day after its last lease (TTL, epoch seconds).
          expiresAt: { N: String(Math.floor(until / 1000) + 86_400) },
        },
        ...condition,
      }),
    );
  }

  private failure(cluster: ClusterRef, error: unknown): AwsCallError {
    return new AwsCallError(
      'PutItem',
      `${this.tableName} run lease of ${clusterPartitionKey(cluster)}: ${awsErrorMessage(error)}`,
      { cause: error },
    );
  }
}
