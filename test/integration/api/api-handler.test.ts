// The API Lambda handler end to end on DynamoDB Local: API Gateway events in, Kafka Connect
// responses out, state in the single table. Only the coordinator invocation is replaced (there is no
// Lambda service locally); it records what the API asked for.
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../functions/api/handler.ts';
import { serviceFromEnvironment } from '../../../functions/api/index.ts';
import { DynamoDBCoordinatorState } from '../../../shared/aws/dynamodb-coordinator-state.ts';
import { DynamoDBLeaseStore } from '../../../shared/aws/dynamodb-lease-store.ts';
import { ensureTable } from '../../../shared/aws/table.ts';
import { observe } from '../../../shared/runtime/coordination/scaling-observation.ts';
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

describe('the console through the API function', () => {
  it('serves the lease view from the leases and the coordinator’s last look stored in DynamoDB', async () => {
    const config = { 'connector.class': 'FileStreamSink', topics: 'payments', file: '/tmp/y' };
    expect((await call('POST', '/connectors', { name: 'payments-sink', config })).status).toBe(201);
    const now = Date.now();
    const leases = new DynamoDBLeaseStore({ client, tableName: table });
    await leases.ensure('payments-sink', [{ topic: 'payments', partition: 0 }], now);
    await leases.assign('payments-sink', [{ topic: 'payments', partition: 0, from: null, to: 0 }], now);
    const decided = {
      activeTasks: 1,
      reason: 'running 1 task(s)',
      changedAt: now,
      lowSince: null,
      committedTotal: 0,
      at: now,
      ratePerTask: null,
    };
    await new DynamoDBCoordinatorState(client, table).saveScaling(
      'payments-sink',
      observe({
        previous: undefined,
        decided,
        partitions: [{ topic: 'payments', partition: 0, endOffset: 42, lag: 42 }],
      }),
    );
    const view = await call('GET', '/connectors/payments-sink/leases');
    expect(view).toMatchObject({
      status: 200,
      json: {
        name: 'payments-sink',
        active_tasks: 1,
        observed_at: now,
        partitions: [
          { topic: 'payments', partition: 0, assignee: 0, owner_task: null, end_offset: 42, lag: 42 },
        ],
        autoscaling: { active_tasks: 1, history: [{ at: now, active_tasks: 1 }] },
      },
    });
    expect(await call('GET', '/connectors/nope/leases')).toEqual({
      status: 404,
      json: { error_code: 404, message: 'Connector nope not found' },
    });
  });

  it('serves the console’s files under /ui/ with a strict content security policy', async () => {
    const page = await handler(event('GET', '/ui/'), context);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<script type="module" src="app.js">');
    expect(page.headers?.['content-security-policy']).toContain("default-src 'none'");
    expect((await handler(event('GET', '/ui/app.js'), context)).statusCode).toBe(200);
    expect((await handler(event('GET', '/ui/missing.js'), context)).statusCode).toBe(404);
  });
});
