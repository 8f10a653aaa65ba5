import { randomUUID } from 'node:crypto';
import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { awsErrorMessage, awsErrorName } from '#adapters/aws/aws-error.ts';
import { AwsCallError } from '#core/errors.ts';
import type { NotificationClaim, NotificationLedger } from '#core/gateways.ts';
import { NOTIFIED_SORT_KEY, notifiedPartitionKey } from '#core/run/state-keys.ts';

/**
 * {@link NotificationLedger} in the project's DynamoDB state table: one item per notification id,
 * `{pk: notified#<id>, sk: "notified", holder: S, claimUntil: N (ms), expiresAt: N (TTL, s)}`.
 * Claiming is a PutItem conditional on the item being absent or its claim run out (a delivery
 * that crashed mid-post); marking it posted and giving it back are PutItems conditional on the
 * holder (the role may put, never delete, these items), so no call can undo another delivery's.
 *
 * @example
 * const ledger = new DynamoDbNotificationLedger(new DynamoDBClient({}), 'eks-sg-advisor-state');
 * const claim = await ledger.claim(notification.id, now, 300_000);
 */
export class DynamoDbNotificationLedger implements NotificationLedger {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly newHolder: () => string = randomUUID,
  ) {}

  /** @throws AwsCallError when PutItem fails for another reason than an existing claim. */
  async claim(id: string, now: number, claimMs: number): Promise<NotificationClaim | null> {
    const claim = { id, holder: this.newHolder() };
    const until = now + claimMs;
    const taken = await this.put(claim, until, until, {
      ConditionExpression: 'attribute_not_exists(pk) OR claimUntil <= :now',
      ExpressionAttributeValues: { ':now': { N: String(now) } },
    });
    return taken ? claim : null;
  }

  /** @throws AwsCallError when PutItem fails for another reason than a lost claim. */
  async posted(claim: NotificationClaim, now: number, keepMs: number): Promise<void> {
    const until = now + keepMs;
    await this.put(claim, until, until, holderIs(claim));
  }

  /** @throws AwsCallError when PutItem fails for another reason than a lost claim. */
  async release(claim: NotificationClaim, now: number): Promise<void> {
    await this.put(claim, 0, now + 86_400_000, holderIs(claim));
  }

  private async put(
    claim: NotificationClaim,
    claimUntil: number,
    keepUntil: number,
    condition: Pick<
      ConstructorParameters<typeof PutItemCommand>[0],
      'ConditionExpression' | 'ExpressionAttributeValues'
    >,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: notifiedPartitionKey(claim.id) },
            sk: { S: NOTIFIED_SORT_KEY },
            holder: { S: claim.holder },
            claimUntil: { N: String(claimUntil) },
            expiresAt: { N: String(Math.ceil(keepUntil / 1000)) },
          },
          ...condition,
        }),
      );
      return true;
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return false;
      throw new AwsCallError(
        'PutItem',
        `${this.tableName} ${notifiedPartitionKey(claim.id)}: ${awsErrorMessage(error)}`,
        { cause: error },
      );
    }
  }
}

function holderIs(claim: NotificationClaim) {
  return {
    ConditionExpression: 'holder = :holder',
    ExpressionAttributeValues: { ':holder': { S: claim.holder } },
  };
}
