// The DynamoDB Local the project starts is real: conditional writes fail as they do in AWS.
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAwsClientConfig, uniqueName } from '../support/local.ts';

describe('DynamoDB Local', () => {
  const client = new DynamoDBClient(localAwsClientConfig);
  const table = uniqueName('smoke');

  beforeAll(async () => {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
  });

  afterAll(async () => {
    await client.send(new DeleteTableCommand({ TableName: table }));
    client.destroy();
  });

  it('creates, refuses a conditional put on an existing item, and reads back the first write', async () => {
    const put = (owner: string) =>
      client.send(
        new PutItemCommand({
          TableName: table,
          Item: { pk: { S: 'lease#orders#0' }, owner: { S: owner }, epoch: { N: '1' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    await put('task-0');
    await expect(put('task-1')).rejects.toBeInstanceOf(ConditionalCheckFailedException);

    const read = await client.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: 'lease#orders#0' } }, ConsistentRead: true }),
    );
    expect(read.Item?.owner?.S).toBe('task-0');
    expect(read.Item?.epoch?.N).toBe('1');
  });
});
