// ConfigStore on the state table (table.ts): one `config` item per connector plus its entry in the
// `connectors` index, written together in a transaction. Every update is conditional on the
// version the writer read, so concurrent writers cannot overwrite each other unnoticed.
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TaskConfig } from '../api/connector.ts';
import {
  type ConfigStore,
  type ConnectorChanges,
  ConnectorExistsError,
  ConnectorNotFoundError,
  type ConnectorRecord,
  type NewConnector,
  type RestartRequest,
  StateTooLargeError,
  type TargetState,
  VersionConflictError,
} from '../runtime/stores/config-store.ts';
import { documentClient, isTooLarge, keyFits, queryAll } from './dynamodb-support.ts';
import { keys } from './table.ts';

interface ConfigItem {
  pk: string;
  sk: string;
  name: string;
  /** JSON text: config keys are arbitrary strings, which DynamoDB map attributes do not all accept. */
  config: string;
  taskConfigs: string;
  targetState: TargetState;
  version: number;
  createdAt: number;
  updatedAt: number;
}

export class DynamoDbConfigStore implements ConfigStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient | DynamoDBDocumentClient, tableName: string) {
    this.#db = documentClient(client);
    this.#table = tableName;
  }

  async get(name: string): Promise<ConnectorRecord | undefined> {
    // A name too long to be a key cannot have been stored.
    if (!keyFits(keys.connector(name))) return undefined;
    const { Item } = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: keys.connector(name), sk: keys.config },
        ConsistentRead: true,
      }),
    );
    return Item ? fromItem(Item as ConfigItem) : undefined;
  }

  async list(): Promise<string[]> {
    const items = await queryAll(this.#db, {
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.connectorIndex },
      ConsistentRead: true,
    });
    return items.map((item) => String(item.sk)).sort();
  }

  async create(connector: NewConnector, now: number): Promise<ConnectorRecord> {
    if (!keyFits(keys.connector(connector.name))) throw new StateTooLargeError(connector.name);
    const record: ConnectorRecord = {
      name: connector.name,
      config: { ...connector.config },
      taskConfigs: connector.taskConfigs.map((c) => ({ ...c })),
      targetState: connector.targetState,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.#db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: toItem(record),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.#table,
                Item: { pk: keys.connectorIndex, sk: connector.name, createdAt: now },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException && conditionFailed(error))
        throw new ConnectorExistsError(connector.name);
      if (isTooLarge(error)) throw new StateTooLargeError(connector.name);
      throw error;
    }
    return record;
  }

  async update(
    name: string,
    expectedVersion: number,
    changes: ConnectorChanges,
    now: number,
  ): Promise<ConnectorRecord> {
    const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':expected': expectedVersion, ':one': 1, ':now': now };
    const sets = ['#version = #version + :one', '#updatedAt = :now'];
    const set = (attribute: string, value: unknown) => {
      names[`#${attribute}`] = attribute;
      values[`:${attribute}`] = value;
      sets.push(`#${attribute} = :${attribute}`);
    };
    if (changes.config) set('config', JSON.stringify(changes.config));
    if (changes.taskConfigs) set('taskConfigs', JSON.stringify(changes.taskConfigs));
    if (changes.targetState) set('targetState', changes.targetState);
    try {
      const { Attributes } = await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: keys.connector(name), sk: keys.config },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return fromItem(Attributes as ConfigItem);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        if (!error.Item) throw new ConnectorNotFoundError(name);
        throw new VersionConflictError(name, expectedVersion);
      }
      if (isTooLarge(error)) throw new StateTooLargeError(name);
      throw error;
    }
  }

  async delete(name: string, expectedVersion?: number): Promise<boolean> {
    if (!keyFits(keys.connector(name))) return false;
    try {
      await this.#db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.#table,
                Key: { pk: keys.connector(name), sk: keys.config },
                ConditionExpression:
                  expectedVersion === undefined
                    ? 'attribute_exists(pk)'
                    : 'attribute_exists(pk) AND #version = :expected',
                ...(expectedVersion === undefined
                  ? {}
                  : {
                      ExpressionAttributeNames: { '#version': 'version' },
                      ExpressionAttributeValues: { ':expected': expectedVersion },
                    }),
              },
            },
            { Delete: { TableName: this.#table, Key: { pk: keys.connectorIndex, sk: name } } },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException && conditionFailed(error)) {
        if (expectedVersion !== undefined && (await this.get(name)))
          throw new VersionConflictError(name, expectedVersion);
        return false;
      }
      throw error;
    }
    for (const request of await this.restartRequests(name)) await this.clearRestartRequest(name, request.id);
    return true;
  }

  async requestRestart(request: RestartRequest): Promise<void> {
    await this.#db.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          pk: keys.connector(request.connector),
          sk: keys.restart(request.id),
          request: { ...request },
        },
      }),
    );
  }

  async restartRequests(name?: string): Promise<RestartRequest[]> {
    const names = name === undefined ? await this.list() : [name];
    const requests: RestartRequest[] = [];
    for (const connector of names) {
      if (!keyFits(keys.connector(connector))) continue;
      const items = await queryAll(this.#db, {
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.connector(connector), ':prefix': keys.restartPrefix },
        ConsistentRead: true,
      });
      for (const item of items) requests.push(item.request as RestartRequest);
    }
    return requests.sort((a, b) => a.requestedAt - b.requestedAt);
  }

  async clearRestartRequest(connector: string, id: string): Promise<void> {
    await this.#db.send(
      new DeleteCommand({
        TableName: this.#table,
        Key: { pk: keys.connector(connector), sk: keys.restart(id) },
      }),
    );
  }
}

function toItem(record: ConnectorRecord): ConfigItem {
  return {
    pk: keys.connector(record.name),
    sk: keys.config,
    name: record.name,
    config: JSON.stringify(record.config),
    taskConfigs: JSON.stringify(record.taskConfigs),
    targetState: record.targetState,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

function fromItem(item: ConfigItem): ConnectorRecord {
  return {
    name: item.name,
    config: JSON.parse(item.config) as Record<string, string>,
    taskConfigs: JSON.parse(item.taskConfigs) as TaskConfig[],
    targetState: item.targetState,
    version: Number(item.version),
    createdAt: Number(item.createdAt),
    updatedAt: Number(item.updatedAt),
  };
}

function conditionFailed(error: TransactionCanceledException): boolean {
  return (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed');
}
