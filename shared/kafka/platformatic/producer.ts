// SourceProducer over @platformatic/kafka: idempotent, acks=all, Java's key partitioning, and the
// position of every record from the per-partition base offsets the broker returns. With a
// transactional id it writes in Kafka transactions (exactly.once.source.support=enabled).
import { type MessageToProduce, murmur2, Producer } from '@platformatic/kafka';

/** The library's transaction object (its class is not exported by name). */
type Transaction = Awaited<ReturnType<Producer['beginTransaction']>>;

import type {
  KafkaConnection,
  RecordPosition,
  SourceProducer,
  SourceProducerRecord,
  TransactionalSourceProducer,
} from '../types.ts';
import { MissingTopicError, ProducerFencedError } from '../types.ts';
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
  // send() always builds the headers as a Map.
  if (m.headers instanceof Map) for (const [k, v] of m.headers) size += k.length + (v?.length ?? 0);
  return size;
};

/** The broker's answers that mean a newer producer of the same transactional id exists. */
const FENCING_ERRORS = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED', 'INVALID_PRODUCER_ID_MAPPING']);

/** Kafka's transaction.timeout.ms default: an open transaction the broker aborts on its own after this. */
export const TRANSACTION_TIMEOUT_MS = 60_000;

export class PlatformaticSourceProducer implements SourceProducer {
  readonly #producer: Producer;
  readonly #partitions = new Map<string, number>();
  /** Where unkeyed records of each topic go: one partition per send, the next one the send after. */
  readonly #sticky = new Map<string, number>();

  constructor(connection: KafkaConnection, transactionalId?: string) {
    this.#producer = new Producer({
      ...platformaticOptions(connection),
      idempotent: true,
      acks: -1,
      // Failures surface to the task, which decides (errors.retry.*, status FAILED).
      retries: 3,
      ...(transactionalId === undefined
        ? {}
        : {
            transactionalId,
            // InitProducerId's transaction timeout (and the produce request's): Java's 60 s.
            timeout: TRANSACTION_TIMEOUT_MS,
            // "No producer known": the broker then bumps the epoch of whatever holds the id.
            producerId: -1n,
            producerEpoch: -1,
          }),
    });
  }

  /** The library's producer, for the transactional subclass. */
  protected get producer(): Producer {
    return this.#producer;
  }

  /** Where a chunk of messages goes: the producer, or the open transaction. */
  protected sendChunk(messages: MessageToProduce[]) {
    return this.#producer.send({ messages });
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
      const key = toBuffer(record.key);
      if (partition === undefined) {
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
        key: key ?? (undefined as unknown as Buffer),
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
      while (end < messages.length) {
        const size = sizeOf(messages[end]!);
        if (end > start && bytes + size > MAX_REQUEST_BYTES) break;
        bytes += size;
        end++;
      }
      const chunk = messages.slice(start, end);
      const result = await this.sendChunk(chunk);
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

/**
 * Transactions over @platformatic/kafka. The library initializes the producer id at the first
 * beginTransaction(), and after a fencing error it forgets the id and would initialize again at the
 * next one, fencing the newer producer in turn: this class refuses that, so a fenced producer stays
 * fenced (as Java's ProducerFencedException is fatal).
 */
export class PlatformaticTransactionalSourceProducer
  extends PlatformaticSourceProducer
  implements TransactionalSourceProducer
{
  readonly #transactionalId: string;
  #transaction: Transaction | undefined;
  /** Whether the open transaction sent anything: one that did not is unknown to the broker. */
  #sentInTransaction = false;
  #initialized = false;
  #fenced: ProducerFencedError | undefined;

  constructor(connection: KafkaConnection, transactionalId: string) {
    super(connection, transactionalId);
    this.#transactionalId = transactionalId;
  }

  async initTransactions(): Promise<void> {
    if (this.#initialized) return;
    this.#checkNotFenced();
    // beginTransaction() runs FindCoordinator and InitProducerId; nothing reaches the broker's
    // transaction state until a partition is added, so the local transaction is simply dropped.
    const transaction = await this.#guard(() => this.producer.beginTransaction());
    await transaction.cancel();
    this.#initialized = true;
  }

  async beginTransaction(): Promise<void> {
    if (!this.#initialized) throw new Error('initTransactions() must be called before beginTransaction()');
    this.#checkNotFenced();
    if (this.#transaction) throw new Error('a transaction is already open');
    this.#transaction = await this.#guard(() => this.producer.beginTransaction());
    this.#sentInTransaction = false;
  }

  override send(records: readonly SourceProducerRecord[]): Promise<RecordPosition[]> {
    if (!this.#transaction) throw new Error('send() of a transactional producer needs an open transaction');
    return this.#guard(() => super.send(records));
  }

  protected override sendChunk(messages: MessageToProduce[]) {
    this.#sentInTransaction = true;
    return this.#transaction!.send({ messages });
  }

  async commitTransaction(): Promise<void> {
    const transaction = this.#open();
    this.#transaction = undefined;
    if (!this.#sentInTransaction) return transaction.cancel();
    await this.#guard(() => transaction.commit());
  }

  async abortTransaction(): Promise<void> {
    const transaction = this.#transaction;
    if (!transaction) return;
    this.#transaction = undefined;
    // Nothing to tell the broker when it never heard of the transaction, or when a newer
    // producer's InitProducerId ended it.
    if (this.#fenced || !this.#sentInTransaction) {
      await transaction.cancel().catch(() => {});
      return;
    }
    await this.#guard(() => transaction.abort()).catch(async (error) => {
      await transaction.cancel().catch(() => {});
      throw error;
    });
  }

  producerEpoch(): number | undefined {
    return this.#initialized ? this.producer.producerEpoch : undefined;
  }

  #open(): Transaction {
    this.#checkNotFenced();
    if (!this.#transaction) throw new Error('no open transaction');
    return this.#transaction;
  }

  #checkNotFenced(): void {
    if (this.#fenced) throw this.#fenced;
  }

  /** Runs a call to the library, turning its fencing errors into ProducerFencedError (for good). */
  async #guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (isFencing(error)) {
        this.#fenced = new ProducerFencedError(this.#transactionalId, { cause: error });
        throw this.#fenced;
      }
      throw error;
    }
  }
}

/** True when the error, or one it wraps, is the broker saying a newer producer owns the id. */
function isFencing(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (e: unknown): boolean => {
    if (!e || typeof e !== 'object' || seen.has(e)) return false;
    seen.add(e);
    const { apiId, errors, cause } = e as { apiId?: unknown; errors?: unknown; cause?: unknown };
    if (typeof apiId === 'string' && FENCING_ERRORS.has(apiId)) return true;
    if (Array.isArray(errors) && errors.some(visit)) return true;
    return visit(cause);
  };
  return visit(error);
}
