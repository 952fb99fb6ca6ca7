// The log levels set through /admin/loggers, in one item of the state table: the API function writes
// it, and the coordinator and task functions read its root level when an invocation starts.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LoggerLevel, LoggerLevelStore } from '../runtime/logger-levels.ts';
import { documentClient } from './dynamodb-support.ts';
import { keys } from './table.ts';

export class DynamoDBLoggerLevelStore implements LoggerLevelStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#db = documentClient(client);
    this.#table = tableName;
  }

  async load(): Promise<Record<string, LoggerLevel>> {
    const { Item } = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: keys.admin, sk: keys.loggers },
        ConsistentRead: true,
      }),
    );
    return (Item?.levels as Record<string, LoggerLevel> | undefined) ?? {};
  }

  async save(levels: Readonly<Record<string, LoggerLevel>>): Promise<void> {
    await this.#db.send(
      new PutCommand({ TableName: this.#table, Item: { pk: keys.admin, sk: keys.loggers, levels } }),
    );
  }
}
