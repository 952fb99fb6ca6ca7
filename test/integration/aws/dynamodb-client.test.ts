// The client factory reaches DynamoDB Local through the SDK's own environment variables, and the
// request counter sees every command a store sends.
import {
  DeleteTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  countRequests,
  createDynamoDBClient,
  defaultMaxAttempts,
} from '../../../shared/aws/dynamodb-client.ts';
import { dynamoDBStateFromEnvironment } from '../../../shared/aws/dynamodb-state.ts';
import { ensureTable } from '../../../shared/aws/table.ts';
import { dynamodbEndpoint, localAwsClientConfig, uniqueName } from '../../support/local.ts';

const saved = { ...process.env };

afterEach(() => {
  for (const name of [
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_DYNAMODB',
    'AWS_REGION',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_MAX_ATTEMPTS',
  ]) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('createDynamoDBClient', () => {
  it.each(['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_DYNAMODB'])(
    'takes endpoint (%s), region and credentials from the environment the AWS SDK reads',
    async (variable) => {
      Object.assign(process.env, {
        [variable]: dynamodbEndpoint,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      });
      const client = createDynamoDBClient();
      try {
        const tables = await client.send(new ListTablesCommand({}));
        expect(Array.isArray(tables.TableNames)).toBe(true);
      } finally {
        client.destroy();
      }
    },
  );

  it('retries with the default number of attempts unless AWS_MAX_ATTEMPTS or an option says otherwise', async () => {
    delete process.env.AWS_MAX_ATTEMPTS;
    const byDefault = createDynamoDBClient({ config: localAwsClientConfig });
    process.env.AWS_MAX_ATTEMPTS = '2';
    const fromEnvironment = createDynamoDBClient({ config: localAwsClientConfig });
    const fromOption = createDynamoDBClient({ maxAttempts: 7, config: localAwsClientConfig });
    try {
      expect(await byDefault.config.maxAttempts()).toBe(defaultMaxAttempts);
      expect(await fromEnvironment.config.maxAttempts()).toBe(2);
      expect(await fromOption.config.maxAttempts()).toBe(7);
    } finally {
      for (const client of [byDefault, fromEnvironment, fromOption]) client.destroy();
    }
  });
});

describe('countRequests', () => {
  it('counts commands by name, failed ones included, and can start over', async () => {
    const client = createDynamoDBClient({ config: localAwsClientConfig });
    try {
      const requests = countRequests(client);
      await client.send(new ListTablesCommand({}));
      await client.send(new ListTablesCommand({}));
      await expect(
        client.send(new DescribeTableCommand({ TableName: uniqueName('missing') })),
      ).rejects.toBeInstanceOf(ResourceNotFoundException);
      expect(requests.total).toBe(3);
      expect(requests.byCommand).toEqual({ ListTablesCommand: 2, DescribeTableCommand: 1 });
      expect(requests.attempts).toBe(3);
      requests.reset();
      expect(requests.total).toBe(0);
      expect(requests.byCommand).toEqual({});
      await client.send(new ListTablesCommand({}));
      expect(requests.byCommand).toEqual({ ListTablesCommand: 1 });
    } finally {
      client.destroy();
    }
  });
});

describe('dynamoDBStateFromEnvironment', () => {
  it('refuses to start without SC_TABLE_NAME, naming the variable', () => {
    expect(() => dynamoDBStateFromEnvironment({})).toThrow('Environment variable SC_TABLE_NAME is not set');
  });

  it('builds the lease store and coordinator lock on the named table', async () => {
    const table = uniqueName('state');
    const state = dynamoDBStateFromEnvironment({ SC_TABLE_NAME: table }, { config: localAwsClientConfig });
    try {
      await ensureTable(state.client, table);
      await state.leases.ensure('c', [{ topic: 't', partition: 0 }], 1);
      expect(await state.leases.list('c')).toMatchObject([{ topic: 't', partition: 0, epoch: 0 }]);
      expect(await state.coordinatorLock.tryAcquire('coordinator-1', 1000, 1)).toMatchObject({
        acquired: true,
      });
      await state.client.send(new DeleteTableCommand({ TableName: table }));
    } finally {
      state.client.destroy();
    }
  });
});
