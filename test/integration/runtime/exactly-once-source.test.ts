// Exactly-once source commits interrupted between their steps, on the real broker: an invocation
// dies right after its Kafka transaction committed but before its offsets were written, or right
// before the transaction's commit. The next invocation settles what the first left in the lease's
// checkpoint from what a read_committed consumer sees, so every line of the file is seen exactly
// once either way, and the offsets end at the file's end. And a task retired by a reconfiguration,
// still in the middle of a transaction, is fenced when the connector's remaining task starts.
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createTransactionalSourceProducer,
  ProducerFencedError,
  type TransactionalSourceProducer,
} from '../../../shared/kafka/index.ts';
import { sourceTaskLease } from '../../../shared/leases/lease.ts';
import { MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';
import { MemoryConfigStore } from '../../../shared/runtime/stores/memory-config-store.ts';
import { runTaskInvocation } from '../../../shared/runtime/tasks/task-invocation.ts';
import { createTopic, testConnection } from '../../support/kafka.ts';
import { uniqueName } from '../../support/local.ts';
import { invocationDeps, reconcileOnce, stringConverters, testKafkaClients } from '../../support/runtime.ts';
import { createSourceConnector, readTopic } from '../../support/source.ts';
import { waitFor } from '../../support/wait.ts';

const lines = (count: number) => Array.from({ length: count }, (_, i) => `line ${i}`);
const exactlyOnceWorker = () => ({
  ...invocationDeps(undefined as never, undefined as never).worker,
  'exactly.once.source.support': 'enabled',
});

/** A producer that dies at its second transaction's commit: just after it, or just before. */
function dyingAtSecondCommit(when: 'after' | 'before') {
  return (id: string): TransactionalSourceProducer => {
    const real = createTransactionalSourceProducer(testConnection, id);
    let commits = 0;
    return Object.assign(Object.create(real) as TransactionalSourceProducer, {
      initTransactions: () => real.initTransactions(),
      beginTransaction: () => real.beginTransaction(),
      send: (records: Parameters<TransactionalSourceProducer['send']>[0]) => real.send(records),
      abortTransaction: () => real.abortTransaction(),
      producerEpoch: () => real.producerEpoch(),
      close: () => real.close(),
      commitTransaction: async () => {
        commits++;
        if (commits === 2 && when === 'before') throw new Error('the invocation died before its commit');
        await real.commitTransaction();
        if (commits === 2) throw new Error('the invocation died after its commit');
      },
    });
  };
}

describe('exactly-once source commits interrupted', () => {
  it.each(['after', 'before'] as const)(
    'dying %s the Kafka commit: each record is seen once',
    async (when) => {
      const dir = await mkdtemp(path.join(tmpdir(), 'sc-eos-'));
      const file = path.join(dir, 'input.txt');
      await writeFile(file, `${lines(300).join('\n')}\n`);
      const topic = uniqueName('eos');
      await createTopic(topic, 1);
      const name = uniqueName('eos');
      const configs = await MemoryConfigStore.open();
      const leases = new MemoryLeaseStore();
      await createSourceConnector(configs, name, {
        'connector.class': 'FileStreamSource',
        file,
        topic,
        'batch.size': '100',
        'exactly.once.support': 'required',
        ...stringConverters,
      });
      await reconcileOnce(configs, leases, name);

      const dying = await runTaskInvocation(
        { connector: name, task: 0, reason: 'assigned' },
        invocationDeps(configs, leases, {
          worker: exactlyOnceWorker(),
          kafka: { ...testKafkaClients, transactionalSourceProducer: dyingAtSecondCommit(when) },
        }),
      );
      expect(dying.status).toBe('failed');
      // The first transaction's offsets are committed; the second's wait in the checkpoint.
      expect(await leases.checkpoint(name, 0)).toMatchObject({ pendingTransaction: { marker: { topic } } });
      const committedBefore = (await readTopic(topic, { readCommitted: true })).length;
      expect(committedBefore).toBe(when === 'after' ? 200 : 100);

      let stop!: () => void;
      const next = runTaskInvocation(
        { connector: name, task: 0, reason: 'assigned' },
        invocationDeps(configs, leases, {
          worker: exactlyOnceWorker(),
          onStart: (runner) => (stop = () => runner.stop()),
        }),
      );
      const size = (await stat(file)).size;
      await waitFor('the offset of the last line committed', async () => {
        const [stored] = await leases.sourceOffsets(name);
        return stored?.offset.position === size ? true : undefined;
      });
      stop();
      expect((await next).status).toBe('finished');
      expect(await leases.checkpoint(name, 0)).toBeNull();
      const seen = (await readTopic(topic, { readCommitted: true })).map((r) => r.value?.toString());
      expect(seen).toEqual(lines(300));
    },
  );

  it('a retired task, still in a transaction, is fenced when the remaining task starts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sc-eos-'));
    const file = path.join(dir, 'input.txt');
    await writeFile(file, `${lines(20).join('\n')}\n`);
    const topic = uniqueName('eos-retired');
    await createTopic(topic, 1);
    const name = uniqueName('eos-retired');
    const configs = await MemoryConfigStore.open();
    const leases = new MemoryLeaseStore();
    // Task 1 of an earlier generation: its lease stays, assigned to nobody now.
    await leases.ensure(name, [sourceTaskLease(0), sourceTaskLease(1)], Date.now());
    await createSourceConnector(configs, name, {
      'connector.class': 'FileStreamSource',
      file,
      topic,
      ...stringConverters,
    });
    await reconcileOnce(configs, leases, name);
    expect((await leases.list(name)).map((l) => l.assignee)).toEqual([0, null]);
    const retired = createTransactionalSourceProducer(testConnection, `serverless-connect-${name}-1`);
    try {
      await retired.initTransactions();
      await retired.beginTransaction();
      await retired.send([{ topic, key: null, value: 'from the retired task' }]);

      let stop!: () => void;
      const running = runTaskInvocation(
        { connector: name, task: 0, reason: 'assigned' },
        invocationDeps(configs, leases, {
          worker: exactlyOnceWorker(),
          onStart: (runner) => (stop = () => runner.stop()),
        }),
      );
      await waitFor('the lines', async () =>
        (await readTopic(topic, { readCommitted: true })).length === 20 ? true : undefined,
      );
      stop();
      expect((await running).status).toBe('finished');
      await expect(retired.commitTransaction()).rejects.toBeInstanceOf(ProducerFencedError);
      expect((await readTopic(topic, { readCommitted: true })).map((r) => r.value?.toString())).toEqual(
        lines(20),
      );
    } finally {
      await retired.close().catch(() => {});
    }
  });
});
