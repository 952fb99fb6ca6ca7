// The coordinator lock on DynamoDB: one item (pk `coordinator`, sk `lock`) written only with
// conditional updates. The item is never deleted, so its fencing token only ever grows.
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type CoordinatorLock, defaultLockSkewMs, type LockGrant } from '../leases/coordinator-lock.ts';
import { type Item, sendWrite } from './dynamodb-requests.ts';
import { n, s } from './lease-items.ts';
import { keys, tableKeys } from './table.ts';

const names = {
  '#holder': 'holder',
  '#fencingToken': 'fencingToken',
  '#expiresAt': 'expiresAt',
  '#updatedAt': 'updatedAt',
};

export class DynamoDBCoordinatorLock implements CoordinatorLock {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async tryAcquire(
    holder: string,
    ttlMs: number,
    now: number,
    skewMs = defaultLockSkewMs,
  ): Promise<LockGrant> {
    try {
      const result = await sendWrite(() =>
        this.#client.send(
          new UpdateItemCommand({
            TableName: this.#table,
            Key: lockKey,
            ConditionExpression: 'attribute_not_exists(#holder) OR #holder = :holder OR #expiresAt < :cutoff',
            UpdateExpression:
              'SET #holder = :holder, #expiresAt = :expiresAt, #updatedAt = :now, #fencingToken = if_not_exists(#fencingToken, :zero) + :one',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: {
              ':holder': s(holder),
              ':cutoff': n(now - skewMs),
              ':expiresAt': n(now + ttlMs),
              ':now': n(now),
              ':zero': n(0),
              ':one': n(1),
            },
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      );
      return { acquired: true, ...grantOf(result.Attributes) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // DynamoDB returns the item that failed the condition; emulators without that feature get a read.
      return { acquired: false, ...grantOf(error.Item ?? (await this.#read())) };
    }
  }

  async #read(): Promise<Item | undefined> {
    const result = await this.#client.send(
      new GetItemCommand({ TableName: this.#table, Key: lockKey, ConsistentRead: true }),
    );
    return result.Item;
  }

  async renew(holder: string, fencingToken: number, ttlMs: number, now: number): Promise<boolean> {
    return this.#ifHeld(holder, fencingToken, 'SET #expiresAt = :expiresAt, #updatedAt = :now', {
      ':expiresAt': n(now + ttlMs),
      ':now': n(now),
    });
  }

  async release(holder: string, fencingToken: number): Promise<void> {
    await this.#ifHeld(holder, fencingToken, 'SET #expiresAt = :zero REMOVE #holder', { ':zero': n(0) });
  }

  async #ifHeld(holder: string, fencingToken: number, update: string, values: Item): Promise<boolean> {
    const expressionNames: Record<string, string> = {
      '#holder': names['#holder'],
      '#fencingToken': names['#fencingToken'],
    };
    for (const placeholder of update.match(/#[A-Za-z]+/g) ?? [])
      expressionNames[placeholder] = placeholder.slice(1);
    try {
      await sendWrite(() =>
        this.#client.send(
          new UpdateItemCommand({
            TableName: this.#table,
            Key: lockKey,
            ConditionExpression: '#holder = :holder AND #fencingToken = :token',
            UpdateExpression: update,
            ExpressionAttributeNames: expressionNames,
            ExpressionAttributeValues: { ...values, ':holder': s(holder), ':token': n(fencingToken) },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

const lockKey: Item = {
  [tableKeys.partitionKey]: s(keys.coordinator),
  [tableKeys.sortKey]: s(keys.coordinatorLock),
};

function grantOf(item: Item | undefined): Omit<LockGrant, 'acquired'> {
  return {
    fencingToken: Number(item?.fencingToken?.N ?? 0),
    holder: item?.holder?.S ?? null,
    expiresAt: Number(item?.expiresAt?.N ?? 0),
  };
}
