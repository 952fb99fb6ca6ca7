// The DynamoDB coordinator lock against DynamoDB Local and the shared CoordinatorLock contract. The
// lock is one item per table, so every lock under test gets a table of its own.
import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe } from 'vitest';
import { createDynamoDBClient } from '../../../shared/aws/dynamodb-client.ts';
import { DynamoDBCoordinatorLock } from '../../../shared/aws/dynamodb-coordinator-lock.ts';
import { ensureTable } from '../../../shared/aws/table.ts';
import { coordinatorLockContract } from '../../support/coordinator-lock-contract.ts';
import { localAwsClientConfig, uniqueName } from '../../support/local.ts';

let client: DynamoDBClient;
const tables: string[] = [];

beforeAll(() => {
  client = createDynamoDBClient({ config: localAwsClientConfig });
});

afterAll(async () => {
  for (const table of tables) await client.send(new DeleteTableCommand({ TableName: table }));
  client.destroy();
});

describe('DynamoDBCoordinatorLock', () => {
  coordinatorLockContract(
    async () => {
      const table = uniqueName('lock');
      tables.push(table);
      await ensureTable(client, table);
      return new DynamoDBCoordinatorLock({ client, tableName: table });
    },
    { propertyRuns: 15 },
  );
});
