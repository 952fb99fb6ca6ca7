import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../../shared/kafka/index.ts';
import { type ApiCall, apiCaller, fileSinkThroughApi, runningStatus } from '../../support/api-flow.ts';
import { createTopic, produce, testConnection } from '../../support/kafka.ts';
import { localFunctionEnvironment } from '../../support/lambda-environment.ts';
import { uniqueName } from '../../support/local.ts';
import { LocalLambda } from '../../support/local-lambda.ts';
import { fileLines } from '../../support/sink-files.ts';
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

  const call: ApiCall = (method, urlPath, body) => apiCaller(api as never)(method, urlPath, body);

  it('moves every record into the sink and reports RUNNING tasks and committed offsets', async () => {
    const topic = uniqueName('lambda-flow');
    const name = uniqueName('lambda-connector');
    await createTopic(topic, 3);
    await produce(
      Array.from({ length: 300 }, (_, i) => ({ topic, partition: i % 3, key: null, value: `line-${i}` })),
    );
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'sc-lambda-')), 'out.txt');

    const lines = await fileSinkThroughApi(call, { name, topic, file, records: 300 });
    // Exactly the records produced, each once (the file sink is exactly once), not just 300 distinct lines.
    const produced = Array.from({ length: 300 }, (_, i) => `line-${i}`);
    expect(lines).toHaveLength(300);
    expect([...lines].sort()).toEqual([...produced].sort());
    expect(lambda.invocations.some((i) => i.functionName === 'coordinator')).toBe(true);
    expect(lambda.invocations.some((i) => i.functionName === 'task')).toBe(true);

    const status = await runningStatus(call, name);
    expect(status.body.connector.state).toBe('RUNNING');
    // The autoscaler's decision travels with the status (a serverless-connect extension).
    expect(status.body.connector.autoscaling).toMatchObject({ active_tasks: 1 });

    const offsets = await waitFor('offsets at the end of every partition', async () => {
      const response = await call('GET', `/connectors/${name}/offsets`);
      const list = response.body?.offsets as { offset: { kafka_offset: number } }[] | undefined;
      return list?.length === 3 && list.every((o) => o.offset.kafka_offset === 100) ? list : undefined;
    });
    expect(offsets).toHaveLength(3);
    // Read again with every offset committed: a record written twice meanwhile would show now.
    const final = fileLines(file);
    expect(final).toHaveLength(300);
    expect([...final].sort()).toEqual([...produced].sort());
    // Within a partition (line-i went to partition i % 3), in offset order.
    for (let p = 0; p < 3; p++) {
      const inPartition = final.filter((line) => Number(line.slice('line-'.length)) % 3 === p);
      expect(inPartition).toEqual(produced.filter((line) => Number(line.slice('line-'.length)) % 3 === p));
    }
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
