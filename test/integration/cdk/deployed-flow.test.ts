import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentNames } from '../../../shared/aws/environment.ts';
import { type ApiCall, apiCaller, fileSinkThroughApi, runningStatus } from '../../support/api-flow.ts';
import {
  functionRoles,
  type LoadedHandler,
  loadBundledHandler,
  type SynthesizedApp,
  synthesizeApp,
} from '../../support/cloud-assembly.ts';
import { createTopic, produce } from '../../support/kafka.ts';
import { dynamodbEndpoint, kafkaBootstrap, uniqueName } from '../../support/local.ts';
import { LocalLambda } from '../../support/local-lambda.ts';
import { localTable } from '../../support/stores.ts';

const coordinatorName = 'sc-coordinator';
const lambda = new LocalLambda();
const loaded: LoadedHandler[] = [];
let synthesized: SynthesizedApp;
let api: LoadedHandler;
let taskName: string;
let tableClient: Awaited<ReturnType<typeof localTable>>['client'];
let workDir: string;

beforeAll(async () => {
  synthesized = synthesizeApp({ kafkaBootstrapServers: kafkaBootstrap });
  const { client, tableName } = await localTable();
  tableClient = client;
  workDir = await mkdtemp(path.join(tmpdir(), 'sc-deployed-'));
  const endpoint = await lambda.start();
  // What CloudFormation and the Lambda service would provide, pointed at the local servers.
  const deployTime = {
    [environmentNames.tableName]: tableName,
    [environmentNames.coordinatorFunction]: coordinatorName,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
    AWS_ENDPOINT_URL_LAMBDA: endpoint,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'WARN',
  };
  for (const role of functionRoles)
    loaded.push(await loadBundledHandler(synthesized.functions[role], deployTime));
  [api] = loaded as [LoadedHandler];
  taskName = String(synthesized.functions.task.environment[environmentNames.taskFunction]);
  lambda.register(
    coordinatorName,
    loaded[1]!.handler,
    synthesized.functions.coordinator.timeoutSeconds * 1000,
  );
  // Shorter than the deployed timeout so each invocation ends (and continues) within the test.
  lambda.register(taskName, loaded[2]!.handler, 20_000);
}, 180_000);

afterAll(async () => {
  await lambda.stop();
  for (const handler of loaded.reverse()) handler.restoreEnvironment();
  tableClient?.destroy();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const call: ApiCall = (method, urlPath, body) => apiCaller(api.handler as never)(method, urlPath, body);

describe('the bundled functions, wired as the stack wires them', () => {
  it('invoke each other by the names in the template and move every record into the sink', async () => {
    const topic = uniqueName('deployed-flow');
    const name = uniqueName('deployed-connector');
    await createTopic(topic, 2);
    await produce(
      Array.from({ length: 200 }, (_, i) => ({ topic, partition: i % 2, key: null, value: `line-${i}` })),
    );
    const file = path.join(workDir, 'out.txt');

    const lines = await fileSinkThroughApi(call, { name, topic, file, records: 200 });
    expect(new Set(lines).size).toBe(200);
    // The API reached the coordinator by SC_COORDINATOR_FUNCTION_NAME, and the coordinator the task
    // by the fixed name the template gave it in SC_TASK_FUNCTION_NAME.
    expect(lambda.invocations.some((i) => i.functionName === coordinatorName)).toBe(true);
    expect(lambda.invocations.some((i) => i.functionName === taskName)).toBe(true);

    const status = await runningStatus(call, name);
    expect(status.body.connector.state).toBe('RUNNING');
  });
});
