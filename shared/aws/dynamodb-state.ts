// The DynamoDB adapters a Lambda handler needs, built once at cold start from the environment the
// CDK stack sets (SC_TABLE_NAME) and the one the AWS SDK reads (region, endpoint, credentials).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDBClient, type DynamoDBClientOptions } from './dynamodb-client.ts';
import { DynamoDBCoordinatorLock } from './dynamodb-coordinator-lock.ts';
import { DynamoDBLeaseStore } from './dynamodb-lease-store.ts';
import { environmentNames, requiredEnv } from './environment.ts';

export interface DynamoDBState {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly leases: DynamoDBLeaseStore;
  readonly coordinatorLock: DynamoDBCoordinatorLock;
}

export function dynamoDBStateFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  clientOptions: DynamoDBClientOptions = {},
): DynamoDBState {
  const tableName = requiredEnv(environmentNames.tableName, env);
  const client = createDynamoDBClient(clientOptions, env);
  return {
    client,
    tableName,
    leases: new DynamoDBLeaseStore({ client, tableName }),
    coordinatorLock: new DynamoDBCoordinatorLock({ client, tableName }),
  };
}
