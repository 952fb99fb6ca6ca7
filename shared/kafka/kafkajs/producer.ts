// RecordProducer over kafkajs: idempotent, acks=all, Java-compatible key partitioning.
import { type Message, Partitioners, type Producer } from 'kafkajs';
import type { KafkaConnection, ProducerRecord, RecordProducer } from '../types.ts';
import { createKafkajs } from './client.ts';

export class KafkajsProducer implements RecordProducer {
  readonly #producer: Producer;
  #connected: Promise<void> | undefined;

  constructor(connection: KafkaConnection) {
    this.#producer = createKafkajs(connection).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // Same partition for the same key as Java producers (murmur2), so keyed data lines up.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async send(records: readonly ProducerRecord[]): Promise<void> {
    if (records.length === 0) return;
    this.#connected ??= this.#producer.connect();
    await this.#connected;
    const byTopic = new Map<string, Message[]>();
    for (const r of records) {
      const message: Message = {
        key: r.key,
        value: r.value,
        ...(r.partition !== undefined ? { partition: r.partition } : {}),
        ...(r.timestamp !== undefined ? { timestamp: String(r.timestamp) } : {}),
        ...(r.headers ? { headers: toHeaderObject(r.headers) } : {}),
      };
      const list = byTopic.get(r.topic);
      if (list) list.push(message);
      else byTopic.set(r.topic, [message]);
    }
    await this.#producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }

  async close(): Promise<void> {
    if (this.#connected) await this.#producer.disconnect();
  }
}

/** kafkajs takes headers as an object; repeated keys go in as arrays, which it writes in order. */
function toHeaderObject(
  headers: ReadonlyArray<readonly [string, Buffer | string]>,
): Record<string, (Buffer | string)[]> {
  const object: Record<string, (Buffer | string)[]> = {};
  for (const [key, value] of headers) {
    const values = object[key] ?? [];
    values.push(value);
    object[key] = values;
  }
  return object;
}
