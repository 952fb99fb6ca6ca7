// The real stack, deployed once to LocalStack with `npm run deploy:local` (CloudFormation, API
// Gateway, Lambda through the project's host-node executor, DynamoDB, EventBridge, SQS, CloudWatch,
// Secrets Manager, SSM), driven as a user drives it: through the API Gateway URL, with records on
// the local broker. Several checks share the one deployment (about a minute to deploy).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBLeaseStore } from '../../shared/aws/dynamodb-lease-store.ts';
import type { ApiCall } from '../support/api-flow.ts';
import {
  type ControlPlaneRuntime,
  configChangeMovesRecords,
  taskRestartStartsFreshInvocation,
} from '../support/control-plane.ts';
import {
  busyFunctionProcess,
  type DeployedStack,
  deployStack,
  functionLogText,
  localstackClientConfig,
} from '../support/deployed-stack.ts';
import { createTopic, produce } from '../support/kafka.ts';
import { auditLeaseHistory } from '../support/lease-audit.ts';
import { uniqueName } from '../support/local.ts';
import { createBucket, localStackS3Sink, readObjects, s3TestClient } from '../support/s3.ts';
import { useServices } from '../support/services.ts';
import { fileLines, offsetRecords } from '../support/sink-files.ts';
import { waitFor } from '../support/wait.ts';

const PARTITIONS = 8;
const RECORDS = 20_000;
/** Records per S3 object: 2,500 per partition make 25 whole objects each. */
const FLUSH_SIZE = 100;
const bucket = uniqueName('sc-e2e-archive');
const secrets = new SecretsManagerClient(localstackClientConfig);
const ssm = new SSMClient(localstackClientConfig);
const lambda = new LambdaClient(localstackClientConfig);
const dynamodb = new DynamoDBClient(localstackClientConfig);
const s3 = s3TestClient();
const secretName = uniqueName('sc-e2e-sink');
const parameterName = `/${uniqueName('sc-e2e')}/sink-dir`;
/** The secret value: a file name only the task may see (it must not reach the API, table or logs). */
const secretFile = `${uniqueName('secret-file')}.txt`;
const rotatedFile = `${uniqueName('rotated-file')}.txt`;

let stack: DeployedStack;
let call: ApiCall;
let leases: DynamoDBLeaseStore;
let workDir: string;

beforeAll(async () => {
  await useServices('localstack');
  workDir = await mkdtemp(path.join(tmpdir(), 'sc-stack-'));
  // The config providers' secret and parameter exist before the deploy: the template names them.
  const { ARN } = await secrets.send(
    new CreateSecretCommand({ Name: secretName, SecretString: JSON.stringify({ file: secretFile }) }),
  );
  await ssm.send(new PutParameterCommand({ Name: parameterName, Value: workDir, Type: 'String' }));
  await createBucket(s3, bucket);
  stack = await deployStack({
    context: {
      // Short task invocations: handovers and idle exits within the test's patience.
      taskTimeoutSeconds: '60',
      // LocalStack evaluates an alarm once per period: 1-minute alarms fire within the test's
      // patience, where the default 5-minute ones kept the last test waiting for minutes.
      alarmPeriodMinutes: '1',
      configProviders: JSON.stringify({
        'config.providers': 'secretsmanager,ssm',
        'config.providers.secretsmanager.class':
          'com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider',
        'config.providers.ssm.class': 'com.amazonaws.kafka.config.providers.SsmParamStoreConfigProvider',
      }),
      configProviderSecretArns: ARN!,
      configProviderParameterNames: parameterName,
      s3SinkBuckets: bucket,
    },
  });
  call = stack.call;
  leases = new DynamoDBLeaseStore({ client: dynamodb, tableName: stack.outputs.StateTableName });
}, 600_000);

afterAll(async () => {
  await stack?.destroy();
  await secrets.send(new DeleteSecretCommand({ SecretId: secretName, ForceDeleteWithoutRecovery: true }));
  await ssm.send(new DeleteParameterCommand({ Name: parameterName }));
  for (const client of [secrets, ssm, lambda, dynamodb, s3]) client.destroy();
  if (workDir) await rm(workDir, { recursive: true, force: true });
}, 180_000);

function fileSinkConfig(topic: string, file: string, tasks: number): Record<string, string> {
  return {
    'connector.class': 'FileStreamSink',
    topics: topic,
    file,
    'tasks.max': String(tasks),
    // Exactly tasks.max tasks, so that a change of it moves leases now.
    'tasks.autoscale.enable': 'false',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
  };
}

function s3SinkConfig(topic: string, tasks: number): Record<string, string> {
  return {
    ...localStackS3Sink(bucket),
    topics: topic,
    'tasks.max': String(tasks),
    'tasks.autoscale.enable': 'false',
    's3.path.style.access.enabled': 'true',
    'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
    'flush.size': String(FLUSH_SIZE),
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
  };
}

/** Every record in the bucket's objects (JsonFormat: one JSON value per line), object by object. */
async function s3Records(): Promise<string[]> {
  const values: string[] = [];
  for (const body of (await readObjects(s3, bucket)).values()) {
    for (const line of body.toString('utf8').split('\n')) if (line) values.push(JSON.parse(line));
  }
  return values;
}

/** Waits until the sink file holds `count` lines. */
function linesIn(file: string, count: number): Promise<true> {
  return waitFor(
    `${count} lines in ${path.basename(file)}`,
    () => (fileLines(file).length >= count ? true : undefined),
    150_000,
    500,
  );
}

/**
 * Waits until the connector's task invocations ended (idle) and let go of their leases: from then on
 * only a new coordinator run starts the next one.
 */
function tasksIdle(connector: string): Promise<true> {
  return waitFor(
    'the tasks idle and their leases released',
    async () => ((await leases.list(connector)).every((lease) => lease.owner === null) ? true : undefined),
    120_000,
    1000,
  );
}

/** The TaskErrors alarm of the deployed stack. */
async function taskErrorsAlarm() {
  const [name] = await stack.physicalIds('AWS::CloudWatch::Alarm', 'ServerlessConnectMonitoringTaskErrors');
  const cloudwatch = new CloudWatchClient(localstackClientConfig);
  try {
    const { MetricAlarms } = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [name!] }));
    return MetricAlarms?.[0];
  } finally {
    cloudwatch.destroy();
  }
}

/**
 * The control-plane scenarios' view of the deployed stack: its API, and the invocation holding task
 * 0's lease named by lease epoch and owner (`epochs` collects every epoch seen).
 */
function controlPlaneRuntime(epochs: number[] = []): ControlPlaneRuntime {
  return {
    call,
    dir: workDir,
    currentInvocation: async (name) => {
      const lease = (await leases.list(name)).find((l) => l.owner !== null);
      if (lease) epochs.push(lease.epoch);
      return lease ? `${lease.epoch}:${lease.owner}` : undefined;
    },
    committedOffset: async (name) => (await leases.list(name))[0]?.offset ?? undefined,
  };
}

/** Tasks the leases are assigned to right now. */
async function assignees(connector: string): Promise<Set<number | null>> {
  return new Set((await leases.list(connector)).map((lease) => lease.assignee));
}

describe('the stack deployed to LocalStack', () => {
  it('retries a throwing task invocation, then sends it to the on-failure queue', async () => {
    const sqs = new SQSClient(localstackClientConfig);
    try {
      // Before: the alarm exists and has seen no error (it is checked again in the last test).
      expect((await taskErrorsAlarm())?.StateValue).toMatch(/^(OK|INSUFFICIENT_DATA)$/);
      const marker = uniqueName('not-a-task-event');
      await lambda.send(
        new InvokeCommand({
          FunctionName: stack.outputs.TaskFunctionName,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify({ marker })),
        }),
      );
      // Two retries (5 s apart here: LAMBDA_RETRY_BASE_DELAY), then the destination.
      const record = await waitFor(
        'the failed invocation in the on-failure queue',
        async () => {
          const { Messages } = await sqs.send(
            new ReceiveMessageCommand({ QueueUrl: stack.outputs.TaskFailureQueueUrl, WaitTimeSeconds: 5 }),
          );
          for (const message of Messages ?? []) {
            await sqs.send(
              new DeleteMessageCommand({
                QueueUrl: stack.outputs.TaskFailureQueueUrl,
                ReceiptHandle: message.ReceiptHandle,
              }),
            );
            const body = JSON.parse(message.Body ?? '{}');
            if (JSON.stringify(body.requestPayload ?? {}).includes(marker)) return body;
          }
          return undefined;
        },
        // A LocalStack started without this project's settings retries after 60 and 120 s.
        200_000,
        0,
      );
      expect(record.requestContext).toMatchObject({
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      });
      expect(record.responsePayload.errorMessage).toMatch(/^Not a task event/);
    } finally {
      sqs.destroy();
    }
  }, 240_000);

  it('moves 20,000 records exactly once to S3 through API → coordinator → tasks, across a concurrency change and a killed task', async () => {
    const topic = uniqueName('stack-flow');
    const name = uniqueName('stack-s3');
    await createTopic(topic, PARTITIONS);
    const records = offsetRecords(topic, PARTITIONS, RECORDS);
    await produce(records.slice(0, RECORDS / 2));

    const created = await call('POST', '/connectors', { name, config: s3SinkConfig(topic, 2) });
    expect(created.status).toBe(201);
    await waitFor(
      'a quarter of the records in S3',
      async () => ((await s3Records()).length >= RECORDS / 4 ? true : undefined),
      240_000,
      1000,
    );

    // Concurrency change mid-stream: leases move to four tasks while records flow.
    expect((await call('PUT', `/connectors/${name}/config`, s3SinkConfig(topic, 4))).status).toBe(200);
    await waitFor(
      'leases assigned to tasks 0-3',
      async () => ((await assignees(name)).size === 4 ? true : undefined),
      120_000,
      500,
    );
    await produce(records.slice(RECORDS / 2));

    // One task invocation killed mid-batch (its runtime process, as Lambda would lose a sandbox).
    const pid = await waitFor(
      'a task invocation at work',
      () => busyFunctionProcess(stack.outputs.TaskFunctionName),
      120_000,
      0,
    );
    process.kill(pid, 'SIGKILL');

    const delivered = await waitFor(
      'every record in S3',
      async () => {
        const all = await s3Records();
        return all.length >= RECORDS ? all : undefined;
      },
      300_000,
      2000,
    );
    // Exactly once: the killed invocation's objects were written again under the same keys.
    expect(delivered).toHaveLength(RECORDS);
    expect(new Set(delivered)).toEqual(new Set(records.map((r) => r.value)));
    expect(auditLeaseHistory(await leases.events(name)).violations).toEqual([]);
    expect([...(await assignees(name))].sort()).toEqual([0, 1, 2, 3]);
  });

  it('runs the coordinator on its schedule: records produced with no API call still arrive', async () => {
    const topic = uniqueName('stack-schedule');
    const name = uniqueName('stack-scheduled');
    const file = path.join(workDir, `${name}.txt`);
    await createTopic(topic, 2);
    const records = offsetRecords(topic, 2, 100);
    await produce(records.slice(0, 50));
    expect((await call('POST', '/connectors', { name, config: fileSinkConfig(topic, file, 1) })).status).toBe(
      201,
    );
    await linesIn(file, 50);
    // Only a new coordinator run (the EventBridge schedule, every minute) can start the next task.
    await tasksIdle(name);
    await produce(records.slice(50));
    await waitFor(
      'the other 50 records, through a scheduled coordinator run',
      () => (new Set(fileLines(file)).size >= 100 ? true : undefined),
      150_000,
      1000,
    );
  });

  it('pauses, resumes and deletes a connector', async () => {
    const topic = uniqueName('stack-lifecycle');
    const name = uniqueName('stack-lifecycle');
    const file = path.join(workDir, `${name}.txt`);
    await createTopic(topic, 2);
    const records = offsetRecords(topic, 2, 40);
    await produce(records.slice(0, 20));
    expect((await call('POST', '/connectors', { name, config: fileSinkConfig(topic, file, 1) })).status).toBe(
      201,
    );
    await linesIn(file, 20);

    expect((await call('PUT', `/connectors/${name}/pause`)).status).toBe(202);
    await waitFor(
      'PAUSED',
      async () => {
        const { body } = await call('GET', `/connectors/${name}/status`);
        return body.connector.state === 'PAUSED' &&
          body.tasks.every((t: { state: string }) => t.state === 'PAUSED')
          ? true
          : undefined;
      },
      120_000,
      500,
    );
    await waitFor(
      'paused leases unassigned',
      async () => ([...(await assignees(name))].every((a) => a === null) ? true : undefined),
      120_000,
      500,
    );
    await produce(records.slice(20));
    const whilePaused = fileLines(file).length;

    expect((await call('PUT', `/connectors/${name}/resume`)).status).toBe(202);
    await waitFor(
      'all 40 records after the resume',
      () => (new Set(fileLines(file)).size >= 40 ? true : undefined),
      120_000,
      500,
    );
    expect(whilePaused).toBe(20);

    expect((await call('DELETE', `/connectors/${name}`)).status).toBe(204);
    expect((await call('GET', `/connectors/${name}`)).status).toBe(404);
    expect((await call('GET', '/connectors')).body).not.toContain(name);
    await waitFor('its leases gone', async () => ((await leases.list(name)).length === 0 ? true : undefined));
  });

  it('PUT config with a new file mid-stream: records produced a second after it are in the new file, every record once', async () => {
    await configChangeMovesRecords(controlPlaneRuntime());
  });

  it('POST tasks/0/restart of a RUNNING task: a fresh invocation takes the lease at a new epoch', async () => {
    const epochs: number[] = [];
    const tookMs = await taskRestartStartsFreshInvocation(controlPlaneRuntime(epochs));
    console.info(`restart on LocalStack: a fresh invocation held the lease ${tookMs} ms after the request`);
    expect(Math.max(...epochs)).toBeGreaterThan(epochs[0]!);
  });

  it('a connector created before its records arrive moves the first record', async () => {
    const topic = uniqueName('stack-early');
    const name = uniqueName('stack-early');
    const file = path.join(workDir, `${name}.txt`);
    await createTopic(topic, 1);
    expect((await call('POST', '/connectors', { name, config: fileSinkConfig(topic, file, 1) })).status).toBe(
      201,
    );
    await waitFor('the connector leased', async () =>
      (await leases.list(name)).length === 1 ? true : undefined,
    );
    const producedAt = Date.now();
    await produce([{ topic, partition: 0, key: null, value: 'first' }]);
    await waitFor('the first record', () => (fileLines(file).length >= 1 ? true : undefined), 150_000, 250);
    console.info(`first record on LocalStack: in the file ${Date.now() - producedAt} ms after its produce`);
    expect(fileLines(file)).toEqual(['first']);
    expect((await call('DELETE', `/connectors/${name}`)).status).toBe(204);
  });

  it('resolves Secrets Manager and SSM references in the task, picks up a rotated secret, and shows the value nowhere', async () => {
    const topic = uniqueName('stack-secret');
    const name = uniqueName('stack-secret');
    await createTopic(topic, 1);
    const records = offsetRecords(topic, 1, 20);
    await produce(records.slice(0, 10));
    const reference = `\${ssm::${parameterName}}/\${secretsmanager:${secretName}:file}`;
    const created = await call('POST', '/connectors', { name, config: fileSinkConfig(topic, reference, 1) });
    expect(created.status).toBe(201);
    await linesIn(path.join(workDir, secretFile), 10);

    // Rotation: once the running invocation has ended, the next one reads the new value.
    await tasksIdle(name);
    await secrets.send(
      new PutSecretValueCommand({
        SecretId: secretName,
        SecretString: JSON.stringify({ file: rotatedFile }),
      }),
    );
    await produce(records.slice(10));
    expect((await call('POST', `/connectors/${name}/tasks/0/restart`)).status).toBe(204);
    await linesIn(path.join(workDir, rotatedFile), 10);
    expect(fileLines(path.join(workDir, secretFile))).toHaveLength(10);

    // The value reached the task only: not the API, not the table, not the functions' logs.
    const config = await call('GET', `/connectors/${name}/config`);
    expect(config.body.file).toBe(reference);
    const everything = JSON.stringify(await call('GET', `/connectors?expand=status&expand=info`));
    const table = JSON.stringify(
      (await dynamodb.send(new ScanCommand({ TableName: stack.outputs.StateTableName }))).Items,
    );
    const ours = await stack.physicalIds('AWS::Lambda::Function');
    expect(ours).toHaveLength(3); // api, coordinator, task
    const logs = await Promise.all(ours.map(functionLogText));
    for (const [where, text] of [
      ['API', everything],
      ['table', table],
      ['logs', logs.join('\n')],
    ] as const) {
      expect(text.includes(secretFile), `the secret value in the ${where}`).toBe(false);
      expect(text.includes(rotatedFile), `the rotated secret value in the ${where}`).toBe(false);
    }
    expect(logs.join('\n').length).toBeGreaterThan(0);
  });

  // Last, so that the wait overlaps the tests above: LocalStack evaluates each alarm once per
  // period (1 minute here) from the deployment on.
  it('fires the TaskErrors alarm for the failed task invocations', async () => {
    const state = await waitFor(
      'the TaskErrors alarm in ALARM',
      async () => {
        const value = (await taskErrorsAlarm())?.StateValue;
        return value === 'ALARM' ? value : undefined;
      },
      400_000,
      5000,
    );
    expect(state).toBe('ALARM');
  }, 420_000);
});
