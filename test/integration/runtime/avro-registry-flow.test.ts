// Avro records in Confluent's wire format, produced by Confluent's own JavaScript serializer,
// flow through a sink connector with value.converter=io.confluent.connect.avro.AvroConverter and
// SMTs against the real registry; an unknown schema id goes to the dead letter queue under
// errors.tolerance=all; a registry that cannot be reached makes the task retry, then fail with a
// clear error, with nothing delivered or committed, even under errors.tolerance=all. A source
// connector writes through the same converter: Confluent's deserializer reads what it produced.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AvroDeserializer, AvroSerializer, SerdeType } from '@confluentinc/schemaregistry';
import { beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../../../scripts/infra/settings.ts';
import { Struct } from '../../../shared/api/schema.ts';
import { createPartitionReader, type KafkaRecord } from '../../../shared/kafka/index.ts';
import { MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';
import { MemoryConfigStore } from '../../../shared/runtime/stores/memory-config-store.ts';
import { MemoryStatusStore } from '../../../shared/runtime/stores/memory-status-store.ts';
import { runTaskInvocation } from '../../../shared/runtime/tasks/task-invocation.ts';
import { confluentRegistryClient, topicNameSubjects } from '../../support/confluent-registry.ts';
import { createTopic, produce, testConnection } from '../../support/kafka.ts';
import { uniqueName } from '../../support/local.ts';
import { ledger } from '../../support/recording-sink.ts';
import {
  createRecordingConnector,
  invocationDeps,
  reconcileOnce,
  testRuntime,
} from '../../support/runtime.ts';
import { useServices } from '../../support/services.ts';
import { createSourceConnector, readTopic, waitForRecords } from '../../support/source.ts';
import { storeKinds, testStores } from '../../support/stores.ts';

const ORDER_SCHEMA = {
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'customer', type: 'string' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
    { name: 'placed_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};
const UNKNOWN_ID = Buffer.from([0, 0x7f, 0xff, 0xff, 0x01, 0x02]);

/** Orders serialized by Confluent's serializer (the schema registered under `topic`-value first). */
async function confluentOrders(topic: string, count: number): Promise<Buffer[]> {
  const client = confluentRegistryClient();
  await client.register(`${topic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(ORDER_SCHEMA) });
  const serializer = new AvroSerializer(client, SerdeType.VALUE, {
    ...topicNameSubjects,
    useLatestVersion: true,
    autoRegisterSchemas: false,
  });
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      await serializer.serialize(topic, {
        id: i,
        customer: `c${i % 3}`,
        note: i % 2 === 0 ? null : `note ${i}`,
        amount: Buffer.from([0x01, i]),
        placed_at: 1_700_000_000_000 + i,
      }),
    );
  }
  return out;
}

async function connector(topic: string, extra: Record<string, string>) {
  const name = uniqueName('avro-sink');
  const configs = await MemoryConfigStore.open();
  const leases = new MemoryLeaseStore();
  const statuses = new MemoryStatusStore();
  await createRecordingConnector(configs, name, topic, {
    'value.converter': 'io.confluent.connect.avro.AvroConverter',
    'value.converter.schema.registry.url': endpoints.schemaRegistry,
    ...extra,
  });
  await reconcileOnce(configs, leases, name);
  const outcome = await runTaskInvocation(
    { connector: name, task: 0, reason: 'assigned' },
    invocationDeps(configs, leases, { statuses, idlePolls: 2 }),
  );
  return { name, outcome, leases, statuses };
}

async function readAll(topic: string): Promise<KafkaRecord[]> {
  const reader = createPartitionReader(testConnection);
  try {
    const [fetched] = await reader.fetch([{ topic, partition: 0, offset: 0 }], { maxWaitMs: 2000 });
    return [...(fetched?.records ?? [])];
  } finally {
    await reader.close();
  }
}

beforeAll(async () => {
  await useServices('schema-registry');
});

describe('a sink connector reading Avro through the schema registry', () => {
  it('converts Confluent-serialized records and runs them through SMTs to the sink', async () => {
    const topic = uniqueName('avro-orders');
    await createTopic(topic, 1);
    const values = await confluentOrders(topic, 12);
    await produce(values.map((value, i) => ({ topic, partition: 0, key: `k${i}`, value })));

    const { name, outcome, leases } = await connector(topic, {
      transforms: 'rename,region',
      'transforms.rename.type': 'org.apache.kafka.connect.transforms.ReplaceField$Value',
      'transforms.rename.renames': 'customer:customer_id',
      'transforms.rename.exclude': 'note',
      'transforms.region.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
      'transforms.region.static.field': 'region',
      'transforms.region.static.value': 'eu',
    });
    expect(outcome.status).toBe('finished');
    const delivered = ledger(name).deliveries;
    expect(delivered.map((d) => d.offset)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    const first = delivered[3]!.value as Struct;
    expect(first).toBeInstanceOf(Struct);
    expect(first.schema.name).toBe('shop.Order');
    expect(first.schema.fields.map((f) => f.name)).toEqual([
      'id',
      'customer_id',
      'amount',
      'placed_at',
      'region',
    ]);
    expect(first.get('id')).toBe(3);
    expect(first.get('customer_id')).toBe('c0');
    expect(String(first.get('amount'))).toBe('2.59'); // unscaled 0x0103 = 259, scale 2
    expect((first.get('placed_at') as Date).getTime()).toBe(1_700_000_000_003);
    expect(first.get('region')).toBe('eu');
    expect((await leases.list(name))[0]?.offset).toBe(12);
  });

  it('sends a record whose schema id the registry does not know to the dead letter queue', async () => {
    const topic = uniqueName('avro-unknown');
    const dlq = uniqueName('avro-dlq');
    await createTopic(topic, 1);
    const values = await confluentOrders(topic, 4);
    await produce(
      [values[0]!, UNKNOWN_ID, values[1]!, values[2]!].map((value, i) => ({
        topic,
        partition: 0,
        key: `k${i}`,
        value,
      })),
    );
    const { name, outcome, leases } = await connector(topic, {
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': dlq,
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    expect(outcome.status).toBe('finished');
    if (outcome.status === 'finished') expect(outcome.summary.recordsFailed).toBe(1);
    expect(ledger(name).deliveries.map((d) => d.offset)).toEqual([0, 2, 3]);
    expect((await leases.list(name))[0]?.offset).toBe(4);
    const [dead, ...more] = await readAll(dlq);
    expect(more).toEqual([]);
    expect(dead?.value).toEqual(UNKNOWN_ID);
    const headers = new Map(dead!.headers.map(([k, v]) => [k, v?.toString()]));
    expect(headers.get('__connect.errors.stage')).toBe('VALUE_CONVERTER');
    expect(headers.get('__connect.errors.class.name')).toBe('io.confluent.connect.avro.AvroConverter');
    expect(headers.get('__connect.errors.exception.class.name')).toBe(
      'org.apache.kafka.connect.errors.DataException',
    );
    expect(headers.get('__connect.errors.exception.message')).toContain(
      `Error retrieving Avro value schema for id ${UNKNOWN_ID.readUInt32BE(1)}`,
    );
  });

  it('retries a registry that cannot be reached, then fails the task with nothing committed, even with errors.tolerance=all', async () => {
    const topic = uniqueName('avro-down');
    const dlq = uniqueName('avro-down-dlq');
    await createTopic(topic, 1);
    const values = await confluentOrders(topic, 3);
    await produce(values.map((value, i) => ({ topic, partition: 0, key: `k${i}`, value })));
    const started = Date.now();
    const { name, outcome, leases, statuses } = await connector(topic, {
      // Nothing listens on port 9 of the loopback address: every request is refused at once.
      'value.converter.schema.registry.url': 'http://127.0.0.1:9',
      'value.converter.max.retries': '1',
      'value.converter.retries.wait.ms': '50',
      'errors.retry.timeout': '1500',
      'errors.retry.delay.max.ms': '200',
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': dlq,
      'errors.deadletterqueue.topic.replication.factor': '1',
    });
    expect(outcome.status).toBe('failed');
    // It kept trying for errors.retry.timeout before giving up.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    const [status] = await statuses.taskStatuses(name);
    expect(status?.state).toBe('FAILED');
    expect(status?.trace).toContain('Schema Registry unavailable');
    expect(status?.trace).toContain('127.0.0.1:9');
    expect(ledger(name).deliveries).toEqual([]);
    expect((await leases.list(name))[0]?.offset ?? 0).toBe(0);
  });
});

describe('a source connector writing Avro through the schema registry', () => {
  it('registers the schema the SMTs make and produces records Confluent’s deserializer reads', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sc-avro-source-'));
    const file = path.join(dir, 'lines.txt');
    await writeFile(file, 'alpha\nbeta\ngamma\n');
    const topic = uniqueName('avro-source');
    await createTopic(topic, 1);
    const { configs, leases, cleanup } = await testStores(storeKinds[0]!);
    try {
      await createSourceConnector(configs, uniqueName('avro-source'), {
        'connector.class': 'FileStreamSource',
        file,
        topic,
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'io.confluent.connect.avro.AvroConverter',
        'value.converter.schema.registry.url': endpoints.schemaRegistry,
        transforms: 'wrap',
        'transforms.wrap.type': 'org.apache.kafka.connect.transforms.HoistField$Value',
        'transforms.wrap.field': 'line',
      });
      const runtime = testRuntime({ configs, leases, statuses: new MemoryStatusStore() });
      const running = runtime.run();
      await waitForRecords(topic, 3);
      await runtime.stop();
      await running;
      const client = confluentRegistryClient();
      const deserializer = new AvroDeserializer(client, SerdeType.VALUE, { ...topicNameSubjects });
      const values = [];
      for (const record of await readTopic(topic))
        values.push(await deserializer.deserialize(topic, record.value!));
      expect(values.map((v) => ({ ...v }))).toEqual([{ line: 'alpha' }, { line: 'beta' }, { line: 'gamma' }]);
    } finally {
      await cleanup();
    }
  });
});
