// The API Lambda handler end to end on DynamoDB Local: API Gateway events in, Kafka Connect
// responses out, state in the single table. Only the coordinator invocation is replaced (there is no
// Lambda service locally); it records what the API asked for.
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../functions/api/handler.ts';
import { serviceFromEnvironment } from '../../../functions/api/index.ts';
import { ensureTable } from '../../../shared/aws/table.ts';
import { localAwsClientConfig, uniqueName } from '../../support/local.ts';

const client = new DynamoDBClient(localAwsClientConfig);
const table = uniqueName('rest-api');
const triggered: (string | undefined)[] = [];

const handler = createApiHandler({
  service: () =>
    serviceFromEnvironment(
      { SC_TABLE_NAME: table },
      { dynamodb: client, trigger: { reconcile: async (connector) => void triggered.push(connector) } },
    ),
});

const context = {
  functionName: 'api',
  awsRequestId: 'req-1',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:api',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

function event(
  method: string,
  path: string,
  body?: unknown,
  query?: Record<string, string[]>,
): APIGatewayProxyEvent {
  return {
    httpMethod: method,
    path,
    body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    headers: { 'Content-Type': 'application/json' },
    multiValueHeaders: {},
    queryStringParameters: query
      ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v[0]!]))
      : null,
    multiValueQueryStringParameters: query ?? null,
    pathParameters: null,
    stageVariables: null,
    resource: '/{proxy+}',
    requestContext: {} as APIGatewayProxyEvent['requestContext'],
  };
}

async function call(method: string, path: string, body?: unknown, query?: Record<string, string[]>) {
  const result = await handler(event(method, path, body, query), context);
  return { status: result.statusCode, json: result.body === '' ? undefined : JSON.parse(result.body) };
}

beforeAll(async () => {
  await ensureTable(client, table);
});

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: table }));
  client.destroy();
});

describe('API Lambda handler on DynamoDB Local', () => {
  it('manages a connector through API Gateway events', async () => {
    const config = { 'connector.class': 'FileStreamSink', topics: 'orders', file: '/tmp/x' };
    expect(await call('POST', '/connectors', { name: 'orders-sink', config })).toMatchObject({
      status: 201,
      json: { name: 'orders-sink', tasks: [{ connector: 'orders-sink', task: 0 }], type: 'sink' },
    });
    expect(triggered).toEqual(['orders-sink']);
    expect((await call('POST', '/connectors', { name: 'orders-sink', config })).status).toBe(409);
    expect((await call('GET', '/connectors')).json).toEqual(['orders-sink']);
    const expanded = await call('GET', '/connectors', undefined, { expand: ['status', 'info'] });
    expect(expanded.json['orders-sink'].status.connector.state).toBe('UNASSIGNED');
    expect(expanded.json['orders-sink'].info.config.file).toBe('/tmp/x');

    expect((await call('PUT', '/connectors/orders-sink/stop')).status).toBe(204);
    const offsets = {
      offsets: [{ partition: { kafka_topic: 'orders', kafka_partition: 0 }, offset: { kafka_offset: 10 } }],
    };
    expect((await call('PATCH', '/connectors/orders-sink/offsets', offsets)).status).toBe(200);
    expect((await call('GET', '/connectors/orders-sink/offsets')).json).toEqual(offsets);
    expect((await call('DELETE', '/connectors/orders-sink/offsets')).status).toBe(200);
    expect((await call('GET', '/connectors/orders-sink/offsets')).json).toEqual({ offsets: [] });

    expect((await call('POST', '/connectors', '{not json')).status).toBe(400);
    expect((await call('DELETE', '/connectors/orders-sink')).status).toBe(204);
    expect((await call('GET', '/connectors/orders-sink')).status).toBe(404);
    expect((await call('GET', '/connectors')).json).toEqual([]);
  });
});
