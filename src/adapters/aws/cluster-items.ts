import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { clusterPk } from '#adapters/aws/alert-item.ts';
import { awsErrorSummary } from '#adapters/aws/aws-error.ts';
import { AwsCallError, InputError } from '#core/errors.ts';

/** A DynamoDB item as the SDK returns it. */
export type Item = Record<string, AttributeValue>;

/**
 * Every item of a cluster's partition whose sort key starts with `skPrefix` (`alert#`,
 * `drift#`), read consistently and following pagination.
 *
 * @throws InputError for an empty or over-long cluster key; AwsCallError when Query fails.
 * @example
 * const items = await queryClusterItems(dynamodb, 'eks-sg-advisor-state', 'prod', 'alert#');
 */
export async function queryClusterItems(
  client: DynamoDBClient,
  tableName: string,
  clusterKey: string,
  skPrefix: string,
): Promise<Item[]> {
  const pk = clusterPk(checkClusterKey(clusterKey));
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    let out: QueryCommandOutput;
    try {
      out = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': { S: pk }, ':prefix': { S: skPrefix } },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
    } catch (error) {
      const why = awsErrorSummary(error);
      throw new AwsCallError('Query', `table ${tableName}, ${pk}: ${why}`, { cause: error });
    }
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * The cluster key, checked: 1 to 1000 characters (a DynamoDB key stays well under its limit).
 *
 * @throws InputError otherwise.
 * @example
 * checkClusterKey('123456789012/eu-west-1/prod');
 */
export function checkClusterKey(clusterKey: string): string {
  if (clusterKey.length === 0 || clusterKey.length > 1000) {
    throw new InputError(`cluster key must be 1 to 1000 characters, got ${clusterKey.length}`);
  }
  return clusterKey;
}
