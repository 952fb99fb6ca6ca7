// The throughput topic: N JSON order records of about the requested size, spread evenly over the
// partitions. Filled once and reused while it still holds exactly N records (a fill takes a while
// and the records' content never changes: record i is always the same bytes).
import {
  createAdmin,
  createProducer,
  type KafkaConnection,
  type ProducerRecord,
} from '../shared/kafka/index.ts';
import { createKafkajs } from '../shared/kafka/kafkajs/client.ts';

const STATUSES = ['NEW', 'PAID', 'SHIPPED', 'DELIVERED'];
const CITIES = ['Lisbon', 'Utrecht', 'Tallinn', 'Graz', 'Lyon', 'Porto', 'Aarhus'];
const FILLER = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ';

export interface DatasetSpec {
  readonly topic: string;
  readonly records: number;
  readonly partitions: number;
  readonly recordBytes: number;
}

export interface Dataset extends DatasetSpec {
  /** Sum of the value sizes: the "MB" in MB/s. */
  readonly valueBytes: number;
  readonly reused: boolean;
  readonly fillSeconds: number | null;
}

export function datasetSpec(records: number, partitions: number, recordBytes: number): DatasetSpec {
  return {
    topic: `bench-orders-${records}x${recordBytes}b-${partitions}p`,
    records,
    partitions,
    recordBytes,
  };
}

/**
 * Record i as JSON text. The fields exercise the SMT chain: one to drop (internalNote), integers
 * to cast (quantity, orderId), and a free-text field that pads the value to `targetBytes`.
 */
export function orderJson(i: number, targetBytes: number): string {
  const order = {
    orderId: i,
    customerId: `customer-${i % 9973}`,
    status: STATUSES[i % STATUSES.length],
    quantity: 1 + (i % 5),
    amount: Math.round(((i % 10_000) + 199) * 1.07) / 100,
    currency: 'EUR',
    createdAt: 1_750_000_000_000 + i * 37,
    internalNote: `batch ${Math.floor(i / 1000)} checked`,
    shipping: { street: `${1 + (i % 250)} Harbour Road`, city: CITIES[i % CITIES.length], country: 'EU' },
    description: '',
  };
  const base = JSON.stringify(order).length;
  const missing = Math.max(0, targetBytes - base);
  order.description = FILLER.repeat(Math.ceil(missing / FILLER.length)).slice(0, missing);
  return JSON.stringify(order);
}

export function orderRecord(topic: string, i: number, spec: DatasetSpec): ProducerRecord {
  return {
    topic,
    partition: i % spec.partitions,
    key: `customer-${i % 9973}`,
    value: orderJson(i, spec.recordBytes),
  };
}

export function totalValueBytes(spec: DatasetSpec): number {
  let total = 0;
  for (let i = 0; i < spec.records; i++) total += Buffer.byteLength(orderJson(i, spec.recordBytes));
  return total;
}

async function recordCount(connection: KafkaConnection, topic: string): Promise<number | undefined> {
  const admin = createAdmin(connection);
  try {
    if ((await admin.partitionCounts([topic])).size === 0) return undefined;
    const earliest = await admin.listOffsets([topic], 'earliest');
    const latest = await admin.listOffsets([topic], 'latest');
    const start = new Map(earliest.map((o) => [o.partition, o.offset]));
    return latest.reduce((sum, o) => sum + o.offset - (start.get(o.partition) ?? 0), 0);
  } finally {
    await admin.close();
  }
}

/** Deleting is a bench-only need (the engine never deletes topics), so it goes to kafkajs directly. */
async function deleteTopic(connection: KafkaConnection, topic: string): Promise<void> {
  const admin = createKafkajs(connection).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topic], timeout: 30_000 });
  } finally {
    await admin.disconnect();
  }
}

async function createTopicRetrying(connection: KafkaConnection, spec: DatasetSpec): Promise<void> {
  const admin = createAdmin(connection);
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      try {
        // Kept forever: the local broker's default retention would delete a reusable topic.
        await admin.createTopics([
          {
            topic: spec.topic,
            partitions: spec.partitions,
            replicationFactor: 1,
            configs: { 'retention.ms': '-1', 'retention.bytes': '-1' },
          },
        ]);
        return;
      } catch (error) {
        // Right after a delete the broker may still be removing the old topic.
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } finally {
    await admin.close();
  }
}

async function fill(connection: KafkaConnection, spec: DatasetSpec, log: (line: string) => void) {
  const producers = 2;
  const chunk = 4000;
  let next = 0;
  let reported = 0;
  // Two idempotent producers each keep one request in flight; more does not help on 2 cores.
  const work = Array.from({ length: producers }, async () => {
    const producer = createProducer(connection);
    try {
      while (next < spec.records) {
        const from = next;
        next = Math.min(spec.records, next + chunk);
        const batch: ProducerRecord[] = [];
        for (let i = from; i < next; i++) batch.push(orderRecord(spec.topic, i, spec));
        await producer.send(batch);
        if (next - reported >= spec.records / 10) {
          reported = next;
          log(`  filled ${next.toLocaleString('en-US')} of ${spec.records.toLocaleString('en-US')}`);
        }
      }
    } finally {
      await producer.close();
    }
  });
  await Promise.all(work);
}

export async function ensureDataset(
  connection: KafkaConnection,
  spec: DatasetSpec,
  log: (line: string) => void,
): Promise<Dataset> {
  const existing = await recordCount(connection, spec.topic);
  const valueBytes = totalValueBytes(spec);
  if (existing === spec.records) {
    log(`reusing topic ${spec.topic} (${spec.records.toLocaleString('en-US')} records)`);
    return { ...spec, valueBytes, reused: true, fillSeconds: null };
  }
  if (existing !== undefined) {
    log(`topic ${spec.topic} holds ${existing} records instead of ${spec.records}: recreating it`);
    await deleteTopic(connection, spec.topic);
  }
  await createTopicRetrying(connection, spec);
  log(`filling ${spec.topic} with ${spec.records.toLocaleString('en-US')} records`);
  const started = performance.now();
  await fill(connection, spec, log);
  const fillSeconds = (performance.now() - started) / 1000;
  const count = await recordCount(connection, spec.topic);
  if (count !== spec.records) throw new Error(`filled ${spec.topic} but it holds ${count} records`);
  return { ...spec, valueBytes, reused: false, fillSeconds };
}
