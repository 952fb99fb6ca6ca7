// SourceProducer over @platformatic/kafka: idempotent, acks=all, Java's key partitioning, and the
// position of every record from the per-partition base offsets the broker returns.
import { type MessageToProduce, murmur2, Producer } from '@platformatic/kafka';
import type { KafkaConnection, RecordPosition, SourceProducer, SourceProducerRecord } from '../types.ts';
import { MissingTopicError } from '../types.ts';
import { platformaticOptions } from './connection.ts';

/** Java's Utils.toPositive(murmur2(key)) % partitions: keyed records land where Java producers put them. */
export function javaKeyPartition(key: Buffer, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}

/**
 * Bytes of keys, values and headers per produce request. A partition's records of one request form
 * one record batch, and the broker refuses a batch over its message.max.bytes (1 MiB by default), so
 * a large poll (a CDC task's 2,048 change events with their schemas are several MiB) goes out as
 * several requests, one after the other, which keeps the order.
 */
export const MAX_REQUEST_BYTES = 768 * 1024;

const sizeOf = (m: MessageToProduce): number => {
  let size = 64 + (m.key?.length ?? 0) + (m.value?.length ?? 0);
  const headers = m.headers instanceof Map ? m.headers : new Map<Buffer, Buffer>();
  for (const [k, v] of headers) size += k.length + (v?.length ?? 0);
  return size;
};

export class PlatformaticSourceProducer implements SourceProducer {
  readonly #producer: Producer;
  readonly #partitions = new Map<string, number>();
  /** Where unkeyed records of each topic go: one partition per send, the next one the send after. */
  readonly #sticky = new Map<string, number>();

  constructor(connection: KafkaConnection) {
    this.#producer = new Producer({
      ...platformaticOptions(connection),
      idempotent: true,
      acks: -1,
      // Failures surface to the task, which decides (errors.retry.*, status FAILED).
      retries: 3,
    });
  }

  async send(records: readonly SourceProducerRecord[]): Promise<RecordPosition[]> {
    if (records.length === 0) return [];
    const counts = await this.#partitionCounts(records);
    const stickyNow = new Map<string, number>();
    const messages: MessageToProduce[] = [];
    const now = Date.now();
    for (const record of records) {
      const count = counts.get(record.topic)!;
      let partition = record.partition;
      if (partition === undefined) {
        const key = toBuffer(record.key);
        if (key !== null) partition = javaKeyPartition(key, count);
        else {
          partition = stickyNow.get(record.topic);
          if (partition === undefined) {
            partition = (this.#sticky.get(record.topic) ?? Math.floor(Math.random() * count)) % count;
            stickyNow.set(record.topic, partition);
            this.#sticky.set(record.topic, partition + 1);
          }
        }
      }
      messages.push({
        topic: record.topic,
        partition,
        key: toBuffer(record.key) ?? (undefined as unknown as Buffer),
        value: toBuffer(record.value) ?? (undefined as unknown as Buffer),
        timestamp: BigInt(record.timestamp ?? now),
        // Keys are distinct Buffer objects, so a Map keeps repeated header names, in order.
        headers: new Map(
          (record.headers ?? []).map(([name, value]) => [Buffer.from(name), value as Buffer] as const),
        ),
      });
    }
    const positions: RecordPosition[] = [];
    for (let start = 0; start < messages.length; ) {
      let end = start;
      let bytes = 0;
      while (
        end < messages.length &&
        (end === start || bytes + sizeOf(messages[end]!) <= MAX_REQUEST_BYTES)
      ) {
        bytes += sizeOf(messages[end]!);
        end++;
      }
      const chunk = messages.slice(start, end);
      const result = await this.#producer.send({ messages: chunk });
      const base = new Map<string, number>();
      for (const o of result.offsets ?? []) base.set(`${o.topic}:${o.partition}`, Number(o.offset));
      // Within one send each partition's records form one batch, in the order given.
      const next = new Map<string, number>();
      for (const m of chunk) {
        const key = `${m.topic}:${m.partition}`;
        const offset = next.get(key) ?? base.get(key) ?? -1;
        next.set(key, offset + 1);
        positions.push({ topic: m.topic, partition: m.partition!, offset, timestamp: Number(m.timestamp) });
      }
      start = end;
    }
    return positions;
  }

  async close(): Promise<void> {
    await this.#producer.close();
  }

  async #partitionCounts(records: readonly SourceProducerRecord[]): Promise<Map<string, number>> {
    const unknown = [...new Set(records.map((r) => r.topic))].filter((t) => !this.#partitions.has(t));
    if (unknown.length > 0) {
      for (const topic of unknown) {
        let count: number | undefined;
        try {
          const metadata = await this.#producer.metadata({
            topics: [topic],
            autocreateTopics: true,
            retries: 1,
          });
          count = metadata.topics.get(topic)?.partitionsCount;
        } catch (error) {
          if (!/unknown topic/i.test((error as Error).message)) throw error;
        }
        if (count === undefined || count < 1) throw new MissingTopicError(topic);
        this.#partitions.set(topic, count);
      }
    }
    return this.#partitions;
  }
}

function toBuffer(value: Buffer | string | null | undefined): Buffer | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? Buffer.from(value) : value;
}
