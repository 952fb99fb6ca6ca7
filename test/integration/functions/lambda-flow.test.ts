// The three Lambda handlers together, as deployed: the API stores a connector and triggers the
// coordinator through the real Lambda client; the coordinator leases partitions and invokes the
// task function; tasks move records from the local broker into the file sink, and the API reports
// their status and offsets. Only the Lambda service itself is a local stand-in.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../../shared/kafka/index.ts';
import { createTopic, produce, testConnection } from '../../support/kafka.ts';
import { apiEvent, localFunctionEnvironment } from '../../support/lambda-environment.ts';
import { uniqueName } from '../../support/local.ts';
import { LocalLambda } from '../../support/local-lambda.ts';
import { localTable } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

describe('API → coordinator → tasks, through the Lambda handlers', () => {
  const lambda = new LocalLambda();
  const saved = { ...process.env };
  let api: Handler;
  let tableClient: Awaited<ReturnType<typeof localTable>>['client'];

  beforeAll(async () => {
    const { client, tableName } = await localTable();
    tableClient = client;
    Object.assign(process.env, localFunctionEnvironment(tableName, await lambda.start()));
    // Imported after the environment is set: the handlers build their clients from it, as at a cold start.
    api = (await import('../../../functions/api/index.ts')).handler as unknown as Handler;
    const coordinator = (await import('../../../functions/coordinator/index.ts'))
      .handler as unknown as Handler;
    const task = (await import('../../../functions/task/index.ts')).handler as unknown as Handler;
    lambda.register('coordinator', coordinator);
    lambda.register('task', task, 20_000);
  });

  afterAll(async () => {
    await lambda.stop();
    tableClient.destroy();
    process.env = saved;
  });

  const call = async (method: string, urlPath: string, body?: unknown) => {
    const response = (await api(apiEvent(method, urlPath, body), {
      functionName: 'api',
      awsRequestId: 'local',
    })) as {
      statusCode: number;
      body: string;
    };
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
  };

  it('moves every record into the sink and reports RUNNING tasks and committed offsets', async () => {
    const topic = uniqueName('lambda-flow');
    const name = uniqueName('lambda-connector');
    await createTopic(topic, 3);
    await produce(
      Array.from({ length: 300 }, (_, i) => ({ topic, partition: i % 3, key: null, value: `line-${i}` })),
    );
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'sc-lambda-')), 'out.txt');

    const created = await call('POST', '/connectors', {
      name,
      config: {
        'connector.class': 'FileStreamSink',
        topics: topic,
        file,
        'tasks.max': '1',
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      },
    });
    expect(created.status).toBe(201);

    const lines = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
    await waitFor(
      '300 lines in the sink file',
      () => (lines().length >= 300 ? true : undefined),
      90_000,
      200,
    );
    expect(new Set(lines()).size).toBe(300);
    expect(lambda.invocations.some((i) => i.functionName === 'coordinator')).toBe(true);
    expect(lambda.invocations.some((i) => i.functionName === 'task')).toBe(true);

    const status = await waitFor('a RUNNING task in the status', async () => {
      const response = await call('GET', `/connectors/${name}/status`);
      return response.body?.tasks?.[0]?.state === 'RUNNING' ? response : undefined;
    });
    expect(status.body.connector.state).toBe('RUNNING');
    // The autoscaler's decision travels with the status (a serverless-connect extension).
    expect(status.body.connector.autoscaling).toMatchObject({ active_tasks: 1 });

    const offsets = await waitFor('offsets at the end of every partition', async () => {
      const response = await call('GET', `/connectors/${name}/offsets`);
      const list = response.body?.offsets as { offset: { kafka_offset: number } }[] | undefined;
      return list?.length === 3 && list.every((o) => o.offset.kafka_offset === 100) ? list : undefined;
    });
    expect(offsets).toHaveLength(3);
    // Standard lag tools see the same progress in the consumer group connect-<name>.
    const admin = createAdmin(testConnection);
    try {
      const group = await waitFor('offsets mirrored to the consumer group', async () => {
        const offsets = await admin.fetchGroupOffsets(`connect-${name}`, [topic]);
        return offsets.length === 3 && offsets.every((o) => o.offset === 100) ? offsets : undefined;
      });
      expect(group.map((o) => o.partition).sort()).toEqual([0, 1, 2]);
    } finally {
      await admin.close();
    }
    const topics = await call('GET', `/connectors/${name}/topics`);
    expect(topics.body).toEqual({ [name]: { topics: [topic] } });
  });
});
