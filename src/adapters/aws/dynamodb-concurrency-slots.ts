import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { awsErrorMessage, awsErrorName } from '#adapters/aws/aws-error.ts';
import { AwsCallError } from '#core/errors.ts';
import type { ConcurrencySlots, SlotLease } from '#core/gateways.ts';
import { slotIndexOf, slotPartitionKey, slotSortKey } from '#core/run/state-keys.ts';

/**
 * {@link ConcurrencySlots} in the project's DynamoDB state table: one item per held slot,
 * `{pk: "account#<id>", sk: "slot#<n>", holder, label, leaseUntil (epoch ms), expiresAt (epoch s,
 * the table's TTL, so stale slots are cleaned up)}`. Taking a slot is a PutItem on condition that
 * the item is absent or its lease ended; releasing is a DeleteItem on condition that the holder
 * is still the one stored, so a run whose lease ran out cannot free a slot another run holds.
 * Listing is one strongly consistent Query of the partition (a cap is at most 100 items).
 *
 * @example
 * const slots = new DynamoDbConcurrencySlots(new DynamoDBClient({}), 'eks-sg-advisor-state');
 */
export class DynamoDbConcurrencySlots implements ConcurrencySlots {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /** @throws AwsCallError when Query fails. */
  async list(scope: string): Promise<SlotLease[]> {
    const pk = slotPartitionKey(scope);
    const leases: SlotLease[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      try {
        const out = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :slot)',
            ExpressionAttributeValues: { ':pk': { S: pk }, ':slot': { S: 'slot#' } },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? []) {
          const lease = leaseOf(scope, item);
          if (lease !== null) leases.push(lease);
        }
        start = out.LastEvaluatedKey;
      } catch (error) {
        throw this.failure('Query', pk, error);
      }
    } while (start !== undefined);
    return leases;
  }

  /** @throws AwsCallError when PutItem fails for another reason than the condition. */
  async take(lease: SlotLease, now: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            ...this.key(lease),
            holder: { S: lease.holder },
            label: { S: lease.label },
            leaseUntil: { N: String(lease.expiresAt) },
            expiresAt: { N: String(Math.ceil(lease.expiresAt / 1000)) },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
          ExpressionAttributeValues: { ':now': { N: String(now) } },
        }),
      );
      return true;
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return false;
      throw this.failure(
        'PutItem',
        `${slotPartitionKey(lease.scope)} ${slotSortKey(lease.index)}`,
        error,
      );
    }
  }

  /** @throws AwsCallError when DeleteItem fails for another reason than the condition. */
  async release(lease: SlotLease): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: this.key(lease),
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': { S: lease.holder } },
        }),
      );
      return true;
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return false;
      throw this.failure(
        'DeleteItem',
        `${slotPartitionKey(lease.scope)} ${slotSortKey(lease.index)}`,
        error,
      );
    }
  }

  private key(lease: SlotLease): Record<'pk' | 'sk', { S: string }> {
    return { pk: { S: slotPartitionKey(lease.scope) }, sk: { S: slotSortKey(lease.index) } };
  }

  private failure(operation: string, item: string, error: unknown): AwsCallError {
    return new AwsCallError(
      operation,
      `${this.tableName} slot ${item}: ${awsErrorMessage(error)}`,
      { cause: error },
    );
  }
}

function leaseOf(scope: string, item: Record<string, AttributeValue>): SlotLease | null {
  const index = slotIndexOf(item.sk?.S ?? '');
  const expiresAt = Number(item.leaseUntil?.N);
  if (index === null || !Number.isFinite(expiresAt)) return null;
  return {
    scope,
    index,
    holder: item.holder?.S ?? '',
    label: item.label?.S ?? '',
    expiresAt,
  };
}
