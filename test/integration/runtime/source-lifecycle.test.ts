// A source connector through the lifecycle the REST API drives, with exactly-once delivery on and
// the runtime's own coordinator: pause (the task lets go of its lease and produces nothing more),
// resume (it continues from the committed offset), a task FAILED by a record it cannot convert
// (it stays down until restarted), a config change and a task restart (it continues past the
// record, now tolerated), a config change while it runs (it restarts with the new config: lines go
// to the new topic), and stop. A read_committed consumer sees every good line once.
import { appendFile, mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ConnectorService } from '../../../shared/runtime/management/connector-service.ts';
import { MemoryStatusStore } from '../../../shared/runtime/stores/memory-status-store.ts';
import { createTopic, testConnection } from '../../support/kafka.ts';
import { uniqueName } from '../../support/local.ts';
import { invocationDeps, stringConverters, testRegistry, testRuntime } from '../../support/runtime.ts';
import { createSourceConnector, readTopic } from '../../support/source.ts';
import { testStores } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

const numbers = (from: number, count: number) => Array.from({ length: count }, (_, i) => String(from + i));
const committedValues = async (topic: string) =>
  (await readTopic(topic, { readCommitted: true })).map((r) => r.value?.toString());

it('a source connector paused, resumed, failed, reconfigured, restarted and stopped', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'sc-source-lifecycle-'));
  const file = path.join(dir, 'numbers.txt');
  await writeFile(file, `${numbers(0, 100).join('\n')}\n`);
  const topic = uniqueName('source-lifecycle');
  await createTopic(topic, 1);
  const name = uniqueName('source-lifecycle');
  const { configs, leases, cleanup } = await testStores('memory');
  const statuses = new MemoryStatusStore();
  const service = new ConnectorService({
    configs,
    statuses,
    leases,
    trigger: { reconcile: async () => {} },
    plugins: testRegistry,
    exactlyOnceSourceEnabled: true,
  });
  const runtime = testRuntime({
    configs,
    leases,
    statuses,
    worker: {
      ...invocationDeps(configs, leases).worker,
      'bootstrap.servers': testConnection.brokers.join(','),
      'exactly.once.source.support': 'enabled',
    },
  });
  const state = async () => {
    const status = await service.connectorStatus(name);
    return [status.connector.state, ...status.tasks.map((t) => t.state)].join(' ');
  };
  const config = {
    'connector.class': 'FileStreamSource',
    file,
    topic,
    'batch.size': '10',
    'exactly.once.support': 'required',
    // Every line must be a number: "boom" cannot be cast, which fails the task (no tolerance).
    transforms: 'cast',
    'transforms.cast.type': 'org.apache.kafka.connect.transforms.Cast$Value',
    'transforms.cast.spec': 'int32',
    ...stringConverters,
  };
  const running = runtime.run();
  try {
    await createSourceConnector(configs, name, config);
    await waitFor('the first lines', async () =>
      (await committedValues(topic)).length === 100 ? true : undefined,
    );

    // Paused: the task hands its lease back and produces nothing more.
    await service.pause(name);
    await waitFor('the task to let go', async () =>
      (await state()) === 'PAUSED PAUSED' && (await leases.list(name)).every((l) => l.owner === null)
        ? true
        : undefined,
    );
    await appendFile(file, `${numbers(100, 50).join('\n')}\n`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await readTopic(topic)).length).toBe(100);

    // Resumed: it continues from the committed position.
    await service.resume(name);
    await waitFor('the lines written while paused', async () =>
      (await committedValues(topic)).length === 150 ? true : undefined,
    );
    expect(await state()).toBe('RUNNING RUNNING');

    // A line that cannot be cast fails the task; a FAILED task is not started again on its own.
    await appendFile(file, `${numbers(150, 5).join('\n')}\nboom\n${numbers(155, 5).join('\n')}\n`);
    await waitFor('the task to fail', async () => ((await state()) === 'RUNNING FAILED' ? true : undefined));
    expect((await service.taskStatus(name, 0)).trace).toMatch(/boom|int32|Cast/i);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await state()).toBe('RUNNING FAILED');

    // Tolerating the bad line and restarting the task: it continues past it.
    await service.putConnectorConfig(name, { ...config, 'errors.tolerance': 'all' });
    await service.restartTask(name, 0);
    const size = (await stat(file)).size;
    await waitFor('the task to pass the bad line', async () => {
      const [stored] = await leases.sourceOffsets(name);
      return stored?.offset.position === size ? true : undefined;
    });
    expect(await state()).toBe('RUNNING RUNNING');
    expect(await committedValues(topic)).toEqual(numbers(0, 160));

    // A new config reaches the running task: it restarts with it, at the committed position.
    const other = uniqueName('source-lifecycle-moved');
    await createTopic(other, 1);
    const before = (await leases.list(name))[0]!.owner;
    await service.putConnectorConfig(name, { ...config, 'errors.tolerance': 'all', topic: other });
    await waitFor('the task to restart with the new config', async () => {
      const owner = (await leases.list(name))[0]!.owner;
      return owner !== null && owner !== before ? true : undefined;
    });
    await appendFile(file, `${numbers(160, 20).join('\n')}\n`);
    await waitFor('the new lines in the new topic', async () =>
      (await committedValues(other)).length === 20 ? true : undefined,
    );
    expect(await committedValues(other)).toEqual(numbers(160, 20));
    expect(await committedValues(topic)).toEqual(numbers(0, 160));
    const end = (await stat(file)).size;
    await waitFor('the offset after the new lines', async () => {
      const [stored] = await leases.sourceOffsets(name);
      return stored?.offset.position === end ? true : undefined;
    });

    // Stopped: no tasks; the offsets show where it is.
    await service.stop(name);
    await waitFor('the connector to stop', async () => ((await state()) === 'STOPPED' ? true : undefined));
    expect(await service.offsets(name)).toEqual({
      offsets: [{ partition: { filename: file }, offset: { position: end } }],
    });
  } finally {
    await runtime.stop();
    await running;
    await cleanup();
  }
});
