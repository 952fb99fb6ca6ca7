// A source connector through the same Lambda handlers as sinks: the API stores FileStreamSource,
// the coordinator leases its task config and invokes the task function, which reads the file into
// the topic and continues in a fresh invocation when its time budget ends; deleting the connector
// takes the lease away and the last invocation stops.
import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiCall, apiCaller } from '../../support/api-flow.ts';
import { createTopic } from '../../support/kafka.ts';
import { localFunctionEnvironment } from '../../support/lambda-environment.ts';
import { uniqueName } from '../../support/local.ts';
import { LocalLambda } from '../../support/local-lambda.ts';
import { readTopic, waitForRecords } from '../../support/source.ts';
import { localTable } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

describe('a source connector through the Lambda handlers', () => {
  const lambda = new LocalLambda();
  const saved = { ...process.env };
  let api: Handler;
  let tableClient: Awaited<ReturnType<typeof localTable>>['client'];

  beforeAll(async () => {
    const { client, tableName } = await localTable();
    tableClient = client;
    Object.assign(process.env, localFunctionEnvironment(tableName, await lambda.start()));
    api = (await import('../../../functions/api/index.ts')).handler as unknown as Handler;
    lambda.register(
      'coordinator',
      (await import('../../../functions/coordinator/index.ts')).handler as never,
    );
    // A short timeout: the task's budget (timeout minus its safety margin) ends within seconds.
    lambda.register('task', (await import('../../../functions/task/index.ts')).handler as never, 18_000);
  });

  afterAll(async () => {
    await lambda.stop();
    tableClient.destroy();
    process.env = saved;
  });

  const call: ApiCall = (method, urlPath, body) => apiCaller(api as never)(method, urlPath, body);

  it('reads the file into the topic across invocations and stops when the connector is deleted', async () => {
    const topic = uniqueName('lambda-source');
    const name = uniqueName('lambda-file-source');
    await createTopic(topic, 1);
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'sc-lambda-source-')), 'in.txt');
    await writeFile(file, 'one\ntwo\n');
    const created = await call('POST', '/connectors', {
      name,
      config: {
        'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector',
        file,
        topic,
        'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.type).toBe('source');
    await waitForRecords(topic, 2);

    // The first invocation's budget ends; the continuation keeps reading.
    await waitFor(
      'a continuation of the source task',
      () => (lambda.invocations.filter((i) => i.functionName === 'task').length >= 2 ? true : undefined),
      60_000,
    );
    await appendFile(file, 'three\n');
    await waitForRecords(topic, 3);
    expect((await readTopic(topic)).map((r) => r.value?.toString())).toEqual(['one', 'two', 'three']);
    const status = await waitFor('a RUNNING source task', async () => {
      const response = await call('GET', `/connectors/${name}/status`);
      return response.body?.tasks?.[0]?.state === 'RUNNING' ? response.body : undefined;
    });
    expect(status).toMatchObject({ type: 'source', connector: { state: 'RUNNING' } });
    const offsets = await waitFor('the offset after the third line', async () => {
      const body = (await call('GET', `/connectors/${name}/offsets`)).body;
      return body?.offsets?.[0]?.offset?.position === 14 ? body : undefined;
    });
    expect(offsets).toEqual({ offsets: [{ partition: { filename: file }, offset: { position: 14 } }] });

    expect((await call('DELETE', `/connectors/${name}`)).status).toBe(204);
    const tasks = lambda.invocations.filter((i) => i.functionName === 'task');
    const outcomes = (await Promise.all(tasks.map((i) => i.result))) as { status: string; detail: string }[];
    // Each invocation ended on its own: budget, lease gone with the connector, or nothing to run.
    expect(outcomes.filter((o) => o.status === 'finished').length).toBeGreaterThanOrEqual(2);
    expect(outcomes.map((o) => o.status)).not.toContain('failed');
  });
});
