// StatusStore on the state table (table.ts): `status#connector`, `status#task#<n>` and `topics`
// items under the connector's partition key. A status write is conditional on its generation not
// being older than the stored one, so a zombie invocation cannot overwrite a newer report.
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ConnectorStatus, StatusStore, TaskStatus } from '../runtime/stores/status-store.ts';
import { documentClient, keyFits, queryAll } from './dynamodb-support.ts';
import { keys } from './table.ts';

export class DynamoDbStatusStore implements StatusStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient | DynamoDBDocumentClient, tableName: string) {
    this.#db = documentClient(client);
    this.#table = tableName;
  }

  putConnectorStatus(status: ConnectorStatus): Promise<boolean> {
    return this.#put(keys.connectorStatus, { ...status });
  }

  putTaskStatus(status: TaskStatus): Promise<boolean> {
    return this.#put(keys.taskStatus(status.task), { ...status });
  }

  async #put(sk: string, status: Record<string, unknown>): Promise<boolean> {
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...status, pk: keys.connector(String(status.connector)), sk },
          ConditionExpression: 'attribute_not_exists(pk) OR generation <= :generation',
          ExpressionAttributeValues: { ':generation': status.generation },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async connectorStatus(connector: string): Promise<ConnectorStatus | undefined> {
    if (!keyFits(keys.connector(connector))) return undefined;
    const { Item } = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: keys.connector(connector), sk: keys.connectorStatus },
        ConsistentRead: true,
      }),
    );
    return Item ? (withoutKeys(Item) as unknown as ConnectorStatus) : undefined;
  }

  async taskStatuses(connector: string): Promise<TaskStatus[]> {
    if (!keyFits(keys.connector(connector))) return [];
    const items = await this.#items(connector, keys.taskStatusPrefix);
    return items.map((item) => withoutKeys(item) as unknown as TaskStatus).sort((a, b) => a.task - b.task);
  }

  async deleteTaskStatuses(connector: string, fromTask: number): Promise<void> {
    const stale = (await this.taskStatuses(connector)).filter((status) => status.task >= fromTask);
    await this.#deleteKeys(
      stale.map((status) => ({ pk: keys.connector(connector), sk: keys.taskStatus(status.task) })),
    );
  }

  async addActiveTopics(connector: string, topics: readonly string[], now: number): Promise<void> {
    if (topics.length === 0) return;
    await this.#db.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { pk: keys.connector(connector), sk: keys.activeTopics },
        UpdateExpression: 'ADD topics :topics SET updatedAt = :now',
        ExpressionAttributeValues: { ':topics': new Set(topics), ':now': now },
      }),
    );
  }

  async activeTopics(connector: string): Promise<string[]> {
    if (!keyFits(keys.connector(connector))) return [];
    const { Item } = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: keys.connector(connector), sk: keys.activeTopics },
        ConsistentRead: true,
      }),
    );
    const topics = Item?.topics as Set<string> | undefined;
    return [...(topics ?? [])].sort();
  }

  async resetActiveTopics(connector: string): Promise<void> {
    if (!keyFits(keys.connector(connector))) return;
    await this.#db.send(
      new DeleteCommand({
        TableName: this.#table,
        Key: { pk: keys.connector(connector), sk: keys.activeTopics },
      }),
    );
  }

  async deleteConnector(connector: string): Promise<void> {
    if (!keyFits(keys.connector(connector))) return;
    const pk = keys.connector(connector);
    const statuses = await this.#items(connector, 'status#');
    await this.#deleteKeys([
      ...statuses.map((item) => ({ pk, sk: String(item.sk) })),
      { pk, sk: keys.activeTopics },
    ]);
  }

  #items(connector: string, prefix: string): Promise<Record<string, unknown>[]> {
    return queryAll(this.#db, {
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.connector(connector), ':prefix': prefix },
      ConsistentRead: true,
    });
  }

  async #deleteKeys(itemKeys: readonly { pk: string; sk: string }[]): Promise<void> {
    for (let start = 0; start < itemKeys.length; start += 25) {
      let pending = itemKeys.slice(start, start + 25).map((Key) => ({ DeleteRequest: { Key } }));
      while (pending.length > 0) {
        const { UnprocessedItems } = await this.#db.send(
          new BatchWriteCommand({ RequestItems: { [this.#table]: pending } }),
        );
        pending = (UnprocessedItems?.[this.#table] ?? []) as typeof pending;
      }
    }
  }
}

function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest;
}
