// The DynamoDB request patterns the stores share: paginated queries, batched reads and deletes
// that finish their unprocessed keys, and transactions whose cancellation reasons are turned
// into "these items failed their condition" (retrying only what DynamoDB says is transient).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AttributeValue,
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  BatchWriteItemCommand,
  type BatchWriteItemCommandOutput,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
  TransactionCanceledException,
  TransactionConflictException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { ConnectError } from '../api/errors.ts';
import { StoreUnavailableError } from '../runtime/stores/store-unavailable-error.ts';

export type Item = Record<string, AttributeValue>;

/** DynamoDB's limits: items per TransactWriteItems, keys per BatchGetItem, requests per BatchWriteItem. */
export const limits = { transactItems: 100, batchGetKeys: 100, batchWriteRequests: 25 } as const;

/** How many times a request is repeated after a transient refusal the SDK does not retry itself. */
const maxRepeats = 8;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Runs `work` on every item with at most `limit` in flight, so a big connector cannot flood the table. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Every item a query matches, following LastEvaluatedKey page by page. */
export async function queryAll(client: DynamoDBClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

/** Strongly consistent reads of many keys; order of the result is not the order of `keys`. */
export async function batchGetAll(
  client: DynamoDBClient,
  table: string,
  keys: readonly Item[],
): Promise<Item[]> {
  const items: Item[] = [];
  for (const keysChunk of chunk(keys, limits.batchGetKeys)) {
    let pending: Item[] | undefined = keysChunk;
    for (let repeat = 0; pending !== undefined && pending.length > 0; repeat++) {
      if (repeat > 0) await backoff(repeat);
      if (repeat > maxRepeats)
        throw new StoreUnavailableError(`DynamoDB kept ${pending.length} keys of ${table} unprocessed`);
      const result: BatchGetItemCommandOutput = await client.send(
        new BatchGetItemCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
      );
      items.push(...(result.Responses?.[table] ?? []));
      pending = result.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return items;
}

export async function batchDeleteAll(
  client: DynamoDBClient,
  table: string,
  keys: readonly Item[],
): Promise<void> {
  for (const keysChunk of chunk(keys, limits.batchWriteRequests)) {
    let pending: WriteRequest[] | undefined = keysChunk.map((Key) => ({ DeleteRequest: { Key } }));
    for (let repeat = 0; pending !== undefined && pending.length > 0; repeat++) {
      if (repeat > 0) await backoff(repeat);
      if (repeat > maxRepeats)
        throw new StoreUnavailableError(`DynamoDB kept ${pending.length} deletes of ${table} unprocessed`);
      const result: BatchWriteItemCommandOutput = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [table]: pending } }),
      );
      pending = result.UnprocessedItems?.[table];
    }
  }
}

/**
 * Sends a single-item write, repeating it while it collides with a transaction on the same item
 * (TransactionConflictException, which the SDK does not retry). Safe because every write here is
 * conditional: a repeat that finds the item changed fails its condition instead of overwriting.
 */
export async function sendWrite<Output>(send: () => Promise<Output>): Promise<Output> {
  for (let repeat = 0; ; repeat++) {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof TransactionConflictException)) throw error;
      if (repeat >= maxRepeats)
        throw new StoreUnavailableError(`DynamoDB kept refusing a write: ${error.message}`, { cause: error });
      await backoff(repeat + 1);
    }
  }
}

export type TransactionOutcome =
  | { readonly ok: true }
  /** The indexes (into the items sent) whose condition failed, and those items as they were. */
  | { readonly ok: false; readonly failed: readonly number[]; readonly items: readonly (Item | undefined)[] };

/**
 * One TransactWriteItems (at most 100 items). A cancellation with failed conditions is an answer,
 * not an error: the caller learns exactly which items failed (DynamoDB reports every failed
 * condition, each with the item as it was when `ReturnValuesOnConditionCheckFailure` is ALL_OLD).
 * A cancellation caused only by conflicting transactions is sent again with the same items;
 * anything else is thrown.
 */
export async function transactWrite(
  client: DynamoDBClient,
  items: readonly TransactWriteItem[],
): Promise<TransactionOutcome> {
  if (items.length > limits.transactItems)
    throw new Error(`A transaction holds at most ${limits.transactItems} items, got ${items.length}`);
  for (let repeat = 0; ; repeat++) {
    try {
      // The token makes the SDK's own retries of this exact request idempotent: if a first
      // attempt succeeded but its response was lost, DynamoDB answers the retry with success
      // instead of failing the (then false) conditions.
      await client.send(
        new TransactWriteItemsCommand({ TransactItems: [...items], ClientRequestToken: randomUUID() }),
      );
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.flatMap((reason, index) =>
        reason.Code === 'ConditionalCheckFailed' ? [index] : [],
      );
      if (failed.length > 0) return { ok: false, failed, items: reasons.map((reason) => reason.Item) };
      const transient = reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
      if (!transient || repeat >= maxRepeats) {
        const codes = reasons.map((r) => r.Code ?? 'None').join(', ');
        const message = `DynamoDB cancelled a transaction: [${codes}]`;
        throw transient
          ? new StoreUnavailableError(message, { cause: error })
          : new ConnectError(message, { cause: error });
      }
      await backoff(repeat + 1);
    }
  }
}

/** Full jitter, 10 ms doubling up to 640 ms: conflicting writers spread out instead of colliding again. */
function backoff(repeat: number): Promise<void> {
  return sleep(Math.random() * 10 * 2 ** Math.min(repeat, 6));
}
