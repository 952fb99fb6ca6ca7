// The control plane reaching running tasks, through the Lambda handlers (API, coordinator, task)
// on DynamoDB Local and the local broker: a config change, a task restart and a resume take effect
// in the task invocation that is running, not when it ends by itself. No scheduled coordinator runs
// here, so whatever happens is the API's doing.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBLeaseStore } from '../../../shared/aws/dynamodb-lease-store.ts';
import { createProducer } from '../../../shared/kafka/index.ts';
import type { Lease } from '../../../shared/leases/lease.ts';
import { type ApiCall, apiCaller } from '../../support/api-flow.ts';
import { createTopic, testConnection } from '../../support/kafka.ts';
import { localFunctionEnvironment } from '../../support/lambda-environment.ts';
import { uniqueName } from '../../support/local.ts';
import { LocalLambda } from '../../support/local-lambda.ts';
import { localTable } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/** Produces one numbered record every `everyMs` until stopped; remembers when each send began. */
function steadyProducer(topic: string, everyMs = 25) {
  const producer = createProducer(testConnection);
  const sentAt: number[] = [];
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const index = sentAt.length;
      sentAt.push(Date.now());
      await producer.send([{ topic, partition: 0, key: null, value: `record-${index}` }]);
      await sleep(everyMs);
    }
    await producer.close();
  })();
  return {
    sentAt,
    async stop(): Promise<number> {
      stopped = true;
      await done;
      return sentAt.length;
    },
  };
}

function lines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

describe('the control plane reaches running task invocations (Lambda handlers)', () => {
  const lambda = new LocalLambda();
  const saved = { ...process.env };
  let api: Handler;
  let leases: DynamoDBLeaseStore;
  let tableClient: Awaited<ReturnType<typeof localTable>>['client'];
  let dir: string;

  beforeAll(async () => {
    const { client, tableName } = await localTable();
    tableClient = client;
    leases = new DynamoDBLeaseStore({ client, tableName });
    dir = await mkdtemp(path.join(tmpdir(), 'sc-control-'));
    Object.assign(process.env, localFunctionEnvironment(tableName, await lambda.start()));
    api = (await import('../../../functions/api/index.ts')).handler as unknown as Handler;
    lambda.register(
      'coordinator',
      (await import('../../../functions/coordinator/index.ts')).handler as never,
    );
    // A long budget: an invocation must not end by itself (and so pick up changes) during a test.
    lambda.register('task', (await import('../../../functions/task/index.ts')).handler as never, 120_000);
  });

  afterAll(async () => {
    await lambda.stop();
    tableClient.destroy();
    process.env = saved;
  });

  const call: ApiCall = (method, urlPath, body) => apiCaller(api as never)(method, urlPath, body);

  async function createFileSink(name: string, topic: string, file: string): Promise<void> {
    const created = await call('POST', '/connectors', {
      name,
      config: fileSinkConfig(topic, file),
    });
    expect(created.status).toBe(201);
  }

  function fileSinkConfig(topic: string, file: string): Record<string, string> {
    return {
      'connector.class': 'FileStreamSink',
      topics: topic,
      file,
      'tasks.max': '1',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    };
  }

  async function heldLease(name: string): Promise<Lease> {
    return waitFor('a held lease', async () => (await leases.list(name)).find((l) => l.owner !== null));
  }

  it('PUT config with a new file: records produced a second after the PUT go to the new file, every record exactly once', async () => {
    const topic = uniqueName('control-config');
    const name = uniqueName('control-config');
    await createTopic(topic, 1);
    const before = path.join(dir, `${name}-before.txt`);
    const after = path.join(dir, `${name}-after.txt`);
    await createFileSink(name, topic, before);
    const producer = steadyProducer(topic);
    try {
      await waitFor('records in the first file', () => (lines(before).length >= 20 ? true : undefined));
      const first = await heldLease(name);

      const put = await call('PUT', `/connectors/${name}/config`, fileSinkConfig(topic, after));
      expect(put.status).toBe(200);
      const putAt = Date.now();
      await waitFor('records in the new file', () => (lines(after).length >= 20 ? true : undefined));
      await sleep(1500);
      const produced = await producer.stop();

      await waitFor(
        'every record in one of the files',
        () => (lines(before).length + lines(after).length >= produced ? true : undefined),
        60_000,
      );
      await waitFor('the last offset committed', async () => {
        const lease = (await leases.list(name))[0];
        return lease?.offset === produced ? true : undefined;
      });
      const all = [...lines(before), ...lines(after)];
      expect(all).toHaveLength(produced);
      expect(new Set(all).size).toBe(produced);
      const inNewFile = new Set(lines(after));
      const late = producer.sentAt.flatMap((at, i) => (at >= putAt + 1000 ? [`record-${i}`] : []));
      expect(late.length).toBeGreaterThan(0);
      expect(late.filter((record) => !inNewFile.has(record))).toEqual([]);
      // The running invocation ended after the change and a fresh one took over, at a new epoch.
      const now = await heldLease(name);
      expect(now.epoch).toBeGreaterThan(first.epoch);
      const ended = await Promise.all(
        lambda.invocations.filter((i) => i.functionName === 'task').map((i) => settled(i.result)),
      );
      expect(ended).toContainEqual(expect.objectContaining({ detail: 'reconfigured' }));
    } finally {
      await producer.stop();
      await call('DELETE', `/connectors/${name}`);
    }
  });

  it('POST tasks/0/restart of a RUNNING task starts a new invocation at a new lease epoch', async () => {
    const topic = uniqueName('control-restart');
    const name = uniqueName('control-restart');
    await createTopic(topic, 1);
    const file = path.join(dir, `${name}.txt`);
    await createFileSink(name, topic, file);
    const producer = steadyProducer(topic);
    try {
      await waitFor('records in the file', () => (lines(file).length >= 10 ? true : undefined));
      const first = await heldLease(name);

      const restart = await call('POST', `/connectors/${name}/tasks/0/restart`);
      expect(restart.status).toBe(204);
      const restartedAt = Date.now();
      const next = await waitFor('a new invocation holding the lease', async () => {
        const lease = (await leases.list(name)).find((l) => l.owner !== null && l.owner !== first.owner);
        return lease;
      });
      console.info(`restart: new epoch after ${Date.now() - restartedAt} ms`);
      expect(next.epoch).toBeGreaterThan(first.epoch);
      const status = await waitFor('the task RUNNING again', async () => {
        const response = await call('GET', `/connectors/${name}/status`);
        return response.body?.tasks?.[0]?.state === 'RUNNING' ? response.body : undefined;
      });
      expect(status.tasks[0].state).toBe('RUNNING');
      const produced = await producer.stop();
      await waitFor('every record in the file', () => (lines(file).length >= produced ? true : undefined));
      expect(new Set(lines(file)).size).toBe(produced);
    } finally {
      await producer.stop();
      await call('DELETE', `/connectors/${name}`);
    }
  });
});

async function settled(result: Promise<unknown>): Promise<unknown> {
  try {
    return await Promise.race([result, sleep(0).then(() => undefined)]);
  } catch {
    return undefined;
  }
}
