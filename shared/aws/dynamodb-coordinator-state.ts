// The coordinator's memory in DynamoDB: the autoscaler's last decision per connector, and when each
// task was last invoked. The invocation mark is a conditional write, so when two coordinators (or a
// coordinator and a task continuing itself) decide to start the same task, only one invokes it.
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ScalingState } from '../runtime/coordination/autoscaler.ts';
import type { CoordinatorStateStore } from '../runtime/coordination/coordinator-state.ts';
import { documentClient, queryAll } from './dynamodb-support.ts';
import { keys } from './table.ts';

export class DynamoDBCoordinatorState implements CoordinatorStateStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#db = documentClient(client);
    this.#table = tableName;
  }

  async scaling(connector: string): Promise<ScalingState | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: keys.connector(connector), sk: keys.scaling },
        ConsistentRead: true,
      }),
    );
    return Item?.state as ScalingState | undefined;
  }

  async saveScaling(connector: string, state: ScalingState): Promise<void> {
    await this.#db.send(
      new PutCommand({
        TableName: this.#table,
        Item: { pk: keys.connector(connector), sk: keys.scaling, state },
      }),
    );
  }

  async markInvoked(
    connector: string,
    task: number,
    now: number,
    graceMs: number,
    version = 0,
  ): Promise<boolean> {
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            pk: keys.connector(connector),
            sk: keys.invocation(task),
            invokedAt: now,
            configVersion: version,
          },
          ConditionExpression:
            'attribute_not_exists(invokedAt) OR invokedAt <= :before OR attribute_not_exists(configVersion) OR configVersion <> :version',
          ExpressionAttributeValues: { ':before': now - graceMs, ':version': version },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async clearInvoked(connector: string, task: number): Promise<void> {
    await this.#db.send(
      new DeleteCommand({
        TableName: this.#table,
        Key: { pk: keys.connector(connector), sk: keys.invocation(task) },
      }),
    );
  }

  async deleteConnector(connector: string): Promise<void> {
    const pk = keys.connector(connector);
    const marks = await queryAll(this.#db, {
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :invocation)',
      ExpressionAttributeValues: { ':pk': pk, ':invocation': keys.invocationPrefix },
    });
    for (const sk of [keys.scaling, ...marks.map((item) => String(item.sk))])
      await this.#db.send(new DeleteCommand({ TableName: this.#table, Key: { pk, sk } }));
  }
}
