// The control-plane scenarios both runtimes must pass (standalone in one process, and the Lambda
// handlers): a config change, a task restart and a resume reach the task invocation that is running.
// Each runtime supplies how to call its REST API and how to tell that a fresh invocation took over.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { createProducer } from '../../shared/kafka/index.ts';
import type { ApiCall } from './api-flow.ts';
import { createTopic, produce, testConnection } from './kafka.ts';
import { uniqueName } from './local.ts';
import { fileLines, fileSinkConfig } from './sink-files.ts';
import { waitFor } from './wait.ts';

export interface ControlPlaneRuntime {
  readonly call: ApiCall;
  /** Where sink files go. */
  readonly dir: string;
  /** Something that names the invocation running task 0 now (an owner id, a lease epoch, ...). */
  readonly currentInvocation: (connector: string) => Promise<string | undefined>;
  /** The committed next offset of partition 0, when known to the test. */
  readonly committedOffset: (connector: string) => Promise<number | undefined>;
}

/** Produces one numbered record every `everyMs` until stopped; remembers when each send began. */
export function steadyProducer(topic: string, everyMs = 25) {
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

/** The values steadyProducer sent, in order: record-0, record-1, ... */
const numbered = (count: number) => Array.from({ length: count }, (_, i) => `record-${i}`);

async function createFileSink(runtime: ControlPlaneRuntime, name: string, topic: string, file: string) {
  const created = await runtime.call('POST', '/connectors', { name, config: fileSinkConfig(topic, file) });
  expect(created.status).toBe(201);
}

function invocationOf(runtime: ControlPlaneRuntime, name: string): Promise<string> {
  return waitFor('a task invocation holding the lease', () => runtime.currentInvocation(name));
}

/**
 * PUT config with a new file while records flow: every record produced a second or more after the
 * PUT is in the new file, and every record is in exactly one of the files, once.
 */
export async function configChangeMovesRecords(runtime: ControlPlaneRuntime): Promise<void> {
  const { call } = runtime;
  const topic = uniqueName('control-config');
  const name = uniqueName('control-config');
  await createTopic(topic, 1);
  const before = path.join(runtime.dir, `${name}-before.txt`);
  const after = path.join(runtime.dir, `${name}-after.txt`);
  await createFileSink(runtime, name, topic, before);
  const producer = steadyProducer(topic);
  try {
    await waitFor('records in the first file', () => (fileLines(before).length >= 20 ? true : undefined));
    const first = await invocationOf(runtime, name);

    const put = await call('PUT', `/connectors/${name}/config`, fileSinkConfig(topic, after));
    expect(put.status).toBe(200);
    const putAt = Date.now();
    await waitFor('records in the new file', () => (fileLines(after).length >= 20 ? true : undefined));
    await sleep(1500);
    const produced = await producer.stop();

    await waitFor(
      'every record in one of the files',
      () => (fileLines(before).length + fileLines(after).length >= produced ? true : undefined),
      60_000,
    );
    await waitFor('the last offset committed', async () =>
      (await runtime.committedOffset(name)) === produced ? true : undefined,
    );
    // Every record once, in order: the first file up to the change, the new file after it.
    expect([...fileLines(before), ...fileLines(after)]).toEqual(numbered(produced));
    const inNewFile = new Set(fileLines(after));
    const late = producer.sentAt.flatMap((at, i) => (at >= putAt + 1000 ? [`record-${i}`] : []));
    expect(late.length).toBeGreaterThan(0);
    expect(late.filter((record) => !inNewFile.has(record))).toEqual([]);
    // The invocation that was running ended after the change; a fresh one took over.
    expect(await invocationOf(runtime, name)).not.toBe(first);
  } finally {
    await producer.stop();
    await call('DELETE', `/connectors/${name}`);
  }
}

/** POST tasks/0/restart of a RUNNING task: a fresh invocation takes over, and no record is lost or doubled. */
export async function taskRestartStartsFreshInvocation(runtime: ControlPlaneRuntime): Promise<number> {
  const { call } = runtime;
  const topic = uniqueName('control-restart');
  const name = uniqueName('control-restart');
  await createTopic(topic, 1);
  const file = path.join(runtime.dir, `${name}.txt`);
  await createFileSink(runtime, name, topic, file);
  const producer = steadyProducer(topic);
  try {
    await waitFor('records in the file', () => (fileLines(file).length >= 10 ? true : undefined));
    const first = await invocationOf(runtime, name);

    const restart = await call('POST', `/connectors/${name}/tasks/0/restart`);
    expect(restart.status).toBe(204);
    const restartedAt = Date.now();
    await waitFor('a fresh invocation running the task', async () => {
      const now = await runtime.currentInvocation(name);
      return now !== undefined && now !== first ? now : undefined;
    });
    const tookMs = Date.now() - restartedAt;
    const status = await waitFor('the task RUNNING again', async () => {
      const response = await call('GET', `/connectors/${name}/status`);
      return response.body?.tasks?.[0]?.state === 'RUNNING' ? response.body : undefined;
    });
    expect(status.tasks[0].state).toBe('RUNNING');
    const produced = await producer.stop();
    await waitFor('every record in the file', () => (fileLines(file).length >= produced ? true : undefined));
    // Read once the last offset is committed: a repeat written late would be in the file by then.
    await waitFor('the last offset committed', async () =>
      (await runtime.committedOffset(name)) === produced ? true : undefined,
    );
    expect(fileLines(file)).toEqual(numbered(produced));
    return tookMs;
  } finally {
    await producer.stop();
    await call('DELETE', `/connectors/${name}`);
  }
}

/** PUT resume after a pause: records produced while paused move as soon as the connector resumes. */
export async function resumeMovesRecordsAgain(runtime: ControlPlaneRuntime): Promise<void> {
  const { call } = runtime;
  const topic = uniqueName('control-resume');
  const name = uniqueName('control-resume');
  await createTopic(topic, 1);
  const file = path.join(runtime.dir, `${name}.txt`);
  await produce(
    Array.from({ length: 5 }, (_, i) => ({ topic, partition: 0, key: null, value: `early-${i}` })),
  );
  await createFileSink(runtime, name, topic, file);
  try {
    await waitFor('the first records', () => (fileLines(file).length >= 5 ? true : undefined));
    expect((await call('PUT', `/connectors/${name}/pause`)).status).toBe(202);
    await waitFor('no task running', async () =>
      (await runtime.currentInvocation(name)) === undefined ? true : undefined,
    );
    await produce(
      Array.from({ length: 5 }, (_, i) => ({ topic, partition: 0, key: null, value: `late-${i}` })),
    );
    await sleep(500);
    expect(fileLines(file)).toHaveLength(5);

    expect((await call('PUT', `/connectors/${name}/resume`)).status).toBe(202);
    await waitFor('the records produced while paused', () =>
      fileLines(file).length >= 10 ? true : undefined,
    );
    expect(fileLines(file)).toEqual([
      ...Array.from({ length: 5 }, (_, i) => `early-${i}`),
      ...Array.from({ length: 5 }, (_, i) => `late-${i}`),
    ]);
  } finally {
    await call('DELETE', `/connectors/${name}`);
  }
}
