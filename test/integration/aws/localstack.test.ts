// LocalStack as the project runs it (npm run infra:up -- localstack): in-host, offline, with S3,
// DynamoDB (the project's DynamoDB Local behind it) and Lambda through the project's host-node
// executor, which must behave like Lambda where the project relies on it: the handler's result and
// context, a thrown error, the timeout, a runtime killed mid-invocation.
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../../../scripts/infra/settings.ts';
import { uniqueName } from '../../support/local.ts';
import { useServices } from '../../support/services.ts';
import { waitFor } from '../../support/wait.ts';
import { zipFiles } from '../../support/zip.ts';

const clientConfig = {
  endpoint: endpoints.localstack,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};
const lambda = new LambdaClient(clientConfig);
const created: string[] = [];

// The first start installs LocalStack (a few minutes) unless `npm run infra:fetch` did.
beforeAll(async () => {
  await useServices('localstack');
}, 600_000);

afterAll(async () => {
  for (const name of created) await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
  lambda.destroy();
});

describe('LocalStack in-host', () => {
  it('stores and returns S3 objects (path-style, as the SDK sends them with forcePathStyle)', async () => {
    const bucket = uniqueName('sc-bucket');
    expect((await fetch(`${endpoints.localstack}/${bucket}`, { method: 'PUT' })).status).toBe(200);
    const put = await fetch(`${endpoints.localstack}/${bucket}/a/b.json`, { method: 'PUT', body: '{"x":1}' });
    expect(put.status).toBe(200);
    const got = await fetch(`${endpoints.localstack}/${bucket}/a/b.json`);
    expect(await got.text()).toBe('{"x":1}');
    expect((await fetch(`${endpoints.localstack}/${bucket}/missing`)).status).toBe(404);
  });

  it('serves DynamoDB from the DynamoDB Local the project fetched (nothing downloaded)', async () => {
    const client = new DynamoDBClient(clientConfig);
    const table = uniqueName('sc-table');
    await client.send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'k' }, v: { N: '7' } } }));
    const item = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'k' } } }));
    expect(item.Item?.v).toEqual({ N: '7' });
    client.destroy();
  });
});

// One function, asked by its event to answer, throw, sleep past its timeout or report its pid.
const probeFunction = `
export const handler = async (event, context) => {
  console.log('probe event', JSON.stringify(event));
  if (event.throw) throw new TypeError(event.throw);
  if (event.sleepMs) await new Promise((resolve) => setTimeout(resolve, event.sleepMs));
  return {
    event,
    pid: process.pid,
    node: process.version,
    functionName: context.functionName,
    requestId: context.awsRequestId,
    remainingMs: context.getRemainingTimeInMillis(),
    endpoint: process.env.AWS_ENDPOINT_URL,
  };
};
`;

async function createProbe(timeoutSeconds: number): Promise<string> {
  const name = uniqueName('sc-probe');
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Role: 'arn:aws:iam::000000000000:role/probe',
      Code: { ZipFile: zipFiles({ 'index.mjs': probeFunction }) },
      Timeout: timeoutSeconds,
      Architectures: ['arm64'],
    }),
  );
  created.push(name);
  await waitFor(`function ${name} Active`, async () => {
    const { Configuration } = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    return Configuration?.State === 'Active' ? true : undefined;
  });
  return name;
}

async function invoke(name: string, event: unknown) {
  const response = await lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)) }),
  );
  return {
    functionError: response.FunctionError,
    body: JSON.parse(Buffer.from(response.Payload ?? []).toString('utf8')),
  };
}

describe('the host-node Lambda executor', () => {
  let name: string;
  beforeAll(async () => {
    name = await createProbe(2);
  });

  it('runs the handler with the project Node, a Lambda context and LocalStack as the AWS endpoint', async () => {
    const { functionError, body } = await invoke(name, { hello: 'world' });
    expect(functionError).toBeUndefined();
    expect(body.event).toEqual({ hello: 'world' });
    expect(body.node).toBe(process.version);
    expect(body.functionName).toBe(name);
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.remainingMs).toBeGreaterThan(0);
    expect(body.remainingMs).toBeLessThanOrEqual(2000);
    expect(body.endpoint).toBe(endpoints.localstack);
  });

  it("answers a thrown error in Lambda's shape", async () => {
    const { functionError, body } = await invoke(name, { throw: 'bad record' });
    expect(functionError).toBe('Unhandled');
    expect(body).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad record' });
  });

  it('stops an invocation at the timeout and starts the runtime again for the next one', async () => {
    const { body: before } = await invoke(name, {});
    const { functionError, body } = await invoke(name, { sleepMs: 10_000 });
    expect(functionError).toBe('Unhandled');
    expect(body.errorType).toBe('Sandbox.Timedout');
    expect(body.errorMessage).toMatch(/Task timed out after 2\.00 seconds/);
    const { functionError: next, body: after } = await invoke(name, {});
    expect(next).toBeUndefined();
    expect(after.pid).not.toBe(before.pid);
  });

  it('reports a runtime killed mid-invocation as Runtime.ExitError', async () => {
    const { body: running } = await invoke(name, {});
    const pending = invoke(name, { sleepMs: 1500 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(running.pid, 'SIGKILL');
    const { functionError, body } = await pending;
    expect(functionError).toBe('Unhandled');
    expect(body).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: 'Runtime exited with error: signal: killed',
    });
    expect((await invoke(name, {})).functionError).toBeUndefined();
  });
});
