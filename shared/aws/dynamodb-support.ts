// Small helpers the DynamoDB adapters share: the document client, paginated queries, and the
// limits DynamoDB puts on keys and items.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

export function documentClient(client: DynamoDBClient | DynamoDBDocumentClient): DynamoDBDocumentClient {
  if (client instanceof DynamoDBDocumentClient) return client;
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** Every item of a query, following LastEvaluatedKey. */
export async function queryAll(
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** DynamoDB refuses partition keys over 2048 bytes; such a connector name can never be stored. */
export function keyFits(partitionKey: string): boolean {
  return Buffer.byteLength(partitionKey) <= 2048;
}

/** The error DynamoDB raises for an item over 400 KB. */
export function isTooLarge(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'ValidationException' &&
    /size has exceeded|Item size/i.test(error.message)
  );
}
