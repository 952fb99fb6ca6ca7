// `serverless-connect console --endpoint`: the console served on 127.0.0.1 and its API calls
// forwarded to the API function — the very bundle the stack deploys (esbuild, the console's files
// beside it), run locally on DynamoDB Local — behind a stand-in for API Gateway's IAM authorization,
// which checks that every request carries a SigV4 signature for the right host, region and service,
// made with the credentials of the default provider chain (here: the environment).
import fs from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectFunction } from '../../../cdk/lib/connect-function.ts';
import { environmentNames } from '../../../shared/aws/environment.ts';
import { ensureTable } from '../../../shared/aws/table.ts';
import {
  type ConsoleProxy,
  regionOfEndpoint,
  startConsoleProxy,
} from '../../../shared/standalone/console-proxy.ts';
import { type GatewayStandIn, startGatewayStandIn } from '../../support/api-gateway-stand-in.ts';
import { type LoadedHandler, loadBundledHandler, readLambdaBundles } from '../../support/cloud-assembly.ts';
import { dynamodbEndpoint, localAwsClientConfig, uniqueName } from '../../support/local.ts';
import { LocalLambda } from '../../support/local-lambda.ts';

const REGION = 'eu-west-1';
const credentials = { accessKeyId: 'AKIACONSOLETEST', secretAccessKey: 'console-test-secret-key' };
const client = new DynamoDBClient(localAwsClientConfig);
const table = uniqueName('console-proxy');
const savedEnv = { ...process.env };
const lambda = new LocalLambda();
let outdir: string;
let bundle: LoadedHandler;
let gateway: GatewayStandIn;
let proxy: ConsoleProxy;

/** The API function as the stack bundles it, synthesized into a throwaway assembly. */
function synthesizeApiFunction(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-console-api-'));
  const app = new App({ outdir: dir });
  const stack = new Stack(app, 'ConsoleApi');
  new ConnectFunction(stack, 'Api', {
    entryFolder: 'api',
    description: 'console proxy test',
    settings: { memorySize: 256, timeout: Duration.seconds(30) },
    environment: {
      [environmentNames.tableName]: table,
      [environmentNames.coordinatorFunction]: 'coordinator',
    },
    logRetention: logs.RetentionDays.ONE_DAY,
    logRemovalPolicy: RemovalPolicy.DESTROY,
    staticFiles: { from: 'shared/runtime/management/console/ui', to: 'console' },
  });
  app.synth();
  return dir;
}

beforeAll(async () => {
  await ensureTable(client, table);
  outdir = synthesizeApiFunction();
  const [fn] = readLambdaBundles(outdir, 'ConsoleApi');
  // The API nudges the coordinator after each change; here nobody needs to act on it.
  lambda.register('coordinator', async () => ({}));
  bundle = await loadBundledHandler(fn!, {
    AWS_REGION: localAwsClientConfig.region,
    AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
    AWS_ENDPOINT_URL_LAMBDA: await lambda.start(),
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
    // The default provider chain reads these first: the proxy signs with them (DynamoDB Local
    // accepts any).
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  gateway = await startGatewayStandIn({
    handler: bundle.handler as (
      event: APIGatewayProxyEvent,
      context: Context,
    ) => Promise<APIGatewayProxyResult>,
    stage: 'prod',
    region: REGION,
    credentials,
  });
  proxy = await startConsoleProxy({ endpoint: gateway.url, region: REGION, port: 0 });
}, 180_000);

afterAll(async () => {
  await proxy?.close();
  await gateway?.close();
  await lambda.stop();
  bundle?.restoreEnvironment();
  process.env = savedEnv;
  if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  await client.send(new DeleteTableCommand({ TableName: table }));
  client.destroy();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${proxy.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) };
}

describe('console --endpoint', () => {
  it('forwards the console’s API calls signed with SigV4 for the endpoint’s host, region and service', async () => {
    const config = { 'connector.class': 'FileStreamSink', topics: 'orders', file: '/tmp/console-proxy.txt' };
    expect((await call('GET', '/connectors')).json()).toEqual([]);
    expect((await call('POST', '/connectors', { name: 'via-proxy', config })).status).toBe(201);
    expect((await call('GET', '/connectors?expand=status&expand=info')).json()).toHaveProperty('via-proxy');
    expect((await call('GET', '/connectors/via-proxy/leases')).json()).toMatchObject({ name: 'via-proxy' });
    const validate = await call('PUT', '/connector-plugins/FileStreamSink/config/validate', {
      ...config,
      'tasks.max': 'zero',
    });
    expect(validate.json().error_count).toBeGreaterThan(0);
    expect((await call('DELETE', '/connectors/via-proxy')).status).toBe(204);

    const host = new URL(gateway.url).host;
    expect(gateway.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /prod/connectors',
      'POST /prod/connectors',
      'GET /prod/connectors?expand=status&expand=info',
      'GET /prod/connectors/via-proxy/leases',
      'PUT /prod/connector-plugins/FileStreamSink/config/validate',
      'DELETE /prod/connectors/via-proxy',
    ]);
    for (const request of gateway.requests) {
      expect(request).toMatchObject({
        valid: true,
        host,
        accessKeyId: credentials.accessKeyId,
        region: REGION,
        service: 'execute-api',
      });
      expect(request.signedHeaders).toContain('host');
      expect(request.signedHeaders).toContain('x-amz-date');
    }
  });

  it('serves the console itself without calling the API', async () => {
    const before = gateway.requests.length;
    const page = await call('GET', '/ui/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('src="app.js"');
    expect(gateway.requests.length).toBe(before);
  });

  it('passes on API Gateway’s refusal when the signature is for another region', async () => {
    const wrong = await startConsoleProxy({ endpoint: gateway.url, region: 'us-east-1', port: 0 });
    try {
      const response = await fetch(`${wrong.url}/connectors`);
      expect(response.status).toBe(403);
      expect(gateway.requests.at(-1)).toMatchObject({ valid: false, region: 'us-east-1' });
    } finally {
      await wrong.close();
    }
  });

  it('forwards nothing for other web origins, other host names or non-JSON bodies', async () => {
    const before = gateway.requests.length;
    const foreign = await call('GET', '/connectors', undefined, { origin: 'https://attacker.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.json()).toMatchObject({ error_code: 403 });
    // A page on another name that resolves to 127.0.0.1 (DNS rebinding); fetch cannot set Host.
    const rebound = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(proxy.url);
      request(
        { host: '127.0.0.1', port, path: '/connectors', headers: { host: `attacker.example:${port}` } },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      )
        .on('error', reject)
        .end();
    });
    expect(rebound).toBe(403);
    const form = await call('POST', '/connectors', '{"name":"x","config":{}}', {
      'content-type': 'text/plain',
    });
    expect(form.status).toBe(415);
    expect(gateway.requests.length).toBe(before);
  });
});

describe('regionOfEndpoint', () => {
  it('reads the region from execute-api host names', () => {
    expect(regionOfEndpoint(new URL('https://abc123.execute-api.eu-central-1.amazonaws.com/prod'))).toBe(
      'eu-central-1',
    );
    expect(regionOfEndpoint(new URL('https://abc.execute-api.cn-north-1.amazonaws.com.cn/prod'))).toBe(
      'cn-north-1',
    );
    expect(regionOfEndpoint(new URL('https://api.example.com/prod'))).toBeUndefined();
  });
});
