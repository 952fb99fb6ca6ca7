// Poison records: a value that is not JSON fails the JsonConverter. With errors.tolerance=all it
// goes to the dead letter queue with its original bytes and headers plus Kafka Connect's
// __connect.errors.* context headers, and the rest flows on; with none the task turns FAILED
// with the error in its status, and its offsets do not move past the bad record. The same holds
// at every stage a record passes (key converter, header converter, a transform, the sink's put),
// and a record sent to the dead letter queue is acknowledged there before any offset after it is
// committed (else a crash in between would lose it).
import { describe, expect, it } from 'vitest';
import { createAdmin } from '../../../shared/kafka/index.ts';
import { MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';
import { MemoryConfigStore } from '../../../shared/runtime/stores/memory-config-store.ts';
import { MemoryStatusStore } from '../../../shared/runtime/stores/memory-status-store.ts';
import { runTaskInvocation } from '../../../shared/runtime/tasks/task-invocation.ts';
import { createTopic, produce, readPartition, testConnection } from '../../support/kafka.ts';
import { uniqueName } from '../../support/local.ts';
import { ledger } from '../../support/recording-sink.ts';
import { createRecordingConnector, invocationDeps, reconcileOnce } from '../../support/runtime.ts';

const POISON = new Set([7, 15, 22]);
const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';

interface Produced {
  readonly key: string;
  readonly value: string;
  readonly header: string;
}

/** What a record looks like by default, and how each stage's poison differs from it. */
const plain = (i: number): Produced => ({ key: `k${i}`, value: JSON.stringify({ id: i }), header: `t${i}` });

interface StageCase {
  readonly stage: 'KEY_CONVERTER' | 'VALUE_CONVERTER' | 'HEADER_CONVERTER' | 'TRANSFORMATION' | 'TASK_PUT';
  /** The failing class Kafka Connect names in __connect.errors.class.name. */
  readonly className: string;
  readonly config: Record<string, string>;
  readonly record: (i: number, poison: boolean) => Produced;
}

const stages: readonly StageCase[] = [
  {
    stage: 'VALUE_CONVERTER',
    className: JSON_CONVERTER,
    config: {},
    record: (i, poison) => ({ ...plain(i), ...(poison ? { value: `{"broken": ${i}` } : {}) }),
  },
  {
    stage: 'KEY_CONVERTER',
    className: JSON_CONVERTER,
    config: { 'key.converter': JSON_CONVERTER, 'key.converter.schemas.enable': 'false' },
    record: (i, poison) => ({ ...plain(i), key: poison ? `{"broken": ${i}` : JSON.stringify(`k${i}`) }),
  },
  {
    stage: 'HEADER_CONVERTER',
    className: JSON_CONVERTER,
    config: { 'header.converter': JSON_CONVERTER, 'header.converter.schemas.enable': 'false' },
    record: (i, poison) => ({ ...plain(i), header: poison ? `{"broken": ${i}` : JSON.stringify(`t${i}`) }),
  },
  {
    stage: 'TRANSFORMATION',
    className: 'org.apache.kafka.connect.transforms.ExtractField$Value',
    config: {
      transforms: 'id',
      'transforms.id.type': 'org.apache.kafka.connect.transforms.ExtractField$Value',
      'transforms.id.field': 'id',
    },
    // Valid JSON, but not an object: ExtractField has no field to take.
    record: (i, poison) => ({
      ...plain(i),
      ...(poison ? { value: JSON.stringify(`not an object ${i}`) } : {}),
    }),
  },
  {
    stage: 'TASK_PUT',
    className: 'org.apache.kafka.connect.sink.SinkTask',
    config: {},
    record: plain,
  },
];

/** `chunk` records per produce request: each becomes its own record batch, fetched on its own. */
async function setUp(extra: Record<string, string>, stage: StageCase = stages[0]!, count = 30, chunk = 2000) {
  const topic = uniqueName('poison');
  const name = uniqueName('poisoned');
  await createTopic(topic, 1);
  await produce(
    Array.from({ length: count }, (_, i) => {
      const { key, value, header } = stage.record(i, isPoison(i));
      return { topic, partition: 0, key, value, headers: [['trace-id', header]] as const };
    }),
    chunk,
  );
  const configs = await MemoryConfigStore.open();
  const leases = new MemoryLeaseStore();
  const statuses = new MemoryStatusStore();
  await createRecordingConnector(configs, name, topic, {
    'value.converter': JSON_CONVERTER,
    'value.converter.schemas.enable': 'false',
    ...stage.config,
    ...extra,
  });
  if (stage.stage === 'TASK_PUT') {
    // The sink refuses the poison records itself, as a server rejecting a document.
    ledger(name).reject = (record) =>
      isPoison(record.kafkaOffset) ? new Error(`rejected by the sink: ${record.kafkaOffset}`) : undefined;
  }
  await reconcileOnce(configs, leases, name);
  return { topic, name, configs, leases, statuses };
}

/** Poison at 7, 15 and 22 of the first 30, then every 37th. */
const isPoison = (i: number) => POISON.has(i) || (i >= 30 && i % 37 === 0);

const dlqConfig = (dlq: string) => ({
  'errors.tolerance': 'all',
  'errors.deadletterqueue.topic.name': dlq,
  'errors.deadletterqueue.topic.replication.factor': '1',
  'errors.deadletterqueue.context.headers.enable': 'true',
});

describe('poison records', () => {
  it('errors.tolerance=all: bad records go to the DLQ with context headers, the rest reaches the sink', async () => {
    const dlq = uniqueName('dlq');
    const { name, topic, configs, leases, statuses } = await setUp({
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': dlq,
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
      'errors.log.enable': 'true',
    });
    const outcome = await runTaskInvocation(
      { connector: name, task: 0, reason: 'assigned' },
      invocationDeps(configs, leases, { statuses, idlePolls: 2 }),
    );
    expect(outcome.status).toBe('finished');
    if (outcome.status === 'finished') expect(outcome.summary.recordsFailed).toBe(3);

    const delivered = ledger(name).deliveries.map((d) => d.offset);
    expect(delivered).toEqual(Array.from({ length: 30 }, (_, i) => i).filter((i) => !POISON.has(i)));
    expect((await leases.list(name))[0]?.offset).toBe(30);

    const dead = await readPartition(dlq);
    expect(dead.map((r) => r.value?.toString())).toEqual([...POISON].map((i) => `{"broken": ${i}`));
    const first = dead[0]!;
    expect(first.key?.toString()).toBe('k7');
    const headers = new Map(first.headers.map(([k, v]) => [k, v?.toString()]));
    expect(headers.get('trace-id')).toBe('t7');
    expect(headers.get('__connect.errors.topic')).toBe(topic);
    expect(headers.get('__connect.errors.partition')).toBe('0');
    expect(headers.get('__connect.errors.offset')).toBe('7');
    expect(headers.get('__connect.errors.connector.name')).toBe(name);
    expect(headers.get('__connect.errors.task.id')).toBe('0');
    expect(headers.get('__connect.errors.stage')).toBe('VALUE_CONVERTER');
    expect(headers.get('__connect.errors.class.name')).toBe('org.apache.kafka.connect.json.JsonConverter');
    expect(headers.get('__connect.errors.exception.class.name')).toBe(
      'org.apache.kafka.connect.errors.DataException',
    );
    expect(headers.get('__connect.errors.exception.message')).toMatch(/.+/);
    expect(headers.get('__connect.errors.exception.stacktrace')).toMatch(/.+/);
    expect((await statuses.taskStatuses(name))[0]?.state).toBe('RUNNING');
  });

  it.each(stages)(
    '$stage: a poison record goes to the DLQ with its stage named, the rest reaches the sink',
    async (stage) => {
      const dlq = uniqueName('dlq');
      const { name, topic, configs, leases, statuses } = await setUp(dlqConfig(dlq), stage);
      const outcome = await runTaskInvocation(
        { connector: name, task: 0, reason: 'assigned' },
        invocationDeps(configs, leases, { statuses, idlePolls: 2 }),
      );
      expect(outcome.status).toBe('finished');
      if (outcome.status === 'finished') expect(outcome.summary.recordsFailed).toBe(3);
      const delivered = ledger(name).deliveries.map((d) => d.offset);
      expect(delivered).toEqual(Array.from({ length: 30 }, (_, i) => i).filter((i) => !POISON.has(i)));
      expect((await leases.list(name))[0]?.offset).toBe(30);

      // The original bytes, whatever stage refused them, with the stage and class that did.
      const dead = await readPartition(dlq);
      const sent = [...POISON].map((i) => stage.record(i, true));
      expect(dead.map((r) => r.key?.toString())).toEqual(sent.map((r) => r.key));
      expect(dead.map((r) => r.value?.toString())).toEqual(sent.map((r) => r.value));
      for (const [n, record] of dead.entries()) {
        const headers = new Map(record.headers.map(([k, v]) => [k, v?.toString()]));
        expect(headers.get('trace-id')).toBe(sent[n]!.header);
        expect(headers.get('__connect.errors.topic')).toBe(topic);
        expect(headers.get('__connect.errors.offset')).toBe(String([...POISON][n]));
        expect(headers.get('__connect.errors.stage')).toBe(stage.stage);
        expect(headers.get('__connect.errors.class.name')).toBe(stage.className);
      }
      expect((await statuses.taskStatuses(name))[0]?.state).toBe('RUNNING');
    },
  );

  it.each([stages[0]!, stages[4]!])(
    '$stage: a record sent to the DLQ is acknowledged there before the offset after it is committed',
    async (stage) => {
      const dlq = uniqueName('dlq');
      const count = 600;
      const { name, configs, leases, statuses } = await setUp(
        // Small fetches: many batches, many commits, each after some poison records.
        { ...dlqConfig(dlq), 'consumer.override.max.partition.fetch.bytes': '1024' },
        stage,
        count,
        10,
      );
      // Slow puts: the commit interval passes during each batch, so nearly every batch commits.
      ledger(name).putDelayMs = 120;
      const admin = createAdmin(testConnection);
      // At every commit, how many records the DLQ topic holds (acknowledged by the broker).
      const commits: { offset: number; dlqRecords: number }[] = [];
      const watched = new Proxy(leases, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (property !== 'commit') return typeof value === 'function' ? value.bind(target) : value;
          return async (...args: Parameters<MemoryLeaseStore['commit']>) => {
            const offset = Math.max(...args[2].map((c) => c.offset ?? 0));
            const ends = await admin.listOffsets([dlq], 'latest').catch(() => []);
            commits.push({ offset, dlqRecords: ends.reduce((sum, e) => sum + e.offset, 0) });
            return target.commit(...args);
          };
        },
      });
      try {
        const outcome = await runTaskInvocation(
          { connector: name, task: 0, reason: 'assigned' },
          invocationDeps(configs, watched, { statuses, idlePolls: 2 }),
        );
        expect(outcome.status).toBe('finished');
      } finally {
        await admin.close();
      }
      const poisonBelow = (offset: number) =>
        Array.from({ length: offset }, (_, i) => i).filter(isPoison).length;
      const moving = commits.filter((c) => poisonBelow(c.offset) > 0);
      for (const commit of moving)
        expect(
          commit.dlqRecords,
          `DLQ records when offset ${commit.offset} was committed`,
        ).toBeGreaterThanOrEqual(poisonBelow(commit.offset));
      expect(moving.length).toBeGreaterThan(5);
      expect((await leases.list(name))[0]?.offset).toBe(count);
      expect((await readPartition(dlq)).length).toBe(poisonBelow(count));
    },
  );

  it('errors.tolerance=none: the task turns FAILED with the error, and offsets stop before the bad record', async () => {
    const { name, configs, leases, statuses } = await setUp({});
    const outcome = await runTaskInvocation(
      { connector: name, task: 0, reason: 'assigned' },
      invocationDeps(configs, leases, { statuses, idlePolls: 2 }),
    );
    expect(outcome.status).toBe('failed');
    const [status] = await statuses.taskStatuses(name);
    expect(status?.state).toBe('FAILED');
    expect(status?.trace).toContain('Tolerance exceeded in error handler');
    expect(status?.trace).toContain('VALUE_CONVERTER');
    const committed = (await leases.list(name))[0]?.offset ?? 0;
    expect(committed).toBeLessThanOrEqual(7);
    // Nothing after the poison record reached the sink.
    expect(Math.max(-1, ...ledger(name).deliveries.map((d) => d.offset))).toBeLessThan(7);
    // The partition is released for whoever restarts the task.
    expect((await leases.list(name))[0]?.owner).toBeNull();
  });
});
